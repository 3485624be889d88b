//! URL rewriting before fetching: mirrors, moved sites, a local test server.
//!
//! The rules follow lychee's `--remap`: a regex matched against the whole URL and a
//! replacement with `${1}` groups; the first rule that matches wins, so a specific rule
//! can be placed before a general one.

use regex::Regex;

use super::config::{Error, RemapRule};

/// Compiled remap rules.
#[derive(Debug, Default)]
pub(crate) struct Remap {
    rules: Vec<(Regex, String)>,
}

impl Remap {
    /// Compiles `rules`; a bad pattern is a configuration error.
    pub fn new(rules: &[RemapRule]) -> Result<Remap, Error> {
        let rules = rules
            .iter()
            .map(|r| {
                Regex::new(&r.pattern)
                    .map(|re| (re, r.replace.clone()))
                    .map_err(|source| Error::Remap {
                        pattern: r.pattern.clone(),
                        source,
                    })
            })
            .collect::<Result<_, _>>()?;
        Ok(Remap { rules })
    }

    /// The URL to fetch for `url`: rewritten by the first matching rule, else unchanged.
    pub fn apply(&self, url: &str) -> Option<String> {
        let (re, replace) = self.rules.iter().find(|(re, _)| re.is_match(url))?;
        Some(re.replace(url, replace.as_str()).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_matching_rule_rewrites_with_groups() {
        let rules = [
            RemapRule {
                pattern: r"^https://old\.example/(.*)$".into(),
                replace: "http://127.0.0.2:8080/${1}".into(),
            },
            RemapRule {
                pattern: r"example".into(),
                replace: "never".into(),
            },
        ];
        let remap = Remap::new(&rules).unwrap();
        assert_eq!(
            remap.apply("https://old.example/a/b?c=1").as_deref(),
            Some("http://127.0.0.2:8080/a/b?c=1")
        );
        assert_eq!(remap.apply("https://other.org/"), None);
    }

    #[test]
    fn bad_pattern_is_a_config_error() {
        let rules = [RemapRule {
            pattern: "(".into(),
            replace: String::new(),
        }];
        let err = Remap::new(&rules).unwrap_err();
        assert!(err.to_string().contains("invalid remap pattern '('"));
    }
}
