//! The "By cited year" section of `report.md`: how the citations of each cited year
//! fared, the figure every reference-rot study draws (the older the citation, the likelier
//! its page is gone or changed). A Mermaid `xychart-beta` block, which GitHub draws as a
//! bar chart and which reads as plain numbers anywhere else, and a table of the counts.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::schema::Entry;
use crate::types::VerdictCode;

/// Counts per cited year (`None`: undated), gathered as the entries go by.
#[derive(Default)]
pub(super) struct Years {
    rows: BTreeMap<Option<u16>, BTreeMap<VerdictCode, usize>>,
}

impl Years {
    /// Counts `e` under the year its citation gives.
    pub fn count(&mut self, e: &Entry) {
        let year = e.citation.date.map(|d| d.year);
        *self
            .rows
            .entry(year)
            .or_default()
            .entry(e.verdict)
            .or_default() += 1;
    }

    /// The section: the chart when some dated citation was judged, then the table.
    /// Nothing when no citation gives a date.
    pub fn write(&self, out: &mut String) {
        if self.rows.keys().all(Option::is_none) {
            return;
        }
        out.push_str("## By cited year\n\n");
        self.chart(out);
        out.push_str(
            "| cited year | citations | verified | dead | mismatch | not found | unverifiable | skipped | failed, of judged |\n\
             |---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
        );
        // Undated citations last: the BTreeMap puts `None` first.
        let dated = self.rows.iter().filter(|(y, _)| y.is_some());
        for (year, row) in dated.chain(self.rows.get_key_value(&None)) {
            let n = |c: VerdictCode| row.get(&c).copied().unwrap_or(0);
            let (failed, judged) = failed_of_judged(row);
            let share = match judged {
                0 => "—".to_owned(),
                _ => format!("{}% ({failed} of {judged})", percent(failed, judged)),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {share} |",
                year.map_or_else(|| "undated".to_owned(), |y| y.to_string()),
                row.values().sum::<usize>(),
                n(VerdictCode::Verified),
                n(VerdictCode::Dead),
                n(VerdictCode::TitleMismatch) + n(VerdictCode::DateMismatch),
                n(VerdictCode::NotFound),
                n(VerdictCode::Unverifiable),
                n(VerdictCode::Skipped),
            );
        }
        out.push_str(
            "\n\"Failed\" is dead, title or date mismatch, or not found; \"judged\" leaves out \
             `unverifiable` and `skipped`, which are no evidence either way.\n\n",
        );
    }

    /// The share failed per dated year that has a judged citation, as a bar chart.
    fn chart(&self, out: &mut String) {
        let bars: Vec<(u16, usize)> = self
            .rows
            .iter()
            .filter_map(|(year, row)| {
                let (failed, judged) = failed_of_judged(row);
                Some((
                    year.as_ref().copied()?,
                    (judged > 0).then(|| percent(failed, judged))?,
                ))
            })
            .collect();
        if bars.is_empty() {
            return;
        }
        // Mermaid reads `%%` as the start of a comment: the chart avoids `%` altogether.
        let years: Vec<String> = bars.iter().map(|(y, _)| format!("\"{y}\"")).collect();
        let values: Vec<String> = bars.iter().map(|(_, v)| v.to_string()).collect();
        let _ = write!(
            out,
            "```mermaid\nxychart-beta\n    title \"Failed citations by cited year, percent of those judged\"\n    \
             x-axis \"cited year\" [{}]\n    y-axis \"percent failed\" 0 --> 100\n    bar [{}]\n```\n\n",
            years.join(", "),
            values.join(", ")
        );
    }
}

/// (failed, judged) for one year's counts.
fn failed_of_judged(row: &BTreeMap<VerdictCode, usize>) -> (usize, usize) {
    let n = |c: VerdictCode| row.get(&c).copied().unwrap_or(0);
    let failed = n(VerdictCode::Dead)
        + n(VerdictCode::TitleMismatch)
        + n(VerdictCode::DateMismatch)
        + n(VerdictCode::NotFound);
    (failed, failed + n(VerdictCode::Verified))
}

/// `part / whole` as a whole percentage, rounded half up.
fn percent(part: usize, whole: usize) -> usize {
    (part * 200 + whole) / (whole * 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(date: Option<&str>, verdict: VerdictCode) -> Entry {
        let date = date.map_or(String::new(), |d| format!(" {d},"));
        let mut c = crate::extract::parse_one(&format!("A, “A Title,”{date} https://a.org/x"));
        let citation = c.remove(0);
        let mut e = Entry::new(
            citation,
            None,
            None,
            crate::types::Verdict {
                verdict,
                reason: String::new(),
                evidence: Default::default(),
            },
            None,
        );
        e.verdict = verdict;
        e
    }

    #[test]
    fn chart_and_table_count_only_what_was_judged() {
        let mut years = Years::default();
        for (date, v) in [
            (Some("June 1, 2019"), VerdictCode::Dead),
            (Some("June 2, 2019"), VerdictCode::Verified),
            (Some("June 3, 2019"), VerdictCode::Verified),
            (Some("2023"), VerdictCode::Unverifiable),
            (Some("2021"), VerdictCode::TitleMismatch),
            (None, VerdictCode::Verified),
        ] {
            years.count(&entry(date, v));
        }
        let mut out = String::new();
        years.write(&mut out);
        assert!(
            out.contains("x-axis \"cited year\" [\"2019\", \"2021\"]\n"),
            "a year with nothing judged has no bar: {out}"
        );
        assert!(out.contains("    bar [33, 100]\n"), "{out}");
        assert!(
            out.contains("| 2019 | 3 | 2 | 1 | 0 | 0 | 0 | 0 | 33% (1 of 3) |"),
            "{out}"
        );
        assert!(
            out.contains("| 2023 | 1 | 0 | 0 | 0 | 0 | 1 | 0 | — |"),
            "{out}"
        );
        let undated = out.find("| undated | 1 | 1 |").unwrap();
        assert!(
            undated > out.find("| 2023 |").unwrap(),
            "undated comes last"
        );
    }

    #[test]
    fn nothing_without_dates_and_no_chart_without_judged_years() {
        let mut years = Years::default();
        years.count(&entry(None, VerdictCode::Dead));
        let mut out = String::new();
        years.write(&mut out);
        assert_eq!(out, "");
        years.count(&entry(Some("2020"), VerdictCode::Skipped));
        years.write(&mut out);
        assert!(out.starts_with("## By cited year\n\n| cited year"), "{out}");
        assert!(!out.contains("mermaid"), "{out}");
    }

    #[test]
    fn percentages_round_half_up() {
        assert_eq!(
            [
                percent(1, 3),
                percent(2, 3),
                percent(1, 2),
                percent(0, 5),
                percent(5, 5)
            ],
            [33, 67, 50, 0, 100]
        );
    }
}
