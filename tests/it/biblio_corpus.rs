//! The corpus checked as a user would, against the simulated web of `e2e.rs` and
//! simulated bibliographic databases that hold the real works it cites without a URL:
//! no English citation is left `skipped` for want of a URL, each Chinese one says why it
//! could not be checked, and a second run is answered from the cache.

use serde_json::Value;

use crate::bibdb::{BibDb, Db, Work};
use crate::support::{citecheck_env, read_report, root, stderr};
use crate::web::Web;

/// The works the corpus cites without a URL, as the databases hold them.
fn corpus_works() -> Vec<Work> {
    let mut chapter = Work::book(
        "The Indo-US Defence Relationship: Prospect and Limitations",
        None,
        &[("Manjeet S.", "Pardesi")],
        2014,
        "India's Military Modernization",
    );
    chapter.kind = "book-chapter";
    chapter.held_by = vec![Db::Openalex];
    let mut book = Work::book(
        "India-US Relations in the Age of Uncertainty",
        Some("An Uneasy Courtship"),
        &[("B. M.", "Jain")],
        2016,
        "Routledge",
    );
    book.doi = Some("10.4324/9781315668017".into());
    book.held_by = vec![Db::Crossref, Db::Openalex, Db::Openlibrary];
    vec![
        Work::article(
            "10.1080/03071841003683468",
            "Creating the Next Generation of NATO Partnerships",
            &[("Stephan", "Frühling"), ("Benjamin", "Schreer")],
            2010,
            "The RUSI Journal",
        ),
        chapter,
        book,
        Work::article(
            "10.1177/0974928418785477",
            "Indo-US Defence Industry Cooperation",
            &[("Laxman Kumar", "Behera"), ("G.", "Balachandran")],
            2018,
            "India Quarterly: A Journal of International Affairs",
        ),
        Work::article(
            "10.1080/01402390.2019.1668777",
            "Examining India’s defence innovation performance",
            &[("Laxman Kumar", "Behera")],
            2021,
            "Journal of Strategic Studies",
        ),
        // Neighbours a loose matcher would take.
        Work::article(
            "10.1177/0974928417749644",
            "Indo-US Defence Cooperation: A Prognosis for the Next Decade",
            &[("Harsh V.", "Pant")],
            2017,
            "India Quarterly",
        ),
        Work::article(
            "10.1080/03071847.2012.1",
            "NATO Partnerships after Libya",
            &[("Benjamin", "Schreer")],
            2012,
            "The RUSI Journal",
        ),
    ]
}

/// The hosts the databases answer for: sent to their own server, everything else to
/// the simulated web.
fn routes(db: &wiremock::MockServer, web: &wiremock::MockServer) -> String {
    format!(
        "[[remap]]\npattern = '^https?://(api\\.crossref\\.org|api\\.datacite\\.org|doi\\.org|api\\.openalex\\.org|openlibrary\\.org)(?::\\d+)?(.*)$'\n\
         replace = 'http://${{1}}:{}${{2}}'\n\n{}",
        db.address().port(),
        Web::config(web)
    )
}

fn project(routes: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("corpus")).unwrap();
    std::fs::copy(
        root().join("corpus/india-us-defense-2024.txt"),
        dir.path().join("corpus/india-us-defense-2024.txt"),
    )
    .unwrap();
    // The databases' own pace is kept (no [hosts] entry for them); pages go fast.
    std::fs::write(
        dir.path().join("citations.toml"),
        format!(
            "corpus = [\"corpus/*.txt\"]\nhost_request_interval = \"10ms\"\nmax_retries = 1\n\
             timeout = \"5s\"\n\n[biblio]\nmailto = \"editor@example.org\"\n\n{routes}"
        ),
    )
    .unwrap();
    dir
}

fn no_url(report: &Value) -> Vec<&Value> {
    report["citations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["url"].is_null())
        .collect()
}

fn is_chinese(c: &Value) -> bool {
    c["title"]
        .as_str()
        .is_some_and(|t| t.chars().any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch)))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_corpus_against_simulated_databases() {
    let (web_server, _web) = crate::e2e::corpus_web().start().await;
    let (db_server, db) = BibDb::new(corpus_works()).start().await;
    let dir = project(&routes(&db_server, &web_server));
    let run = |dir: std::path::PathBuf| async move {
        tokio::task::spawn_blocking(move || {
            citecheck_env(&dir, &["check"], &[("SOURCE_DATE_EPOCH", "1795651200")])
        })
        .await
        .unwrap()
    };
    let out = run(dir.path().to_owned()).await;
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        stderr(&out)
    );
    let report = read_report(&dir.path().join("reports"));
    let cited = no_url(&report);
    assert_eq!(cited.len(), 11, "the corpus cites 11 works without a URL");
    for c in &cited {
        let (verdict, reason) = (
            c["verdict"].as_str().unwrap(),
            c["reason"].as_str().unwrap(),
        );
        if is_chinese(c) {
            assert_eq!(verdict, "unverifiable", "{c}");
            assert!(reason.contains("Chinese-language"), "{reason}");
        } else {
            assert_eq!(verdict, "verified", "{c}");
            let record = &c["biblio"]["record"];
            assert!(
                record["url"].as_str().unwrap().starts_with("https://"),
                "{c}"
            );
        }
    }
    // The namesakes are not taken for the works.
    let quarterly = cited
        .iter()
        .find(|c| c["title"].as_str().unwrap().contains("Prognosis"))
        .unwrap();
    assert_eq!(
        quarterly["biblio"]["record"]["doi"],
        "10.1177/0974928418785477"
    );
    // The Markdown report shows each record, linked.
    let md = std::fs::read_to_string(dir.path().join("reports/report.md")).unwrap();
    assert!(md.contains("## Bibliographic records"), "{md}");
    assert!(
        md.contains("(https://doi.org/10.1080/03071841003683468)"),
        "{md}"
    );
    // Each lookup once: the four citations of one article (one an `Ibid.`) share one
    // search of each source.
    let first = db.hits().len();
    let searches = db
        .hits()
        .iter()
        .filter(|(h, p)| h == "api.crossref.org" && p.contains("Prognosis"))
        .count();
    assert_eq!(searches, 1, "{:?}", db.hits());
    // A second run is answered from the cache, with the same verdicts.
    let again = run(dir.path().to_owned()).await;
    assert!(
        again.status.code().is_some_and(|c| c <= 1),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        db.hits().len(),
        first,
        "the second run asks the databases nothing"
    );
    let second = read_report(&dir.path().join("reports"));
    for (a, b) in no_url(&report).iter().zip(no_url(&second)) {
        assert_eq!(a["verdict"], b["verdict"]);
        let asked = b["biblio"]["asked"].as_array().unwrap();
        assert!(asked.iter().all(|x| x["from_cache"] == true), "{b}");
    }
}
