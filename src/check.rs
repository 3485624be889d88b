//! The main job as a library: fetch every distinct URL once, inspect each page as it
//! arrives, judge every citation, and look up archived copies of what is gone.
//!
//! Pages are inspected on the fetching task the moment they arrive and their bodies
//! dropped, so a run holds the bodies in flight and one small record per URL, never the
//! pages of the whole corpus.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::task::JoinSet;

use crate::archive::{Archive, Snapshot};
use crate::compare::{compare, Verdict, VerdictCode};
use crate::extract::Citation;
use crate::fetch::{Fetched, Fetcher};
use crate::inspect::{self, PageMeta};
use crate::report::schema::Entry;

/// What a check produced, before it becomes a report.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    /// One entry per citation, in the order given.
    pub entries: Vec<Entry>,
    /// True when no host could be reached at all.
    pub network_unreachable: bool,
    /// True when `stop` ended the run early.
    pub interrupted: bool,
}

/// Checks `citations`. `progress` sees each fetch as it ends; when `stop` completes the
/// run winds down and what was fetched is judged (the rest is `skipped`).
pub async fn check<P, S>(
    citations: Vec<Citation>,
    fetcher: &Fetcher,
    archive: Option<&Archive>,
    progress: P,
    stop: S,
) -> Checked
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
    let citations = Arc::new(citations);
    let citing = Arc::new(citing);
    let judged: Arc<Mutex<Judged>> = Arc::default();
    let each = {
        let (citations, citing, judged) = (
            Arc::clone(&citations),
            Arc::clone(&citing),
            Arc::clone(&judged),
        );
        move |f: &mut Fetched| {
            progress(f);
            // Inspected and judged the moment the page arrives; what is kept is the
            // verdicts and the page's metadata without its text.
            let mut meta = f.body.is_some().then(|| inspect::inspect(f));
            f.body = None;
            let verdicts: Vec<(usize, Verdict)> = citing
                .get(&f.url)
                .into_iter()
                .flatten()
                .filter_map(|&i| {
                    citations
                        .get(i)
                        .map(|c| (i, compare(c, Some(f), meta.as_ref())))
                })
                .collect();
            if let Some(m) = meta.as_mut() {
                slim(m);
            }
            let mut j = lock(&judged);
            j.verdicts.extend(verdicts);
            if let Some(m) = meta {
                j.pages.insert(f.url.clone(), m);
            }
        }
    };
    let run = fetcher.fetch_all_with(urls, each, stop).await;
    let Judged {
        mut verdicts,
        pages,
    } = std::mem::take(&mut *lock(&judged));
    let citations = Arc::try_unwrap(citations).unwrap_or_else(|shared| (*shared).clone());
    let fetched: HashMap<&str, &Fetched> =
        run.results.iter().map(|f| (f.url.as_str(), f)).collect();
    // Verdicts reached while fetching stand unless the run turned out to have no network
    // (every failure is then relabelled not-checked); the rest are judged on what is known.
    if run.network_unreachable {
        verdicts.clear();
    }
    let verdicts: Vec<Verdict> = citations
        .iter()
        .enumerate()
        .map(|(i, c)| {
            verdicts.remove(&i).unwrap_or_else(|| {
                let url = c.url.as_deref();
                let f = url.and_then(|u| fetched.get(u).copied());
                let page = url.and_then(|u| pages.get(u));
                compare(c, f, page)
            })
        })
        .collect();
    let snapshots = match archive {
        Some(archive) if !run.interrupted && !run.network_unreachable => {
            lookups(archive, &citations, &verdicts).await
        }
        _ => HashMap::new(),
    };
    let entries = citations
        .into_iter()
        .zip(verdicts)
        .map(|(c, v)| {
            let url = c.url.clone();
            let f = url.as_deref().and_then(|u| fetched.get(u).copied());
            // A page cited several times is inspected once; each entry gets its copy.
            let page = url.as_deref().and_then(|u| pages.get(u).cloned());
            let snapshot = url.as_deref().and_then(|u| snapshots.get(u).cloned());
            Entry::new(c, f, page, v, snapshot)
        })
        .collect();
    Checked {
        entries,
        network_unreachable: run.network_unreachable,
        interrupted: run.interrupted,
    }
}

/// Verdicts and page metadata gathered while fetching.
#[derive(Default)]
struct Judged {
    verdicts: HashMap<usize, Verdict>,
    pages: HashMap<String, PageMeta>,
}

/// How much of a page's text a report keeps: enough to see what the page is.
const LEAD_KEPT: usize = 280;

/// Drops what only the comparison needed: the page's text beyond its first lines.
fn slim(meta: &mut PageMeta) {
    if let Some((cut, _)) = meta.lead.char_indices().nth(LEAD_KEPT) {
        meta.lead.truncate(cut);
    }
}

/// Archived copies for every distinct URL judged dead or unverifiable, near the date of
/// its first such citation; the archive's own politeness comes from the fetcher.
async fn lookups(
    archive: &Archive,
    citations: &[Citation],
    verdicts: &[Verdict],
) -> HashMap<String, Snapshot> {
    let mut wanted: HashMap<String, Option<crate::extract::PartialDate>> = HashMap::new();
    for (c, v) in citations.iter().zip(verdicts) {
        if matches!(v.verdict, VerdictCode::Dead | VerdictCode::Unverifiable) {
            if let Some(url) = &c.url {
                wanted.entry(url.clone()).or_insert(c.date.or(c.accessed));
            }
        }
    }
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

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}
