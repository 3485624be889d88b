//! `citations.toml`: the corpus list and every setting, validated before anything runs.
//!
//! Layers, strongest first: command-line flag, `CITECHECK_*` environment variable (both
//! resolved by the CLI), this file, built-in defaults. Unknown keys are errors that name
//! the key, line and column: a typo must not silently fall back to a default.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::Error;

/// The file `check` and `extract` read when `--config` is not given.
pub const DEFAULT_FILE: &str = "citations.toml";

/// The settings as written in the file; every key optional.
#[derive(Debug, Default, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    /// Documents to check: paths or globs, relative to the config file.
    pub corpus: Option<Vec<String>>,
    /// Where `check` writes its reports.
    pub report_dir: Option<PathBuf>,
}

/// Validated settings, with defaults applied and paths resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Globs or paths of the corpus, resolved against the config file's folder.
    pub corpus: Vec<String>,
    /// Where reports go.
    pub report_dir: PathBuf,
    /// The folder the config file lives in (the current folder without one).
    pub root: PathBuf,
}

impl Config {
    /// Reads `path`; a missing default file means built-in defaults, a missing
    /// explicit file is an error.
    pub fn load(path: Option<&Path>) -> Result<Config, Error> {
        let (file, explicit) = match path {
            Some(p) => (p.to_path_buf(), true),
            None => (PathBuf::from(DEFAULT_FILE), false),
        };
        let root = file.parent().map(Path::to_path_buf).unwrap_or_default();
        match std::fs::read_to_string(&file) {
            Ok(text) => Config::parse(&text, &file.display().to_string(), root),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {
                Ok(RawConfig::default().validate(root))
            }
            Err(source) => Err(Error::Read { path: file, source }),
        }
    }

    /// Parses config text; `name` appears in error messages.
    pub fn parse(text: &str, name: &str, root: PathBuf) -> Result<Config, Error> {
        let raw: RawConfig =
            toml::from_str(text).map_err(|e| Error::Config(describe(name, text, &e)))?;
        Ok(raw.validate(root))
    }

    /// Expands the corpus globs into document paths, sorted, each glob matching
    /// at least one file.
    pub fn documents(&self) -> Result<Vec<PathBuf>, Error> {
        let mut out = Vec::new();
        for pattern in &self.corpus {
            let full = self.root.join(pattern);
            let full = full.to_string_lossy();
            let paths = glob::glob(&full)
                .map_err(|e| Error::Corpus(format!("corpus pattern '{pattern}': {e}")))?;
            let mut matched: Vec<PathBuf> = paths
                .filter_map(Result::ok)
                .filter(|p| p.is_file())
                .collect();
            if matched.is_empty() {
                return Err(Error::Corpus(format!(
                    "corpus pattern '{pattern}' matches no file"
                )));
            }
            matched.sort();
            out.extend(matched);
        }
        out.dedup();
        Ok(out)
    }
}

impl RawConfig {
    /// Applies defaults.
    pub fn validate(self, root: PathBuf) -> Config {
        Config {
            corpus: self.corpus.unwrap_or_default(),
            report_dir: self.report_dir.unwrap_or_else(|| PathBuf::from("reports")),
            root,
        }
    }
}

/// `citations.toml:3:1: unknown field `corpse`, expected ...`
fn describe(name: &str, text: &str, e: &toml::de::Error) -> String {
    let message = e.message().trim_end_matches('\n');
    match e.span() {
        Some(span) => {
            let (line, col) = line_col(text, span.start);
            format!("{name}:{line}:{col}: {message}")
        }
        None => format!("{name}: {message}"),
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_names_key_line_and_column() {
        let err = Config::parse(
            "corpus = [\"a.txt\"]\n\n  corpse = 1\n",
            "citations.toml",
            PathBuf::new(),
        )
        .unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.starts_with("citations.toml:3:3: unknown field `corpse`"),
            "{msg}"
        );
    }

    #[test]
    fn defaults() {
        let c = Config::parse("", "x", PathBuf::from("/r")).unwrap();
        assert_eq!(c.report_dir, PathBuf::from("reports"));
        assert!(c.corpus.is_empty());
    }
}
