//! Words that introduce a cited work after explanatory text (`...。参见 A, “B,” ...`,
//! `Background. See also Smith, ...`), found by one Aho-Corasick pass.
//!
//! Both the note splitter and the reference reader look for them; they meet here so
//! that neither depends on the other.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

/// A list of lead-in words and the automaton that finds them, built on first use.
#[derive(Debug)]
pub(super) struct Leads {
    words: &'static [&'static str],
    automaton: OnceLock<Option<AhoCorasick>>,
}

impl Leads {
    /// A list of lead-in words; nothing is built until the first search.
    pub(super) const fn new(words: &'static [&'static str]) -> Leads {
        Leads {
            words,
            automaton: OnceLock::new(),
        }
    }

    /// The places in `text` where one of the words starts, with that word, in order
    /// of position; where two start at one place, the longer (`See also ` over `See `).
    pub(super) fn find<'a>(&'a self, text: &str) -> Vec<(usize, &'a str)> {
        let Some(automaton) = self.automaton.get_or_init(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(self.words)
                .ok()
        }) else {
            return Vec::new();
        };
        automaton
            .find_iter(text)
            .filter_map(|m| Some((m.start(), *self.words.get(m.pattern().as_usize())?)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_start_in_order() {
        static LEADS: Leads = Leads::new(&["See also ", "See ", "参见", "see "]);
        assert_eq!(
            LEADS.find("A. See also B; 参见 C, see D"),
            vec![(3, "See also "), (15, "参见"), (25, "see ")]
        );
        assert!(LEADS.find("nothing").is_empty());
    }
}
