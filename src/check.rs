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

use crate::archive::save::{save_live, SaveSettings, SavedPage};
use crate::archive::{Archive, Lookup};
use crate::biblio::{self, Biblio, Looked, Plan};
use crate::compare::compare;
use crate::date::PartialDate;
use crate::fetch::{Fetcher, Network};
use crate::history::{self, Clock};
use crate::inspect;
use crate::lock;
use crate::report::baseline::Baseline;
use crate::report::schema::{Entries, Entry};
use crate::report::Spool;
use crate::types::{Citation, Fetched, PageMeta, Verdict, VerdictCode};

/// What a check produced, before it becomes a report.
#[derive(Debug)]
pub struct Checked {
    /// One entry per citation, in the order given.
    pub entries: Entries,
    /// True when nothing proved the network reachable while fetches failed.
    pub network_unreachable: bool,
    /// What the run knew about its network, and why its failures did not stand.
    pub network: Network,
    /// True when `stop` ended the run early.
    pub interrupted: bool,
    /// What the user should know about the run that is not a verdict (a history that
    /// could not be written).
    pub warnings: Vec<String>,
    /// What `--save-live` asked the Internet Archive to capture, and how it went.
    pub saved: Vec<SavedPage>,
}

/// What a check does besides fetching and judging: archive lookups, and the history of
/// earlier runs.
#[derive(Clone, Copy, Default)]
pub struct Options<'a> {
    /// Where to look for copies of gone pages.
    pub archive: Option<&'a Archive>,
    /// Where to look up citations with a DOI or without a URL.
    pub biblio: Option<&'a Biblio>,
    /// The history to judge failures against and to record the run in.
    pub history: Option<Clock<'a>>,
    /// Ask the Internet Archive to capture the live pages it holds no recent copy of.
    pub save_live: Option<&'a SaveSettings>,
    /// The run's time, in seconds since the Unix epoch.
    pub now: i64,
    /// Findings accepted for now: reported, but they fail nothing.
    pub baseline: Option<&'a Baseline>,
}

/// How the archives judge a copy: inspected and compared exactly as a live page is.
pub fn page_judge() -> crate::archive::Judge {
    Arc::new(|citation: &Citation, page: &Fetched| {
        let meta = inspect::inspect(page);
        let verdict = compare(citation, Some(page), Some(&meta));
        (meta, verdict)
    })
}

/// Checks `citations`. `progress` sees each fetch as it ends; when `stop` completes the
/// run winds down and what was fetched is judged (the rest is `skipped`). With `biblio`,
/// citations with a DOI or without a URL are also looked up in bibliographic sources,
/// while the pages are fetched. Fails only when the results cannot be written to a
/// temporary file.
pub async fn check<P, S>(
    citations: Vec<Citation>,
    fetcher: &Fetcher,
    options: Options<'_>,
    progress: P,
    stop: S,
) -> io::Result<Checked>
where
    P: Fn(&Fetched) + Send + Sync + 'static,
    S: Future<Output = ()>,
{
    let run = Arc::new(Run::new(citations)?);
    let urls: Vec<String> = run.citing.keys().cloned().collect();
    let each = {
        let run = Arc::clone(&run);
        move |f: Fetched| {
            progress(&f);
            run.judge(f);
        }
    };
    let biblio = options.biblio;
    let plans = biblio.map(|_| plans(&run.citations)).unwrap_or_default();
    // One stop for both: the fetching and the lookups wind down together.
    let (cancel, cancelled) = tokio::sync::watch::channel(false);
    let until_cancelled = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|stop| *stop).await;
    };
    let (ended, looked) = {
        let work = async {
            tokio::join!(
                fetcher.fetch_each(urls, each, until_cancelled(cancelled.clone())),
                look_up_all(
                    biblio,
                    &run.citations,
                    &plans,
                    until_cancelled(cancelled.clone())
                ),
            )
        };
        tokio::pin!(work, stop);
        tokio::select! {
            done = &mut work => done,
            () = &mut stop => {
                let _ = cancel.send(true);
                work.await
            }
        }
    };
    let interrupted = ended.interrupted || *cancel.borrow();
    run.judge_unfetched(interrupted);
    run.relabel_unproven(&ended.network)?;
    run.apply_biblio(&plans, looked)?;
    let mut warnings = Vec::new();
    if let Some(clock) = options.history {
        warnings = history::apply(clock, &run.spool, &run.citing)?;
    }
    if let Some(baseline) = options.baseline {
        run.apply_baseline(baseline)?;
    }
    let archive = options.archive;
    let finished = !interrupted && !ended.network_unreachable;
    if let Some(archive) = archive.filter(|_| finished) {
        run.look_up(archive).await?;
    }
    let mut saved = Vec::new();
    if let Some(settings) = options.save_live.filter(|_| finished) {
        saved = save_live(fetcher, run.live()?, options.now, settings).await;
    }
    let run = Arc::try_unwrap(run)
        .map_err(|_| io::Error::other("the fetching tasks still hold the results after the run"))?;
    Ok(Checked {
        entries: Entries::Spooled(run.spool),
        network_unreachable: ended.network_unreachable,
        network: ended.network,
        interrupted,
        warnings,
        saved,
    })
}

/// The citations to look up, grouped by what is looked up: a citation repeated
/// (`Ibid.`, the same reference twice) is looked up once.
fn plans(citations: &[Citation]) -> HashMap<Plan, Vec<usize>> {
    let mut out: HashMap<Plan, Vec<usize>> = HashMap::new();
    for (i, c) in citations.iter().enumerate() {
        if let Some(plan) = Plan::of(c) {
            out.entry(plan).or_default().push(i);
        }
    }
    out
}

/// Looks up every plan, each with the first of its citations, until `stop`; what was
/// not looked up by then is left out.
async fn look_up_all<S: Future<Output = ()>>(
    biblio: Option<&Biblio>,
    citations: &[Citation],
    plans: &HashMap<Plan, Vec<usize>>,
    stop: S,
) -> HashMap<Plan, Looked> {
    let mut out = HashMap::new();
    let Some(biblio) = biblio else {
        return out;
    };
    let mut tasks = JoinSet::new();
    for (plan, members) in plans {
        let Some(c) = members.first().and_then(|&i| citations.get(i)) else {
            continue;
        };
        let (biblio, c, plan) = (biblio.clone(), c.clone(), plan.clone());
        tasks.spawn(async move {
            let looked = biblio.check(&c, &plan).await;
            (plan, looked)
        });
    }
    tokio::pin!(stop);
    loop {
        tokio::select! {
            joined = tasks.join_next() => match joined {
                Some(Ok((plan, looked))) => {
                    out.insert(plan, looked);
                }
                Some(Err(e)) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
                Some(Err(_)) => {}
                None => break,
            },
            () = &mut stop => break,
        }
    }
    out
}

/// What the fetching tasks share while a check runs.
struct Run {
    citations: Vec<Citation>,
    /// The citations of each URL, by index.
    citing: HashMap<String, Vec<usize>>,
    spool: Spool,
    /// URLs whose readers need a copy (see [`is_gone`]), with their first such citation:
    /// what the archives are asked about once the fetching is over.
    gone: Mutex<HashMap<String, usize>>,
    /// Each document's latest cited date: it was written no earlier, so it stands in for
    /// the access date of a citation that gives no date at all.
    document_dates: HashMap<String, PartialDate>,
}

impl Run {
    fn new(citations: Vec<Citation>) -> io::Result<Run> {
        let mut citing: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, c) in citations.iter().enumerate() {
            if let Some(url) = &c.url {
                citing.entry(url.clone()).or_default().push(i);
            }
        }
        let mut document_dates: HashMap<String, PartialDate> = HashMap::new();
        for c in &citations {
            for d in [c.accessed, c.date].into_iter().flatten() {
                let latest = document_dates.entry(c.document.clone()).or_insert(d);
                *latest = (*latest).max(d);
            }
        }
        Ok(Run {
            spool: Spool::new(citations.len(), citing.len())?,
            citations,
            citing,
            gone: Mutex::default(),
            document_dates,
        })
    }

    /// Inspects one fetched page, judges every citation of it, and spools the entries.
    fn judge(&self, mut f: Fetched) {
        let mut meta = f.body.is_some().then(|| inspect::inspect(&f));
        f.body = None;
        let judged: Vec<(usize, Verdict)> = self
            .citing
            .get(&f.url)
            .into_iter()
            .flatten()
            .filter_map(|&i| {
                self.citations
                    .get(i)
                    .map(|c| (i, compare(c, Some(&f), meta.as_ref())))
            })
            .collect();
        // The comparison needed the page's text; the report keeps its first lines.
        if let Some(m) = meta.as_mut() {
            slim(m);
        }
        for (i, verdict) in judged {
            let Some(c) = self.citations.get(i) else {
                continue;
            };
            if is_gone(verdict.verdict) {
                lock(&self.gone).entry(f.url.clone()).or_insert(i);
            }
            let entry = Entry::new(c.clone(), Some(&f), meta.clone(), verdict, None);
            self.spool.put(i, &entry);
        }
    }

    /// Judges the citations no fetch answered: without a URL, or not reached before a
    /// stop.
    fn judge_unfetched(&self, interrupted: bool) {
        let unfetched = self.citations.iter().enumerate();
        for (i, c) in unfetched.filter(|(i, _)| !self.spool.has(*i)) {
            let f = c.url.as_deref().map(|url| {
                let mut f = Fetched::new(url);
                if interrupted {
                    f.detail = Some("interrupted before this URL was fetched".to_owned());
                }
                f
            });
            let verdict = compare(c, f.as_ref(), None);
            self.spool
                .put(i, &Entry::new(c.clone(), f.as_ref(), None, verdict, None));
        }
    }

    /// Judges again, as not checked, every entry whose failure the network does not
    /// prove to be the site's (see [`Network::unproven`]).
    fn relabel_unproven(&self, network: &Network) -> io::Result<()> {
        if network.reachable && network.names_resolve {
            return Ok(());
        }
        let mut relabelled = Vec::new();
        for i in 0..self.citations.len() {
            if let Some(mut e) = self.spool.get(i)? {
                if not_checked(&mut e, network) {
                    relabelled.extend(e.citation.url.clone());
                    self.spool.put(i, &e);
                }
            }
        }
        // Their archive lookups would rest on a failure that proves nothing.
        let mut gone = lock(&self.gone);
        for url in relabelled {
            gone.remove(&url);
        }
        Ok(())
    }

    /// Marks the entries whose finding the baseline accepts.
    fn apply_baseline(&self, baseline: &Baseline) -> io::Result<()> {
        for i in 0..self.citations.len() {
            if let Some(mut e) = self.spool.get(i)? {
                if baseline.contains(&e) {
                    e.baselined = true;
                    self.spool.put(i, &e);
                }
            }
        }
        Ok(())
    }

    /// The URLs whose page was there: what `--save-live` may ask to capture.
    fn live(&self) -> io::Result<Vec<String>> {
        let mut out = Vec::new();
        for (url, indices) in &self.citing {
            let Some(&first) = indices.first() else {
                continue;
            };
            if let Some(e) = self.spool.get(first)? {
                if matches!(e.verdict, VerdictCode::Verified | VerdictCode::DateMismatch) {
                    out.push(url.clone());
                }
            }
        }
        Ok(out)
    }

    /// Puts each lookup into the entries of its citations: the verdict of a citation
    /// without a URL, combined with the page's for one with a URL (see
    /// [`biblio::combine`]).
    fn apply_biblio(
        &self,
        plans: &HashMap<Plan, Vec<usize>>,
        looked: HashMap<Plan, Looked>,
    ) -> io::Result<()> {
        for (plan, mut looked) in looked {
            if looked.unreachable {
                // No source could be reached at all: the machine's network, not the works.
                looked.verdict.verdict = VerdictCode::Skipped;
                looked.verdict.reason = format!(
                    "not checked: no bibliographic source could be reached ({})",
                    looked.lookup.describe()
                );
            }
            for &i in plans.get(&plan).into_iter().flatten() {
                let Some(mut e) = self.spool.get(i)? else {
                    continue;
                };
                let page = Verdict {
                    verdict: e.verdict,
                    reason: std::mem::take(&mut e.reason),
                    evidence: std::mem::take(&mut e.scores),
                };
                let verdict = if e.citation.url.is_some() {
                    biblio::combine(page, &looked)
                } else {
                    looked.verdict.clone()
                };
                e.verdict = verdict.verdict;
                e.reason = verdict.reason;
                e.scores = verdict.evidence;
                e.biblio = Some(looked.lookup.clone());
                self.spool.put(i, &e);
            }
        }
        Ok(())
    }

    /// Asks the archive about every gone URL and adds what it says to their entries.
    async fn look_up(&self, archive: &Archive) -> io::Result<()> {
        let gone = std::mem::take(&mut *lock(&self.gone));
        let wanted = gone
            .into_iter()
            .filter_map(|(url, i)| {
                let c = self.citations.get(i)?.clone();
                let date = self.document_dates.get(&c.document).copied();
                Some((url, (c, date)))
            })
            .collect();
        for (url, lookup) in lookups(archive, wanted).await {
            for &i in self.citing.get(&url).into_iter().flatten() {
                if let Some(mut e) = self.spool.get(i)? {
                    e.archive = lookup.snapshot().cloned();
                    e.archive_lookup = Some(lookup.report());
                    self.spool.put(i, &e);
                }
            }
        }
        Ok(())
    }
}

/// Verdicts whose readers need a copy of the page: gone, failing, refused, or changed
/// since it was cited.
fn is_gone(code: VerdictCode) -> bool {
    matches!(
        code,
        VerdictCode::Dead
            | VerdictCode::Failing
            | VerdictCode::Unverifiable
            | VerdictCode::TitleMismatch
    )
}

/// Relabels an entry whose fetch failed in a way `network` does not prove to be the
/// site's; false when it stands as judged (answered, cached, excluded, no URL).
fn not_checked(e: &mut Entry, network: &Network) -> bool {
    let (Some(info), Some(url)) = (e.fetch.as_mut(), e.citation.url.as_deref()) else {
        return false;
    };
    let Some(why) = network.unproven(info.failure, info.attempts) else {
        return false;
    };
    let mut f = Fetched::new(url);
    f.detail = Some(match info.detail.as_deref() {
        Some(d) => format!("{why}: {d}"),
        None => why,
    });
    let verdict = compare(&e.citation, Some(&f), None);
    info.outcome = f.outcome;
    info.detail = f.detail;
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

/// Archive lookups of the gone URLs, each for its first such citation and the date of
/// its document; the archives' own politeness comes from the fetcher.
async fn lookups(
    archive: &Archive,
    wanted: HashMap<String, (Citation, Option<PartialDate>)>,
) -> HashMap<String, Lookup> {
    let mut tasks = JoinSet::new();
    for (url, (citation, date)) in wanted {
        let archive = archive.clone();
        tasks.spawn(async move {
            let found = archive.find(&citation, date).await;
            (url, found)
        });
    }
    let mut out = HashMap::new();
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok((url, lookup)) => {
                out.insert(url, lookup);
            }
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(_) => {}
        }
    }
    out
}
