//! The main job as a library: fetch every distinct URL once, inspect each page as it
//! arrives, judge every citation, and look up archived copies of what is gone.
//!
//! Pages are inspected on the fetching task the moment they arrive, judged, and their
//! citations' entries written to a [`Spool`] on disk; the body, the page's metadata and
//! the fetch record are then dropped. A run holds the bodies in flight, the citations it
//! was given and a few bytes per citation — never a record per page fetched.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::sync::{Arc, Mutex};

use tokio::task::JoinSet;

use crate::archive::Archive;
use crate::compare::compare;
use crate::date::PartialDate;
use crate::fetch::Fetcher;
use crate::inspect;
use crate::lock;
use crate::report::schema::{Entries, Entry};
use crate::report::Spool;
use crate::types::{Citation, Fetched, PageMeta, Snapshot, Verdict, VerdictCode};

/// What a check produced, before it becomes a report.
#[derive(Debug)]
pub struct Checked {
    /// One entry per citation, in the order given.
    pub entries: Entries,
    /// True when no host could be reached at all.
    pub network_unreachable: bool,
    /// True when `stop` ended the run early.
    pub interrupted: bool,
}

/// Checks `citations`. `progress` sees each fetch as it ends; when `stop` completes the
/// run winds down and what was fetched is judged (the rest is `skipped`). Fails only when
/// the results cannot be written to a temporary file.
pub async fn check<P, S>(
    citations: Vec<Citation>,
    fetcher: &Fetcher,
    archive: Option<&Archive>,
    progress: P,
    stop: S,
) -> io::Result<Checked>
where
    P: Fn(&Fetched) + Send + Sync + 'static,
    S: Future<Output = ()>,
{
    let mut citing: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, c) in citations.iter().enumerate() {
        if let Some(url) = &c.url {
            citing.entry(url.clone()).or_default().push(i);
        }
    }
    let urls: Vec<String> = citing.keys().cloned().collect();
    let spool = Arc::new(Spool::new(citations.len(), citing.len())?);
    let citations = Arc::new(citations);
    let citing = Arc::new(citing);
    // Dead and unverifiable URLs, with the date of their first such citation: what the
    // archive is asked about once the fetching is over.
    let gone: Arc<Mutex<HashMap<String, Option<PartialDate>>>> = Arc::default();
    let each = {
        let (citations, citing, spool, gone) = (
            Arc::clone(&citations),
            Arc::clone(&citing),
            Arc::clone(&spool),
            Arc::clone(&gone),
        );
        move |mut f: Fetched| {
            progress(&f);
            let mut meta = f.body.is_some().then(|| inspect::inspect(&f));
            f.body = None;
            let judged: Vec<(usize, Verdict)> = citing
                .get(&f.url)
                .into_iter()
                .flatten()
                .filter_map(|&i| {
                    citations
                        .get(i)
                        .map(|c| (i, compare(c, Some(&f), meta.as_ref())))
                })
                .collect();
            // The comparison needed the page's text; the report keeps its first lines.
            if let Some(m) = meta.as_mut() {
                slim(m);
            }
            for (i, verdict) in judged {
                let Some(c) = citations.get(i) else { continue };
                if is_gone(verdict.verdict) {
                    lock(&gone)
                        .entry(f.url.clone())
                        .or_insert(c.date.or(c.accessed));
                }
                spool.put(
                    i,
                    &Entry::new(c.clone(), Some(&f), meta.clone(), verdict, None),
                );
            }
        }
    };
    let ended = fetcher.fetch_each(urls, each, stop).await;
    let gone = std::mem::take(&mut *lock(&gone));
    // The citations no fetch answered: without a URL, or not reached before a stop.
    for (i, c) in citations.iter().enumerate().filter(|(i, _)| !spool.has(*i)) {
        let f = c.url.as_deref().map(|url| {
            let mut f = Fetched::new(url);
            if ended.interrupted {
                f.detail = Some("interrupted before this URL was fetched".to_owned());
            }
            f
        });
        let verdict = compare(c, f.as_ref(), None);
        spool.put(i, &Entry::new(c.clone(), f.as_ref(), None, verdict, None));
    }
    if ended.network_unreachable {
        // Every failure was the machine's, not the sites': judged again as not checked.
        for i in 0..citations.len() {
            if let Some(mut e) = spool.get(i)? {
                if not_checked(&mut e) {
                    spool.put(i, &e);
                }
            }
        }
    }
    if let Some(archive) = archive.filter(|_| !ended.interrupted && !ended.network_unreachable) {
        for (url, snapshot) in lookups(archive, gone).await {
            for &i in citing.get(&url).into_iter().flatten() {
                if let Some(mut e) = spool.get(i)? {
                    e.archive = Some(snapshot.clone());
                    spool.put(i, &e);
                }
            }
        }
    }
    let spool = Arc::try_unwrap(spool)
        .map_err(|_| io::Error::other("the fetching tasks still hold the results after the run"))?;
    Ok(Checked {
        entries: Entries::Spooled(spool),
        network_unreachable: ended.network_unreachable,
        interrupted: ended.interrupted,
    })
}

fn is_gone(code: VerdictCode) -> bool {
    matches!(code, VerdictCode::Dead | VerdictCode::Unverifiable)
}

/// Relabels an entry whose fetch went to a network that was down; false when it did
/// not go to the network (cached, excluded, no URL) and stands as judged.
fn not_checked(e: &mut Entry) -> bool {
    let (Some(info), Some(url)) = (e.fetch.as_mut(), e.citation.url.as_deref()) else {
        return false;
    };
    if info.attempts == 0 {
        return false;
    }
    let mut f = Fetched::new(url);
    f.detail = info.detail.clone();
    let verdict = compare(&e.citation, Some(&f), None);
    info.outcome = f.outcome;
    e.verdict = verdict.verdict;
    e.reason = verdict.reason;
    e.scores = verdict.evidence;
    e.page_meta = None;
    true
}

/// How much of a page's text a report keeps: enough to see what the page is.
const LEAD_KEPT: usize = 280;

/// Drops what only the comparison needed: the page's text beyond its first lines.
fn slim(meta: &mut PageMeta) {
    if let Some((cut, _)) = meta.lead.char_indices().nth(LEAD_KEPT) {
        meta.lead.truncate(cut);
    }
}

/// Archived copies of the URLs judged dead or unverifiable, near the date of each one's
/// first such citation; the archive's own politeness comes from the fetcher.
async fn lookups(
    archive: &Archive,
    wanted: HashMap<String, Option<PartialDate>>,
) -> HashMap<String, Snapshot> {
    let mut tasks = JoinSet::new();
    for (url, date) in wanted {
        let archive = archive.clone();
        tasks.spawn(async move {
            let found = archive.find(&url, date).await;
            (url, found)
        });
    }
    let mut out = HashMap::new();
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok((url, Some(s))) => {
                out.insert(url, s);
            }
            Ok((_, None)) => {}
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(_) => {}
        }
    }
    out
}
