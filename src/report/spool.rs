//! The citations of a report, kept on disk while a check runs, so that a run of any size
//! holds a few bytes per citation in memory rather than its entries.
//!
//! Entries arrive in the order their pages do and are read back in document order, so
//! each is a record in an anonymous temporary file, found by its offset. A record is the
//! entry in a compact binary form (postcard), with what a reader is shown first and the
//! page's candidate lists and lead last: the Markdown and CI reports decode the front of
//! each record, `report.json` the whole of it. A record that changes after it was
//! written (an archived copy found later, a network that turned out to be down) is
//! written again at the end and the index moved; the file only ever grows, and a run
//! rewrites few records.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::entry::{Entry, FetchInfo};
use crate::types::{
    ArchiveLookup, BiblioLookup, Citation, DateCandidate, Evidence, HistoryNote, PageKind,
    PageMeta, Snapshot, TitleCandidate, VerdictCode,
};

/// Entries by citation number, on disk.
#[derive(Debug)]
pub struct Spool {
    inner: Mutex<Inner>,
    /// Distinct URLs among the citations, as counted by whoever filled the spool.
    distinct_urls: usize,
}

#[derive(Debug)]
struct Inner {
    file: File,
    /// Where the records end, counting those still in `pending`: the next goes there.
    end: u64,
    /// Records not yet written to the file (they start at `end - pending.len()`): one
    /// write per batch instead of a seek and a write per record.
    pending: Vec<u8>,
    /// Where each citation's record is, once written.
    index: Vec<Option<Slot>>,
    /// The first write that failed; later writes are dropped and reading reports it.
    failed: Option<io::ErrorKind>,
}

/// Bytes of records gathered before they are written to the file.
const PENDING_BYTES: usize = 256 * 1024;

impl Inner {
    /// Writes the pending records at the end of the file.
    fn flush(&mut self) -> io::Result<()> {
        let start = self.end - self.pending.len() as u64;
        self.file.seek(SeekFrom::Start(start))?;
        self.file.write_all(&self.pending)?;
        self.pending.clear();
        Ok(())
    }
}

/// Where a record is, and what the summary needs of it without reading it.
#[derive(Debug, Clone, Copy)]
struct Slot {
    at: u64,
    len: u32,
    verdict: VerdictCode,
    has_url: bool,
    baselined: bool,
}

/// A record as written: what a reader is shown, then the rest of the page's metadata.
#[derive(Serialize)]
struct RecordRef<'a> {
    shown: ShownRef<'a>,
    page_rest: Option<PageRestRef<'a>>,
}

/// The front of a record: the entry without the page's candidate lists and lead, the
/// citation nested (postcard cannot read serde's flattened form).
#[derive(Serialize)]
struct ShownRef<'a> {
    citation: &'a Citation,
    verdict: VerdictCode,
    reason: &'a str,
    fetch: &'a Option<FetchInfo>,
    page_meta: Option<SlimMetaRef<'a>>,
    scores: &'a Evidence,
    archive: &'a Option<Snapshot>,
    archive_lookup: &'a Option<ArchiveLookup>,
    history: &'a Option<HistoryNote>,
    baselined: bool,
    biblio: &'a Option<BiblioLookup>,
}

/// [`SlimMeta`], as written.
#[derive(Serialize)]
struct SlimMetaRef<'a> {
    title: &'a Option<String>,
    date: &'a Option<String>,
    modified: &'a Option<String>,
    site_name: &'a Option<String>,
    kind: PageKind,
    soft_404: bool,
    blocked: bool,
    flag_reason: &'a Option<String>,
}

/// [`PageRest`], as written.
#[derive(Serialize)]
struct PageRestRef<'a> {
    titles: &'a [TitleCandidate],
    dates: &'a [DateCandidate],
    lead: &'a str,
}

impl<'a> From<&'a Entry> for RecordRef<'a> {
    fn from(e: &'a Entry) -> RecordRef<'a> {
        let meta = e.page_meta.as_ref();
        RecordRef {
            shown: ShownRef {
                citation: &e.citation,
                verdict: e.verdict,
                reason: &e.reason,
                fetch: &e.fetch,
                page_meta: meta.map(|m| SlimMetaRef {
                    title: &m.title,
                    date: &m.date,
                    modified: &m.modified,
                    site_name: &m.site_name,
                    kind: m.kind,
                    soft_404: m.soft_404,
                    blocked: m.blocked,
                    flag_reason: &m.flag_reason,
                }),
                scores: &e.scores,
                archive: &e.archive,
                archive_lookup: &e.archive_lookup,
                history: &e.history,
                baselined: e.baselined,
                biblio: &e.biblio,
            },
            page_rest: meta.map(|m| PageRestRef {
                titles: &m.titles,
                dates: &m.dates,
                lead: &m.lead,
            }),
        }
    }
}

/// A whole record, as read back.
#[derive(Deserialize)]
struct Record {
    shown: Shown,
    page_rest: Option<PageRest>,
}

/// The front of a record, as read back.
#[derive(Deserialize)]
struct Shown {
    citation: Citation,
    verdict: VerdictCode,
    reason: String,
    fetch: Option<FetchInfo>,
    page_meta: Option<SlimMeta>,
    scores: Evidence,
    archive: Option<Snapshot>,
    archive_lookup: Option<ArchiveLookup>,
    history: Option<HistoryNote>,
    baselined: bool,
    biblio: Option<BiblioLookup>,
}

/// A page's metadata without its candidate lists and lead: what readers are shown.
#[derive(Deserialize)]
struct SlimMeta {
    title: Option<String>,
    date: Option<String>,
    modified: Option<String>,
    site_name: Option<String>,
    kind: PageKind,
    soft_404: bool,
    blocked: bool,
    flag_reason: Option<String>,
}

/// The rest of a page's metadata.
#[derive(Deserialize)]
struct PageRest {
    titles: Vec<TitleCandidate>,
    dates: Vec<DateCandidate>,
    lead: String,
}

impl From<SlimMeta> for PageMeta {
    fn from(m: SlimMeta) -> PageMeta {
        PageMeta {
            title: m.title,
            date: m.date,
            modified: m.modified,
            site_name: m.site_name,
            kind: m.kind,
            soft_404: m.soft_404,
            blocked: m.blocked,
            flag_reason: m.flag_reason,
            ..PageMeta::default()
        }
    }
}

impl From<Shown> for Entry {
    fn from(c: Shown) -> Entry {
        Entry {
            citation: c.citation,
            verdict: c.verdict,
            reason: c.reason,
            fetch: c.fetch,
            page_meta: c.page_meta.map(Into::into),
            scores: c.scores,
            archive: c.archive,
            archive_lookup: c.archive_lookup,
            history: c.history,
            baselined: c.baselined,
            biblio: c.biblio,
        }
    }
}

impl From<Record> for Entry {
    fn from(r: Record) -> Entry {
        let mut entry = Entry::from(r.shown);
        if let (Some(meta), Some(rest)) = (entry.page_meta.as_mut(), r.page_rest) {
            meta.titles = rest.titles;
            meta.dates = rest.dates;
            meta.lead = rest.lead;
        }
        entry
    }
}

/// A record that could not be written or read back: only a bug in this module (the
/// structs out of step) or a corrupted temporary file can cause it.
fn record_error(e: postcard::Error) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("spooled entry: {e}"))
}

impl Spool {
    /// An empty spool for `len` citations citing `distinct_urls` URLs, in the system's
    /// temporary folder (the file has no name and disappears with the process).
    pub fn new(len: usize, distinct_urls: usize) -> io::Result<Spool> {
        Ok(Spool::in_file(tempfile::tempfile()?, len, distinct_urls))
    }

    fn in_file(file: File, len: usize, distinct_urls: usize) -> Spool {
        Spool {
            inner: Mutex::new(Inner {
                file,
                end: 0,
                pending: Vec::new(),
                index: vec![None; len],
                failed: None,
            }),
            distinct_urls,
        }
    }

    /// The number of citations.
    pub fn len(&self) -> usize {
        self.lock().index.len()
    }

    /// True when there are no citations.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Distinct URLs among the citations.
    pub fn distinct_urls(&self) -> usize {
        self.distinct_urls
    }

    /// True when citation `i` has its entry.
    pub fn has(&self, i: usize) -> bool {
        self.lock().index.get(i).is_some_and(Option::is_some)
    }

    /// Stores the entry of citation `i`, replacing any earlier one. A failed write is kept
    /// and reported by every later read, so that a full disk fails the report, not the
    /// fetching task that happened to write.
    pub fn put(&self, i: usize, entry: &Entry) {
        let mut record = Vec::with_capacity(2048);
        let encoded = postcard::to_io(&RecordRef::from(entry), &mut record)
            .map(|_| ())
            .map_err(record_error);
        let mut inner = self.lock();
        if inner.failed.is_some() {
            return;
        }
        let written = encoded.and_then(|()| {
            let len = u32::try_from(record.len())
                .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "entry too large"))?;
            let at = inner.end;
            inner.pending.extend_from_slice(&record);
            inner.end += u64::from(len);
            if inner.pending.len() >= PENDING_BYTES {
                inner.flush()?;
            }
            Ok(Slot {
                at,
                len,
                verdict: entry.verdict,
                has_url: entry.citation.url.is_some(),
                baselined: entry.baselined,
            })
        });
        match written {
            Ok(slot) => {
                if let Some(place) = inner.index.get_mut(i) {
                    *place = Some(slot);
                }
            }
            Err(e) => inner.failed = Some(e.kind()),
        }
    }

    /// The entry of citation `i`, if it has one.
    pub fn get(&self, i: usize) -> io::Result<Option<Entry>> {
        let mut buf = Vec::new();
        if !self.read(i, &mut buf)? {
            return Ok(None);
        }
        Ok(Some(whole(&buf)?))
    }

    /// Calls `f` with every entry in citation order. A citation without an entry is an
    /// error: a report must never silently lose one.
    pub fn for_each(&self, mut f: impl FnMut(&Entry)) -> io::Result<()> {
        self.each_record(|bytes| {
            f(&whole(bytes)?);
            Ok(())
        })
    }

    /// Like [`Spool::for_each`], with each page's metadata cut to what a reader is shown
    /// (no candidate lists, no lead): only the front of each record is decoded.
    pub fn for_each_slim(&self, mut f: impl FnMut(&Entry)) -> io::Result<()> {
        self.each_record(|bytes| {
            let (shown, _) = postcard::take_from_bytes::<Shown>(bytes).map_err(record_error)?;
            f(&shown.into());
            Ok(())
        })
    }

    /// Calls `f` with every entry's verdict, whether its citation has a URL and whether it is
    /// in the baseline, in citation order, without reading the file.
    pub fn for_each_brief(&self, mut f: impl FnMut(VerdictCode, bool, bool)) -> io::Result<()> {
        let inner = self.lock();
        for (i, slot) in inner.index.iter().enumerate() {
            let slot = slot.ok_or_else(|| missing(i))?;
            f(slot.verdict, slot.has_url, slot.baselined);
        }
        Ok(())
    }

    fn each_record(&self, mut f: impl FnMut(&[u8]) -> io::Result<()>) -> io::Result<()> {
        let mut buf = Vec::with_capacity(4096);
        for i in 0..self.len() {
            if !self.read(i, &mut buf)? {
                return Err(missing(i));
            }
            f(&buf)?;
        }
        Ok(())
    }

    /// Reads record `i` into `buf`; false when it has no record.
    fn read(&self, i: usize, buf: &mut Vec<u8>) -> io::Result<bool> {
        let mut inner = self.lock();
        if let Some(kind) = inner.failed {
            return Err(io::Error::new(
                kind,
                "cannot write the results to a temporary file",
            ));
        }
        let Some(&Some(slot)) = inner.index.get(i) else {
            return Ok(false);
        };
        if !inner.pending.is_empty() {
            inner.flush()?;
        }
        buf.resize(slot.len as usize, 0);
        inner.file.seek(SeekFrom::Start(slot.at))?;
        inner.file.read_exact(buf)?;
        Ok(true)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        crate::lock(&self.inner)
    }
}

/// A whole record decoded into its entry.
fn whole(bytes: &[u8]) -> io::Result<Entry> {
    Ok(postcard::from_bytes::<Record>(bytes)
        .map_err(record_error)?
        .into())
}

fn missing(i: usize) -> io::Error {
    io::Error::new(
        io::ErrorKind::NotFound,
        format!("citation {i} has no result"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::compare;
    use crate::extract::parse_one;

    fn entry(note: &str) -> Entry {
        let mut c = parse_one("“A Title,” Example, June 1, 2023, https://example.org/a.").remove(0);
        c.note = note.to_owned();
        let verdict = compare(&c, None, None);
        Entry::new(c, None, None, verdict, None)
    }

    #[test]
    fn entries_come_back_in_citation_order_whatever_the_order_written() {
        let spool = Spool::new(3, 1).unwrap();
        spool.put(2, &entry("c"));
        spool.put(0, &entry("a"));
        assert!(!spool.has(1));
        assert!(
            spool.for_each(|_| {}).is_err(),
            "a missing entry is an error"
        );
        spool.put(1, &entry("b"));
        spool.put(0, &entry("a2"));
        let mut seen = Vec::new();
        spool
            .for_each(|e| seen.push(e.citation.note.clone()))
            .unwrap();
        assert_eq!(seen, ["a2", "b", "c"]);
        assert_eq!(spool.get(2).unwrap(), Some(entry("c")));
        assert_eq!(spool.get(7).unwrap(), None);
    }

    #[test]
    fn records_written_in_batches_read_back_whole() {
        // Entries of ~20 KB each: the pending batch is written out several times, and a
        // read in the middle writes out what is pending before it.
        let n = 60;
        let spool = Spool::new(n, 1).unwrap();
        let big = |i: usize| entry(&format!("{i}-{}", "x".repeat(20_000)));
        for i in 0..n / 2 {
            spool.put(i, &big(i));
        }
        assert_eq!(spool.get(3).unwrap(), Some(big(3)));
        for i in n / 2..n {
            spool.put(i, &big(i));
        }
        let mut seen = 0;
        spool
            .for_each(|e| {
                assert_eq!(*e, big(seen));
                seen += 1;
            })
            .unwrap();
        assert_eq!(seen, n);
    }

    #[test]
    fn every_field_reads_back_whole_and_slim() {
        // Every optional field filled, so that the binary form cannot drop or misread
        // one (postcard has no field names to catch a struct out of step).
        let mut c = parse_one(
            "John Smith, “A Title,” Example Review, June 1, 2023, https://example.org/a, accessed May 2, 2024.",
        )
        .remove(0);
        c.authors = vec!["A. Writer".to_owned(), "作者".to_owned()];
        let mut f = crate::types::Fetched::new("https://example.org/a");
        f.status = Some(403);
        f.remapped = Some("http://127.0.0.2:1/a".to_owned());
        f.final_url = "https://example.org/b?x=1&y=\"2\"".to_owned();
        f.redirects = vec![crate::types::Redirect {
            url: "https://example.org/a".to_owned(),
            status: 301,
        }];
        f.outcome = crate::types::FetchOutcome::Blocked;
        f.failure = Some(crate::types::TransportFailure::Connect);
        f.detail = Some("line one\nline two \u{1b}[31m".to_owned());
        f.content_type = Some("text/html; charset=GBK".to_owned());
        f.attempts = 3;
        f.from_cache = true;
        let mut page = crate::inspect::inspect_text(
            "<html><head><title>A Title | Example</title><meta property=og:site_name content=Example></head><body><h1>A Title</h1><time datetime=2023-06-01>x</time></body></html>",
            Some("https://example.org/a"),
        );
        page.modified = Some("2024-01-02".to_owned());
        page.soft_404 = true;
        page.blocked = true;
        page.flag_reason = Some("a bot wall".to_owned());
        let verdict = compare(&c, Some(&f), Some(&page));
        let archive = Some(Snapshot {
            url: "https://web.archive.org/web/2023/https://example.org/a".to_owned(),
            date: Some("2023-06-02".to_owned()),
            source: crate::types::SnapshotSource::Memento,
            archive: Some("Internet Archive".to_owned()),
            checked: Some(crate::types::SnapshotCheck {
                verdict: VerdictCode::Verified,
                reason: "the title matches".to_owned(),
                title: Some("A".to_owned()),
            }),
        });
        let mut full = Entry::new(c, Some(&f), Some(page), verdict, archive);
        full.history = Some(HistoryNote {
            checks: 4,
            failing_since: Some("2026-12-01".to_owned()),
            failures: 2,
            flaky: true,
            ..HistoryNote::default()
        });
        full.baselined = true;
        let spool = Spool::new(1, 1).unwrap();
        spool.put(0, &full);
        assert_eq!(spool.get(0).unwrap().as_ref(), Some(&full));
        let mut slim = Vec::new();
        spool.for_each_slim(|e| slim.push(e.clone())).unwrap();
        let mut expected = full.clone();
        if let Some(m) = expected.page_meta.as_mut() {
            m.titles.clear();
            m.dates.clear();
            m.lead.clear();
        }
        assert_eq!(slim, [expected]);
        assert!(full.archive.is_some() && full.fetch.as_ref().is_some_and(|f| f.failure.is_some()));
    }

    #[test]
    fn whole_slim_and_brief_reads_agree() {
        let mut c = parse_one("“A Title,” Example, June 1, 2023, https://example.org/a.").remove(0);
        c.authors = vec!["A. Writer".to_owned()];
        let mut f = crate::types::Fetched::new("https://example.org/a");
        f.status = Some(200);
        let page = crate::inspect::inspect_text(
            "<html><head><title>A Title | Example</title></head><body><h1>A Title</h1></body></html>",
            Some("https://example.org/a"),
        );
        let verdict = compare(&c, Some(&f), Some(&page));
        let full = Entry::new(c, Some(&f), Some(page), verdict, None);
        let spool = Spool::new(2, 1).unwrap();
        spool.put(1, &full);
        spool.put(0, &entry("x"));
        assert_eq!(spool.get(1).unwrap().as_ref(), Some(&full));
        let mut slim = Vec::new();
        spool.for_each_slim(|e| slim.push(e.clone())).unwrap();
        let (meta, shown) = (
            full.page_meta.as_ref().unwrap(),
            slim[1].page_meta.as_ref().unwrap(),
        );
        assert!(!meta.titles.is_empty() && shown.titles.is_empty() && shown.lead.is_empty());
        assert_eq!((&shown.title, &shown.date), (&meta.title, &meta.date));
        assert_eq!(slim[1].citation, full.citation);
        let mut whole = Vec::new();
        spool.for_each(|e| whole.push(e.clone())).unwrap();
        assert_eq!(whole, [entry("x"), full.clone()]);
        let mut briefs = Vec::new();
        spool
            .for_each_brief(|v, has_url, _| briefs.push((v, has_url)))
            .unwrap();
        assert_eq!(briefs, [(entry("x").verdict, true), (full.verdict, true)]);
        assert_eq!(spool.distinct_urls(), 1);
    }
}
