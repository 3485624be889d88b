//! Bibliographic lookups against the simulated databases of `bibdb.rs`: DOIs through
//! their registries, citations without a URL through searches, and what happens when a
//! source is down, offline, or asked twice.

use citecheck::biblio::{Biblio, BiblioConfig, Looked, Plan};
use citecheck::extract::parse_one;
use citecheck::fetch::{FetchConfig, Fetcher, RemapRule};
use citecheck::types::{BiblioSource, LookupMethod, SourceAnswer, VerdictCode};
use wiremock::MockServer;

use crate::bibdb::{BibDb, Db, Work};

pub fn works() -> Vec<Work> {
    let mut rusi = Work::article(
        "10.1080/03071841003683468",
        "Creating the Next Generation of NATO Partnerships",
        &[("Stephan", "Frühling"), ("Benjamin", "Schreer")],
        2010,
        "The RUSI Journal",
    );
    rusi.held_by = vec![Db::Crossref, Db::Openalex];
    let mut preprint = Work::article(
        "10.48550/arxiv.1706.03762",
        "Attention Is All You Need",
        &[("Ashish", "Vaswani"), ("Noam", "Shazeer")],
        2017,
        "arXiv",
    );
    preprint.held_by = vec![Db::Datacite, Db::Openalex];
    let mut jalc = Work::article("10.11501/1234567", "Registered Elsewhere", &[], 2001, "X");
    jalc.held_by = vec![];
    let mut book = Work::book(
        "India-US Relations in the Age of Uncertainty",
        Some("An Uneasy Courtship"),
        &[("B. M.", "Jain")],
        2016,
        "Routledge",
    );
    book.isbn = Some("9780306406157".into());
    vec![
        rusi,
        // Near neighbours: the same authors' other work, a follow-up, a namesake.
        Work::article(
            "10.1080/03071847.2012.1",
            "NATO Partnerships after Libya: the Next Generation Revisited",
            &[("Benjamin", "Schreer")],
            2012,
            "The RUSI Journal",
        ),
        Work::article(
            "10.1080/03071847.2011.2",
            "Creating the Next Generation of NATO Partnerships",
            &[("Jane", "Doe")],
            1995,
            "NATO Review",
        ),
        Work::article(
            "10.1177/0974928418785477",
            "Indo-US Defence Industry Cooperation: A Prognosis",
            &[("Laxman Kumar", "Behera"), ("G.", "Balachandran")],
            2018,
            "India Quarterly",
        ),
        preprint,
        jalc,
        book,
        Work::book(
            "India and the United States: Estranged Democracies",
            None,
            &[("Dennis", "Kux")],
            1992,
            "National Defense University Press",
        ),
    ]
}

/// A fetcher that reaches `server` for every host name, with short waits.
pub fn fetcher(server: &MockServer, cache: Option<&std::path::Path>, offline: bool) -> Fetcher {
    let mut cfg = FetchConfig {
        proxy_from_env: false,
        host_request_interval: std::time::Duration::ZERO,
        retry_base_delay: std::time::Duration::from_millis(20),
        max_retries: 1,
        cache_dir: cache.map(std::path::Path::to_path_buf),
        offline,
        ..FetchConfig::default()
    };
    cfg.resolve
        .insert("*".into(), vec!["127.0.0.1".parse().unwrap()]);
    cfg.remap.push(RemapRule {
        pattern: r"^https?://([^/:?#]+)(?::\d+)?(.*)$".into(),
        replace: format!("http://${{1}}:{}${{2}}", server.address().port()),
    });
    Fetcher::new(cfg).unwrap()
}

fn biblio(server: &MockServer) -> Biblio {
    Biblio::new(fetcher(server, None, false), config())
}

fn config() -> BiblioConfig {
    BiblioConfig {
        mailto: Some("editor@example.org".into()),
        ..BiblioConfig::default()
    }
}

async fn check(b: &Biblio, text: &str) -> Looked {
    let c = parse_one(text).remove(0);
    let plan = Plan::of(&c).unwrap_or_else(|| panic!("something to look up in {c:?}"));
    b.check(&c, &plan).await
}

fn sources(l: &Looked) -> Vec<(BiblioSource, SourceAnswer)> {
    l.lookup
        .asked
        .iter()
        .map(|a| (a.source, a.answer))
        .collect()
}

#[tokio::test]
async fn a_doi_crossref_knows() {
    let (server, db) = BibDb::new(works()).start().await;
    let l = check(
        &biblio(&server),
        "Stephan Frühling and Benjamin Schreer, “Creating the Next Generation of NATO \
         Partnerships,” The RUSI Journal, Vol.155, No.1, 2010, https://doi.org/10.1080/03071841003683468",
    )
    .await;
    assert_eq!(
        l.verdict.verdict,
        VerdictCode::Verified,
        "{}",
        l.verdict.reason
    );
    assert_eq!(l.lookup.method, LookupMethod::Doi);
    let r = l.lookup.record.as_ref().unwrap();
    assert_eq!(r.doi.as_deref(), Some("10.1080/03071841003683468"));
    assert_eq!(
        sources(&l),
        [(BiblioSource::Crossref, SourceAnswer::Matched)]
    );
    // Crossref is asked once, with the mailto it asks for.
    let hits = db.hits();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert!(
        hits[0].1.contains("mailto=editor%40example.org"),
        "{hits:?}"
    );
}

#[tokio::test]
async fn a_datacite_doi_and_one_registered_elsewhere() {
    let (server, _db) = BibDb::new(works()).start().await;
    let b = biblio(&server);
    let l = check(&b, "Vaswani, A. et al. (2017). Attention Is All You Need. arXiv. doi:10.48550/arXiv.1706.03762").await;
    assert_eq!(
        l.verdict.verdict,
        VerdictCode::Verified,
        "{}",
        l.verdict.reason
    );
    assert_eq!(
        sources(&l),
        [
            (BiblioSource::Crossref, SourceAnswer::Unknown),
            (BiblioSource::Datacite, SourceAnswer::Matched)
        ]
    );
    let l = check(
        &b,
        "Registered Elsewhere. 2001. https://doi.org/10.11501/1234567",
    )
    .await;
    assert_eq!(
        l.verdict.verdict,
        VerdictCode::Verified,
        "{}",
        l.verdict.reason
    );
    assert!(
        l.verdict.reason.contains("not compared"),
        "{}",
        l.verdict.reason
    );
    assert!(l.lookup.record.is_none());
}

#[tokio::test]
async fn an_unknown_doi_is_dead_and_one_naming_another_work_a_mismatch() {
    let (server, _db) = BibDb::new(works()).start().await;
    let b = biblio(&server);
    let l = check(
        &b,
        "J. Smith, “A Paper Nobody Wrote,” Journal of Things, 2020, doi:10.1080/99999999.2020.1",
    )
    .await;
    assert_eq!(l.verdict.verdict, VerdictCode::Dead, "{}", l.verdict.reason);
    assert_eq!(
        sources(&l),
        [
            (BiblioSource::Crossref, SourceAnswer::Unknown),
            (BiblioSource::Datacite, SourceAnswer::Unknown),
            (BiblioSource::DoiOrg, SourceAnswer::Unknown)
        ]
    );
    // A real DOI pasted under another title.
    let l = check(
        &b,
        "J. Smith, “A Study of River Fish in Norway,” Journal of Things, 2018, doi:10.1177/0974928418785477",
    )
    .await;
    assert_eq!(
        l.verdict.verdict,
        VerdictCode::TitleMismatch,
        "{}",
        l.verdict.reason
    );
    assert!(l
        .verdict
        .reason
        .contains("Indo-US Defence Industry Cooperation"));
}

#[tokio::test]
async fn a_search_finds_the_work_among_its_neighbours() {
    let (server, db) = BibDb::new(works()).start().await;
    let b = biblio(&server);
    let l = check(
        &b,
        "Stephan Frühling and Benjamin Schreer, “Creating the Next Generation of NATO Partnerships,” \
         The RUSI Journal , Vol.155, No.1, 2010, pp.52-57.",
    )
    .await;
    assert_eq!(
        l.verdict.verdict,
        VerdictCode::Verified,
        "{}",
        l.verdict.reason
    );
    let r = l.lookup.record.as_ref().unwrap();
    assert_eq!(
        r.doi.as_deref(),
        Some("10.1080/03071841003683468"),
        "not the namesake of 1995"
    );
    assert_eq!(
        sources(&l),
        [(BiblioSource::Crossref, SourceAnswer::Matched)]
    );
    assert_eq!(db.count("api.crossref.org"), 1);
    assert_eq!(
        db.count("api.openalex.org"),
        0,
        "found: no need to ask further"
    );
}

#[tokio::test]
async fn a_book_is_found_in_openalex_or_open_library() {
    let (server, _db) = BibDb::new(works()).start().await;
    let b = biblio(&server);
    let l = check(
        &b,
        "B.M. Jain, India-US Relations in the Age of Uncertainty: An Uneasy Courtship , Oxon: Routledge, 2016, p.85.",
    )
    .await;
    assert_eq!(
        l.verdict.verdict,
        VerdictCode::Verified,
        "{}",
        l.verdict.reason
    );
    assert_eq!(
        sources(&l),
        [
            (BiblioSource::Crossref, SourceAnswer::NoMatch),
            (BiblioSource::Openalex, SourceAnswer::Matched)
        ]
    );
    // By ISBN, Open Library answers first.
    let l = check(
        &b,
        "Jain, B. M. India-US Relations in the Age of Uncertainty. Routledge, 2016. ISBN 978-0-306-40615-7.",
    )
    .await;
    assert_eq!(
        l.verdict.verdict,
        VerdictCode::Verified,
        "{}",
        l.verdict.reason
    );
    assert_eq!(l.lookup.method, LookupMethod::Isbn);
    assert_eq!(
        l.lookup.record.as_ref().unwrap().source,
        BiblioSource::Openlibrary
    );
}

#[tokio::test]
async fn fabricated_references_are_not_found() {
    let (server, _db) = BibDb::new(works()).start().await;
    let b = biblio(&server);
    // The real authors and journal, a changed title.
    let l = check(
        &b,
        "Stephan Frühling and Benjamin Schreer, “Building the Next Alliance of Pacific Democracies,” \
         The RUSI Journal , Vol.155, No.1, 2010, pp.52-57.",
    )
    .await;
    assert_eq!(
        l.verdict.verdict,
        VerdictCode::NotFound,
        "{}",
        l.verdict.reason
    );
    assert_eq!(
        sources(&l),
        [
            (BiblioSource::Crossref, SourceAnswer::NoMatch),
            (BiblioSource::Openalex, SourceAnswer::NoMatch)
        ]
    );
    // A real title, with authors who did not write it.
    let l = check(
        &b,
        "Maria Rossi and Hans Weber, “Indo-US Defence Industry Cooperation: A Prognosis,” India Quarterly, \
         Vol.74, No.3, 2018, pp.341-342.",
    )
    .await;
    assert_eq!(
        l.verdict.verdict,
        VerdictCode::NotFound,
        "{}",
        l.verdict.reason
    );
    assert!(
        l.verdict.reason.contains("none of the cited authors"),
        "{}",
        l.verdict.reason
    );
    assert!(l.lookup.differences.iter().any(|d| d.field == "authors"));
}

#[tokio::test]
async fn another_year_is_a_date_mismatch() {
    let (server, _db) = BibDb::new(works()).start().await;
    let l = check(
        &biblio(&server),
        "Laxman Kumar Behera and G. Balachandran, “Indo-US Defence Industry Cooperation: A Prognosis,” \
         India Quarterly, Vol.74, No.3, 2012, pp.341-342.",
    )
    .await;
    assert_eq!(
        l.verdict.verdict,
        VerdictCode::DateMismatch,
        "{}",
        l.verdict.reason
    );
    let year = l
        .lookup
        .differences
        .iter()
        .find(|d| d.field == "year")
        .unwrap();
    assert_eq!(
        (year.cited.as_str(), year.record.as_str()),
        ("2012", "2018")
    );
}

#[tokio::test]
async fn a_source_that_is_down_never_makes_not_found() {
    let (server, db) = BibDb::new(works()).start().await;
    db.take_down("api.crossref.org");
    let b = biblio(&server);
    // Nothing anywhere matches, and Crossref did not answer: no conclusion.
    let l = check(
        &b,
        "Stephan Frühling and Benjamin Schreer, “Building the Next Alliance of Pacific Democracies,” \
         The RUSI Journal , Vol.155, No.1, 2010, pp.52-57.",
    )
    .await;
    assert_eq!(
        l.verdict.verdict,
        VerdictCode::Unverifiable,
        "{}",
        l.verdict.reason
    );
    assert!(
        l.verdict
            .reason
            .contains("Crossref did not answer (HTTP 503)"),
        "{}",
        l.verdict.reason
    );
    // Another source that answers with the work is enough.
    let l = check(
        &b,
        "Stephan Frühling and Benjamin Schreer, “Creating the Next Generation of NATO Partnerships,” \
         The RUSI Journal , Vol.155, No.1, 2010, pp.52-57.",
    )
    .await;
    assert_eq!(
        l.verdict.verdict,
        VerdictCode::Verified,
        "{}",
        l.verdict.reason
    );
    assert_eq!(
        sources(&l),
        [
            (BiblioSource::Crossref, SourceAnswer::Failed),
            (BiblioSource::Openalex, SourceAnswer::Matched)
        ]
    );
    // A DOI whose registry is down is not dead.
    let l = check(&b, "Some title. 2020. doi:10.1080/99999999.2020.1").await;
    assert_eq!(
        l.verdict.verdict,
        VerdictCode::Unverifiable,
        "{}",
        l.verdict.reason
    );
}

#[tokio::test]
async fn chinese_articles_say_why_they_cannot_be_checked() {
    let (server, _db) = BibDb::new(works()).start().await;
    let l = check(
        &biblio(&server),
        "王世达：《印美安全合作对印度战略自主传统的挑战》，载《现代国际关系》2019 年第 2 期，第 50—56 页。",
    )
    .await;
    assert_eq!(
        l.verdict.verdict,
        VerdictCode::Unverifiable,
        "{}",
        l.verdict.reason
    );
    assert!(
        l.verdict.reason.contains("Chinese-language"),
        "{}",
        l.verdict.reason
    );
}

#[tokio::test]
async fn answers_are_cached_and_offline_reads_only_the_cache() {
    let (server, db) = BibDb::new(works()).start().await;
    let dir = tempfile::tempdir().unwrap();
    let text = "B.M. Jain, India-US Relations in the Age of Uncertainty: An Uneasy Courtship , Oxon: Routledge, 2016.";
    // Offline with nothing cached: nothing is asked, nothing is concluded.
    let offline = Biblio::new(fetcher(&server, Some(dir.path()), true), config());
    let l = check(&offline, text).await;
    assert_eq!(
        l.verdict.verdict,
        VerdictCode::Skipped,
        "{}",
        l.verdict.reason
    );
    assert!(db.hits().is_empty());
    // Online, then again: the second run is served from the cache.
    let online = Biblio::new(fetcher(&server, Some(dir.path()), false), config());
    let first = check(&online, text).await;
    let asked = db.hits().len();
    assert_eq!(asked, 2, "Crossref, then OpenAlex");
    let again = Biblio::new(fetcher(&server, Some(dir.path()), true), config());
    let second = check(&again, text).await;
    assert_eq!(db.hits().len(), asked, "no request on the second run");
    assert_eq!(first.verdict.verdict, second.verdict.verdict);
    assert!(second
        .lookup
        .asked
        .iter()
        .all(|a| a.from_cache && a.requests == 0));
}

#[tokio::test]
async fn a_title_with_nobody_to_compare_and_another_year_is_not_called_absent() {
    let (server, _db) = BibDb::new(works()).start().await;
    // No author; two works have this title (2010 and 1995), neither of the cited year.
    let l = check(
        &biblio(&server),
        "“Creating the Next Generation of NATO Partnerships,” The RUSI Journal, Vol.155, No.1, \
         2004, pp.52-57.",
    )
    .await;
    assert_eq!(
        l.verdict.verdict,
        VerdictCode::Unverifiable,
        "{}",
        l.verdict.reason
    );
    assert!(
        l.verdict.reason.contains("namesake"),
        "{}",
        l.verdict.reason
    );
    assert!(!l.lookup.matched);
    assert!(l.lookup.record.is_some());
}
