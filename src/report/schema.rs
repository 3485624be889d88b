//! `report.json`, version 1: the types a machine reads back (documented in
//! `docs/report-schema.md`). Fields are only ever added within a version; a field that
//! changes meaning or goes away bumps [`SCHEMA`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::types::{Citation, VerdictCode};

pub use super::entry::{Entry, FetchInfo};
use super::spool::Spool;

/// The schema identifier written at the top of every report.
pub const SCHEMA: &str = "citecheck/report/v1";

/// The whole report.
#[derive(Debug, Serialize, Deserialize)]
pub struct Report {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// What was run, when, how.
    pub run: RunFacts,
    /// Counts per verdict and the reliability score.
    pub summary: Summary,
    /// One entry per citation, documents in order, citations in document order.
    pub citations: Entries,
}

/// The entries of a report: in memory (a report read back, a single citation) or on disk
/// (a check, whose results stream there as pages arrive).
#[derive(Debug)]
pub enum Entries {
    /// Held in memory.
    Memory(Vec<Entry>),
    /// Spooled to a temporary file.
    Spooled(Spool),
}

impl Entries {
    /// The number of citations.
    pub fn len(&self) -> usize {
        match self {
            Entries::Memory(v) => v.len(),
            Entries::Spooled(s) => s.len(),
        }
    }

    /// True when there are no citations.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Calls `f` with every entry in order; reading a spool back can fail.
    pub fn for_each(&self, mut f: impl FnMut(&Entry)) -> std::io::Result<()> {
        match self {
            Entries::Memory(v) => {
                v.iter().for_each(f);
                Ok(())
            }
            Entries::Spooled(s) => s.for_each(&mut f),
        }
    }

    /// Like [`Entries::for_each`], where a spooled entry's page metadata holds only what
    /// a reader is shown (title, date, site, flags): for the Markdown and CI reports.
    pub fn for_each_slim(&self, f: impl FnMut(&Entry)) -> std::io::Result<()> {
        match self {
            Entries::Spooled(s) => s.for_each_slim(f),
            memory => memory.for_each(f),
        }
    }

    /// Every entry in memory: for reports small enough to hold, or that must be sorted.
    pub fn into_vec(self) -> std::io::Result<Vec<Entry>> {
        match self {
            Entries::Memory(v) => Ok(v),
            Entries::Spooled(s) => {
                let mut v = Vec::with_capacity(s.len());
                s.for_each(|e| v.push(e.clone()))?;
                Ok(v)
            }
        }
    }
}

impl Serialize for Entries {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeSeq};
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        let mut failed = None;
        let read = self.for_each(|e| {
            if failed.is_none() {
                if let Err(err) = seq.serialize_element(e) {
                    failed = Some(err);
                }
            }
        });
        if let Some(err) = failed {
            return Err(err);
        }
        read.map_err(S::Error::custom)?;
        seq.end()
    }
}

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<Entry>::deserialize(deserializer).map(Entries::Memory)
    }
}

/// The facts of a run that explain its results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunFacts {
    /// The tool's version.
    pub tool: String,
    /// The day of the check (`YYYY-MM-DD`, UTC; `SOURCE_DATE_EPOCH` when set).
    pub date: String,
    /// The documents checked, as given.
    pub documents: Vec<String>,
    /// The settings that shape the results.
    pub settings: Settings,
    /// True when no host could be reached: nothing was judged dead.
    pub network_unreachable: bool,
    /// Why the network was judged unreachable, or why missing names proved nothing
    /// (what the canaries answered); null when the failures of the run stand.
    #[serde(default)]
    pub network_detail: Option<String>,
    /// True when the run was stopped before every URL was fetched, or a merge lacks
    /// shards or mixes runs (see `merge_problems`).
    pub incomplete: bool,
    /// What a merge found wrong with its shards (missing, given twice, other settings);
    /// empty for a run, and for the merge of exactly the shards of one run.
    #[serde(default)]
    pub merge_problems: Vec<String>,
    /// `K/N` when only one shard of the corpus was checked.
    pub shard: Option<String>,
    /// What `--save-live` asked the Internet Archive to capture, and how it went.
    #[serde(default)]
    pub saved: Vec<crate::types::SavedPage>,
}

/// The settings a reader needs to judge the results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// Minimum time between two requests to one host, in milliseconds.
    pub host_request_interval_ms: u64,
    /// Requests in flight to one host.
    pub host_concurrency: usize,
    /// Requests in flight overall.
    pub max_concurrency: usize,
    /// Limit on one request, in milliseconds.
    pub timeout_ms: u64,
    /// Retries after transient failures.
    pub max_retries: u32,
    /// Whether the cache was used.
    pub cache: bool,
    /// Whether only the cache was read.
    pub offline: bool,
    /// Verdicts that fail the run.
    pub fail_on: Vec<VerdictCode>,
}

/// Counts per verdict, and the share of checkable citations that were verified.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Citations in the report.
    pub citations: usize,
    /// Citations with a URL.
    pub with_url: usize,
    /// Distinct URLs fetched.
    pub distinct_urls: usize,
    /// Citations per verdict code (every code present, zero included).
    pub verdicts: BTreeMap<VerdictCode, usize>,
    /// Citations that could be judged: all but `skipped`.
    pub checkable: usize,
    /// `verified / checkable`, or null when nothing was checkable. An `unverifiable`
    /// citation (a bot wall, a timeout) counts against it: kept as it was for v1's
    /// readers; [`Summary::judged_reliability`] is the figure the reports show.
    pub reliability: Option<f64>,
    /// Citations that could be judged either way: `verified`, `dead`, `title-mismatch`,
    /// `date-mismatch` and `not-found` (not `unverifiable`, `failing` or `skipped`).
    #[serde(default)]
    pub judged: usize,
    /// `verified / judged`, three decimals, or null when nothing could be judged: a bot
    /// wall is no evidence against the document, so it is not counted.
    #[serde(default)]
    pub judged_reliability: Option<f64>,
    /// Citations whose verdict is in the `fail_on` policy, the baselined ones aside.
    pub failing: usize,
    /// Citations whose verdict is in the policy but whose finding is in the baseline:
    /// reported, failing nothing.
    #[serde(default)]
    pub baselined: usize,
}

impl Summary {
    /// Counts `entries`, with `fail_on` as the policy.
    pub fn of(entries: &Entries, fail_on: &[VerdictCode]) -> std::io::Result<Summary> {
        let mut verdicts: BTreeMap<VerdictCode, usize> =
            VerdictCode::ALL.iter().map(|c| (*c, 0)).collect();
        let (mut with_url, mut failing, mut accepted) = (0, 0, 0);
        let mut count = |verdict: VerdictCode, has_url: bool, baselined: bool| {
            *verdicts.entry(verdict).or_default() += 1;
            with_url += usize::from(has_url);
            // A finding in the baseline is reported but fails nothing: only new ones do.
            failing += usize::from(fail_on.contains(&verdict) && !baselined);
            accepted += usize::from(fail_on.contains(&verdict) && baselined);
        };
        let distinct_urls = match entries {
            Entries::Memory(v) => {
                let mut urls = std::collections::HashSet::new();
                for e in v {
                    count(e.verdict, e.citation.url.is_some(), e.baselined);
                    urls.extend(e.citation.url.as_deref());
                }
                urls.len()
            }
            // The spool keeps each verdict beside its record: no need to read them back.
            Entries::Spooled(s) => {
                s.for_each_brief(&mut count)?;
                s.distinct_urls()
            }
        };
        let skipped = verdicts[&VerdictCode::Skipped];
        let checkable = entries.len() - skipped;
        let verified = verdicts[&VerdictCode::Verified];
        // A failure not yet confirmed over time is no more evidence than a bot wall.
        let judged =
            checkable - verdicts[&VerdictCode::Unverifiable] - verdicts[&VerdictCode::Failing];
        let share =
            |n: usize| (n > 0).then(|| ((verified as f64 / n as f64) * 1000.0).round() / 1000.0);
        Ok(Summary {
            citations: entries.len(),
            with_url,
            distinct_urls,
            failing,
            baselined: accepted,
            verdicts,
            checkable,
            reliability: share(checkable),
            judged,
            judged_reliability: share(judged),
        })
    }
}

impl Report {
    /// A report of `entries`, summarised under the policy in `run.settings.fail_on`.
    pub fn new(run: RunFacts, entries: Entries) -> std::io::Result<Report> {
        let summary = Summary::of(&entries, &run.settings.fail_on)?;
        Ok(Report {
            schema: SCHEMA.to_owned(),
            run,
            summary,
            citations: entries,
        })
    }

    /// Pretty JSON with passwords in URLs masked, ending in a newline.
    pub fn to_json(&self) -> String {
        // Writing to memory cannot fail, and the report's types always serialize.
        super::redact::to_json(self).unwrap_or_default()
    }

    /// Streams [`Report::to_json`] into `w`: the entries of a check are read back from
    /// the spool and written one at a time.
    pub fn write_json<W: std::io::Write>(&self, w: W) -> std::io::Result<()> {
        let mut w = std::io::BufWriter::with_capacity(64 * 1024, w);
        super::redact::write_json(&mut w, self)?;
        std::io::Write::flush(&mut w)
    }
}

/// The UTC calendar day (`YYYY-MM-DD`) of a Unix time.
pub fn utc_date(unix_secs: u64) -> String {
    let days = i64::try_from(unix_secs / 86_400).unwrap_or(0);
    let (y, m, d) = crate::date::civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

impl Report {
    /// Joins the reports of shards of one corpus into one report, citations back in
    /// document order. The reports must share a schema version and a policy.
    pub fn merge(reports: Vec<Report>) -> Result<Report, String> {
        let mut reports = reports.into_iter();
        let Some(first) = reports.next() else {
            return Err("nothing to merge".to_owned());
        };
        let schema = |r: &Report| {
            if r.schema == SCHEMA {
                Ok(())
            } else {
                Err(format!("cannot merge a report of schema '{}'", r.schema))
            }
        };
        schema(&first)?;
        let mut run = first.run;
        let unread = |e: std::io::Error| format!("cannot read a report back: {e}");
        let mut entries = first.citations.into_vec().map_err(unread)?;
        for r in reports {
            schema(&r)?;
            if r.run.settings.fail_on != run.settings.fail_on {
                return Err("the reports were made with different `fail_on` policies".to_owned());
            }
            for d in r.run.documents {
                if !run.documents.contains(&d) {
                    run.documents.push(d);
                }
            }
            run.saved.extend(r.run.saved);
            run.network_unreachable &= r.run.network_unreachable;
            run.incomplete |= r.run.incomplete;
            run.date = run.date.max(r.run.date);
            entries.extend(r.citations.into_vec().map_err(unread)?);
        }
        let position = |doc: &str| {
            run.documents
                .iter()
                .position(|d| d == doc)
                .unwrap_or(usize::MAX)
        };
        // Two citations of one footnote share a line: the one cited first in the note
        // comes first, as in the document.
        let within = |c: &Citation| {
            c.url
                .as_deref()
                .or(c.title.as_deref())
                .and_then(|needle| c.raw.find(needle))
                .unwrap_or(0)
        };
        entries.sort_by_cached_key(|e| {
            let c = &e.citation;
            (position(&c.document), c.line, within(c))
        });
        run.shard = None;
        Report::new(run, Entries::Memory(entries)).map_err(unread)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(schema: &str) -> Report {
        let run = RunFacts {
            tool: "citecheck 0.1.0".to_owned(),
            date: "2026-01-01".to_owned(),
            documents: vec!["a.md".to_owned()],
            settings: Settings {
                host_request_interval_ms: 1000,
                host_concurrency: 2,
                max_concurrency: 64,
                timeout_ms: 30_000,
                max_retries: 3,
                cache: true,
                offline: false,
                fail_on: vec![VerdictCode::Dead],
            },
            network_unreachable: false,
            network_detail: None,
            incomplete: false,
            merge_problems: Vec::new(),
            shard: Some("1/2".to_owned()),
            saved: Vec::new(),
        };
        let mut r = Report::new(run, Entries::Memory(Vec::new())).unwrap();
        r.schema = schema.to_owned();
        r
    }

    #[test]
    fn merge_checks_every_reports_schema_the_first_included() {
        let future = "citecheck/report/v2";
        for reports in [
            vec![report(future), report(SCHEMA)],
            vec![report(SCHEMA), report(future)],
            vec![report(future)],
        ] {
            let err = Report::merge(reports).unwrap_err();
            assert!(err.contains("citecheck/report/v2"), "{err}");
        }
        let merged = Report::merge(vec![report(SCHEMA), report(SCHEMA)]).unwrap();
        assert_eq!((merged.schema.as_str(), merged.run.shard), (SCHEMA, None));
    }

    #[test]
    fn dates() {
        assert_eq!(utc_date(0), "1970-01-01");
        assert_eq!(utc_date(1_709_164_800), "2024-02-29");
        assert_eq!(utc_date(1_795_651_200), "2026-11-26");
    }
}
