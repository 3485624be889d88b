//! What the charts count, gathered in one pass over the entries: verdicts by cited year,
//! by host and by title similarity, and the documents in the order they come.

use std::collections::BTreeMap;

use super::super::schema::Entry;
use crate::types::VerdictCode;

/// Citations per verdict, indexed by the verdict's place in [`VerdictCode::ALL`].
pub type Counts = [usize; VerdictCode::ALL.len()];

/// The place of `code` in [`VerdictCode::ALL`]: its index in [`Counts`] and its
/// severity rank (most severe first), which is also how the table sorts verdicts.
pub fn slot(code: VerdictCode) -> usize {
    VerdictCode::ALL
        .iter()
        .position(|c| *c == code)
        .unwrap_or(VerdictCode::ALL.len() - 1)
}

/// Bins of the similarity histogram, each a tenth wide.
pub const SIMILARITY_BINS: usize = 10;

/// The charts' data.
#[derive(Debug, Default)]
pub struct Stats {
    /// By cited year; `None` for citations without a date.
    pub years: BTreeMap<Option<u16>, Counts>,
    /// By host of the cited URL.
    pub hosts: BTreeMap<String, Counts>,
    /// By best title similarity, in tenths; citations whose titles were not compared
    /// are not counted.
    pub similarity: [Counts; SIMILARITY_BINS],
    /// Citations whose titles were compared.
    pub compared: usize,
    /// Every document, in the order its first citation comes.
    pub documents: Vec<String>,
}

impl Stats {
    /// Counts one entry.
    pub fn add(&mut self, e: &Entry) {
        let s = slot(e.verdict);
        let c = &e.citation;
        self.years.entry(c.date.map(|d| d.year)).or_default()[s] += 1;
        if let Some(url) = c.url.as_deref() {
            let host = crate::urls::host(url).unwrap_or_default();
            self.hosts.entry(host).or_default()[s] += 1;
        }
        if let Some(score) = e.scores.title_score.filter(|x| x.is_finite()) {
            let bin = (score.clamp(0.0, 1.0) * SIMILARITY_BINS as f64) as usize;
            self.similarity[bin.min(SIMILARITY_BINS - 1)][s] += 1;
            self.compared += 1;
        }
        if self.documents.last() != Some(&c.document) && !self.documents.contains(&c.document) {
            self.documents.push(c.document.clone());
        }
    }

    /// The index of `document` in [`Stats::documents`], for the table's filter.
    pub fn document_index(&self, document: &str) -> usize {
        self.documents
            .iter()
            .position(|d| d == document)
            .unwrap_or(0)
    }

    /// Hosts, worst first: most citations with a problem (dead, mismatched, not
    /// found), then most unverifiable, then most cited, then by name.
    pub fn worst_hosts(&self) -> Vec<(&str, &Counts)> {
        let mut hosts: Vec<(&str, &Counts)> =
            self.hosts.iter().map(|(h, c)| (h.as_str(), c)).collect();
        hosts.sort_by(|a, b| {
            let key = |c: &Counts| (problems(c), c[slot(VerdictCode::Unverifiable)], total(c));
            key(b.1).cmp(&key(a.1)).then_with(|| a.0.cmp(b.0))
        });
        hosts
    }
}

/// Citations in `c` whose verdict says something is wrong with the citation.
pub fn problems(c: &Counts) -> usize {
    [
        VerdictCode::Dead,
        VerdictCode::TitleMismatch,
        VerdictCode::DateMismatch,
        VerdictCode::NotFound,
    ]
    .iter()
    .map(|v| c[slot(*v)])
    .sum()
}

/// All citations in `c`.
pub fn total(c: &Counts) -> usize {
    c.iter().sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_follow_the_report_order() {
        for (i, code) in VerdictCode::ALL.iter().enumerate() {
            assert_eq!(slot(*code), i);
        }
    }

    #[test]
    fn worst_hosts_come_first() {
        let mut s = Stats::default();
        let mut counts = |host: &str, code: VerdictCode, n: usize| {
            s.hosts.entry(host.to_owned()).or_default()[slot(code)] += n;
        };
        counts("many.org", VerdictCode::Verified, 50);
        counts("walled.org", VerdictCode::Unverifiable, 3);
        counts("rotten.org", VerdictCode::Dead, 2);
        counts("b-moved.org", VerdictCode::TitleMismatch, 1);
        counts("a-moved.org", VerdictCode::TitleMismatch, 1);
        let order: Vec<&str> = s.worst_hosts().into_iter().map(|(h, _)| h).collect();
        assert_eq!(
            order,
            [
                "rotten.org",
                "a-moved.org",
                "b-moved.org",
                "walled.org",
                "many.org"
            ]
        );
    }
}
