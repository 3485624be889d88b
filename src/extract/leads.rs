//! Words that introduce a cited work after explanatory text (`...。参见 A, “B,” ...`,
//! `Background. See also Smith, ...`), found by one Aho-Corasick pass.
//!
//! Both the note splitter and the reference reader look for them; they meet here so
//! that neither depends on the other.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

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

    /// Every place in `text` where one of the words starts, with that word, in order
    /// of position (and of the list at one position).
    pub(super) fn find<'a>(&'a self, text: &str) -> Vec<(usize, &'a str)> {
        let Some(automaton) = self
            .automaton
            .get_or_init(|| AhoCorasick::new(self.words).ok())
        else {
            return Vec::new();
        };
        let mut found: Vec<(usize, usize)> = automaton
            .find_overlapping_iter(text)
            .map(|m| (m.start(), m.pattern().as_usize()))
            .collect();
        found.sort_unstable();
        found
            .into_iter()
            .filter_map(|(at, k)| Some((at, *self.words.get(k)?)))
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
            vec![(3, "See also "), (3, "See "), (15, "参见"), (25, "see ")]
        );
        assert!(LEADS.find("nothing").is_empty());
    }
}
