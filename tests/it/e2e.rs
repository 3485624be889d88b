//! `check` on the real corpus against a simulated web in which each cited host behaves
//! as such sites do, and on a machine whose network is down.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::support::{citecheck_env, fetch_view, read_report, root, stderr, stdout};
use crate::web::{Behaviour, Web};

/// Each distinct cited URL with its cited title and date, from the hand annotation.
fn cited() -> BTreeMap<String, (String, Option<String>)> {
    let truth: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/fixtures/corpus-truth.json")).unwrap(),
    )
    .unwrap();
    let mut out = BTreeMap::new();
    for c in truth.as_array().unwrap() {
        if let Some(url) = c["url"].as_str() {
            let title = c["title"].as_str().unwrap_or_default().to_owned();
            let date = c["date"].as_str().map(str::to_owned);
            out.entry(url.to_owned()).or_insert((title, date));
        }
    }
    out
}

/// How each site behaves: most pages are as cited; some are gone, walled, moved,
/// rate-limited, down, or changed.
fn behaviour(url: &str, title: &str, date: Option<&str>) -> Behaviour {
    let host = url::Url::parse(url).unwrap().host_str().unwrap().to_owned();
    let article = |t: &str| Behaviour::Article {
        title: t.to_owned(),
        date: date.map(str::to_owned),
    };
    match host.as_str() {
        "www.whitehouse.gov" => Behaviour::Gone,
        "www.reuters.com" => Behaviour::AkamaiWall,
        "books.google.com" => Behaviour::CloudflareChallenge,
        "www.financialexpress.com" => Behaviour::MovedHome,
        "media.defense.gov" => Behaviour::Pdf {
            title: title.to_owned(),
            date: date.unwrap_or("2023-01-01").to_owned(),
        },
        "sundayguardianlive.com" => Behaviour::Soft404,
        "www.cnbc.com" => Behaviour::RateLimited {
            title: title.to_owned(),
        },
        "www.makeinindiadefence.gov.in" => Behaviour::Down,
        "thewire.in" => article("Support Independent Journalism: Subscribe to The Wire"),
        _ => article(title),
    }
}

pub(crate) fn corpus_web() -> Web {
    let mut pages: Vec<(String, Behaviour)> = cited()
        .into_iter()
        .map(|(url, (title, date))| {
            let b = behaviour(&url, &title, date.as_deref());
            (url, b)
        })
        .collect();
    // The joint statement survives at the Biden White House archive; the other
    // whitehouse.gov pages only in the Wayback Machine.
    let joint = "https://bidenwhitehouse.archives.gov/briefing-room/statements-releases/2023/06/22/joint-statement-from-the-united-states-and-india/";
    pages.push((
        joint.to_owned(),
        Behaviour::Article {
            title: "Joint Statement from the United States and India".to_owned(),
            date: Some("2023-06-22".to_owned()),
        },
    ));
    pages.push((
        "https://web.archive.org/web/timemap/link/".to_owned(),
        Behaviour::TimeMap,
    ));
    // The Wayback Machine captured every cited page as it was cited, except that it
    // kept the soft 404 and Reuters' bot wall as they were served: those copies must be
    // turned down.
    for (url, (title, date)) in cited() {
        let host = url::Url::parse(&url)
            .unwrap()
            .host_str()
            .unwrap()
            .to_owned();
        let captured = match host.as_str() {
            "sundayguardianlive.com" => Behaviour::Soft404,
            "www.reuters.com" => Behaviour::AkamaiWall,
            _ if url.ends_with(".pdf") => Behaviour::Pdf {
                title: title.clone(),
                date: date.clone().unwrap_or_else(|| "2023-01-01".to_owned()),
            },
            _ => Behaviour::Article { title, date },
        };
        pages.push((
            format!("https://web.archive.org{}", crate::web::capture_path(&url)),
            captured,
        ));
    }
    Web::new(pages)
}

/// The corpus and a config that reaches the simulated web; bibliographic lookups are off
/// here (`biblio_corpus.rs` checks the corpus against simulated databases).
pub(crate) fn project(extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("corpus")).unwrap();
    std::fs::copy(
        root().join("corpus/india-us-defense-2024.txt"),
        dir.path().join("corpus/india-us-defense-2024.txt"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("citations.toml"),
        format!(
            "corpus = [\"corpus/*.txt\"]\nhost_request_interval = \"10ms\"\nmax_retries = 1\n\
             timeout = \"5s\"\n\n[biblio]\nenabled = false\n\n{extra}"
        ),
    )
    .unwrap();
    dir
}

#[tokio::test(flavor = "multi_thread")]
async fn the_corpus_against_a_simulated_web() {
    let (server, web) = corpus_web().start().await;
    let dir = project(&Web::config(&server));
    let path = dir.path().to_owned();
    let out = tokio::task::spawn_blocking(move || {
        // A fixed day, so that the report is the same on every run.
        let args = ["check", "--sarif", "reports/citecheck.sarif"];
        citecheck_env(&path, &args, &[("SOURCE_DATE_EPOCH", "1795651200")])
    })
    .await
    .unwrap();
    // Dead citations fail the default policy.
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let full = read_report(&dir.path().join("reports"));
    check_verdicts(&full);
    // The JSON reads back into the schema types, and says the same thing again.
    let text = std::fs::read_to_string(dir.path().join("reports/report.json")).unwrap();
    let typed: citecheck::report::schema::Report = serde_json::from_str(&text).unwrap();
    assert_eq!(typed.schema, citecheck::report::schema::SCHEMA);
    assert_eq!(typed.citations.len(), 68);
    assert_eq!(typed.to_json(), text, "a report round-trips byte for byte");
    let md = std::fs::read_to_string(dir.path().join("reports/report.md")).unwrap();
    // Every finding of the corpus is a SARIF result on its footnote's line, valid SARIF.
    let sarif = crate::sarif::read(&dir.path().join("reports/citecheck.sarif"));
    crate::sarif::assert_valid(&sarif);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(
        results.len(),
        10 + 2 + 6,
        "dead, title-mismatch, unverifiable"
    );
    for (r, c) in results.iter().zip(
        full["citations"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| !matches!(c["verdict"].as_str(), Some("verified" | "skipped"))),
    ) {
        assert_eq!(r["ruleId"], c["verdict"]);
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startLine"], c["line"], "{r}");
    }

    // Same input, same report: a second run against a fresh copy of the same web (on
    // another port) writes the same bytes, ports aside.
    let (server2, _web2) = corpus_web().start().await;
    let dir2 = project(&Web::config(&server2));
    let path2 = dir2.path().to_owned();
    let again = tokio::task::spawn_blocking(move || {
        let args = ["check", "--sarif", "reports/citecheck.sarif"];
        citecheck_env(&path2, &args, &[("SOURCE_DATE_EPOCH", "1795651200")])
    })
    .await
    .unwrap();
    assert_eq!(again.status.code(), Some(1), "{}", stderr(&again));
    let ports = regex::Regex::new(r":\d{2,5}/").unwrap();
    let masked = |p: &std::path::Path| {
        ports
            .replace_all(&std::fs::read_to_string(p).unwrap(), ":P/")
            .into_owned()
    };
    for name in ["report.md", "report.json", "report.html", "citecheck.sarif"] {
        assert_eq!(
            masked(&dir.path().join("reports").join(name)),
            masked(&dir2.path().join("reports").join(name)),
            "{name} differs between two runs"
        );
    }

    insta::with_settings!({filters => vec![(r":\d{2,5}/", ":[PORT]/")]}, {
        insta::assert_snapshot!("corpus_report_md", md);
    });
    let report = fetch_view(&full);
    assert_eq!(report["network_unreachable"], false);
    let results = report["results"].as_array().unwrap();
    assert_eq!(results.len(), 44, "one record per distinct URL");
    let by_url: BTreeMap<&str, &Value> = results
        .iter()
        .map(|r| (r["url"].as_str().unwrap(), r))
        .collect();
    let expect = |host: &str| -> Vec<&Value> {
        by_url
            .iter()
            .filter(|(u, _)| url::Url::parse(u).unwrap().host_str() == Some(host))
            .map(|(_, r)| *r)
            .collect()
    };
    for r in expect("www.whitehouse.gov") {
        assert_eq!(r["outcome"], "not-found", "{r}");
    }
    for r in expect("www.reuters.com") {
        assert_eq!(r["outcome"], "blocked", "{r}");
        assert_eq!(r["status"], 403);
    }
    for r in expect("books.google.com") {
        assert_eq!(r["outcome"], "blocked", "{r}");
    }
    for r in expect("www.financialexpress.com") {
        assert_eq!(r["outcome"], "ok", "{r}");
        assert_eq!(r["redirects"][0]["status"], 301);
        let home = format!(":{}/", server.address().port());
        assert!(r["final_url"].as_str().unwrap().ends_with(&home), "{r}");
    }
    for r in expect("media.defense.gov") {
        assert_eq!(r["outcome"], "ok", "{r}");
        assert_eq!(r["content_type"], "application/pdf");
    }
    for r in expect("www.cnbc.com") {
        assert_eq!(r["outcome"], "ok", "{r}");
        assert_eq!(r["attempts"], 2, "429 then, after Retry-After, 200: {r}");
    }
    for r in expect("www.makeinindiadefence.gov.in") {
        assert_eq!(r["outcome"], "server-error", "{r}");
    }
    let ok = results.iter().filter(|r| r["outcome"] == "ok").count();
    assert_eq!(ok, 44 - 4 - 3 - 1 - 1, "{}", stdout(&out));
    // The real host names reached the server, and each URL was asked once: the four
    // whitehouse.gov pages (cited nine times) cause four requests.
    let hits = web.hits();
    let wh = hits
        .iter()
        .filter(|(h, _)| h == "www.whitehouse.gov")
        .count();
    assert_eq!(wh, 4, "{hits:?}");
}

#[test]
fn with_the_network_down_nothing_is_dead() {
    // Every name resolves to a loopback port where nothing listens: no host answers.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let dir = project(&format!(
        "[resolve]\n\"*\" = \"127.0.0.1\"\n\n[[remap]]\npattern = '^https?://([^/:?#]+)(?::\\d+)?(.*)$'\n\
         replace = 'http://${{1}}:{port}${{2}}'\n"
    ));
    // The canary too is a port where nothing listens.
    let canary = crate::support::dead_canary().to_string();
    let out = citecheck_env(
        dir.path(),
        &["check", "--max-retries", "0"],
        &[("CITECHECK_CANARY", &canary)],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the network is unreachable (canary: cannot connect to"),
        "{}",
        stderr(&out)
    );
    let md = std::fs::read_to_string(dir.path().join("reports/report.md")).unwrap();
    assert!(md.contains("The network is unreachable"), "{md}");
    let full = read_report(&dir.path().join("reports"));
    for c in full["citations"].as_array().unwrap() {
        assert_eq!(c["verdict"], "skipped", "{c}");
    }
    let report = fetch_view(&full);
    assert_eq!(report["network_unreachable"], true);
    for r in report["results"].as_array().unwrap() {
        assert_eq!(r["outcome"], "not-checked", "{r}");
    }
}

/// The verdicts a reader of the report would check first.
fn check_verdicts(report: &Value) {
    let citations = report["citations"].as_array().unwrap();
    assert_eq!(citations.len(), 68);
    let of = |host: &str| -> Vec<&Value> {
        citations
            .iter()
            .filter(|c| {
                c["url"]
                    .as_str()
                    .and_then(|u| url::Url::parse(u).ok())
                    .is_some_and(|u| u.host_str() == Some(host))
            })
            .collect()
    };
    for c in of("www.whitehouse.gov") {
        assert_eq!(c["verdict"], "dead", "{c}");
        let archive = &c["archive"];
        assert!(archive.is_object(), "an archived copy for {c}");
        assert_eq!(c["archive_lookup"]["outcome"], "found", "{c}");
    }
    // The joint statement moved to the Biden White House archive; the others are in
    // the Wayback Machine.
    let joint = of("www.whitehouse.gov")
        .into_iter()
        .find(|c| c["url"].as_str().unwrap().contains("joint-statement"))
        .unwrap();
    assert_eq!(joint["archive"]["source"], "known-move", "{joint}");
    for c in of("www.reuters.com")
        .into_iter()
        .chain(of("books.google.com"))
    {
        assert_eq!(c["verdict"], "unverifiable", "{c}");
    }
    for c in of("www.financialexpress.com") {
        assert_eq!(c["verdict"], "dead", "deep link sent home: {c}");
    }
    // Down with a 503: failing since today, not dead on one check.
    for c in of("www.makeinindiadefence.gov.in") {
        assert_eq!(c["verdict"], "failing", "{c}");
        assert_eq!(c["history"]["failures"], 1, "{c}");
    }
    for c in citations.iter().filter(|c| c["url"].is_null()) {
        assert_eq!(c["verdict"], "skipped", "{c}");
    }
    // Verified pages need no archive, and none is asked.
    for c in citations.iter().filter(|c| c["verdict"] == "verified") {
        assert_eq!(c["archive_lookup"], Value::Null, "{c}");
    }
    for c in of("sundayguardianlive.com") {
        assert_eq!(c["verdict"], "dead", "a soft 404: {c}");
    }
    for c in of("thewire.in") {
        assert_eq!(c["verdict"], "title-mismatch", "the page changed: {c}");
        // The capture of the time still holds the work cited, and was checked.
        assert_eq!(c["archive"]["checked"]["verdict"], "verified", "{c}");
    }
    // Every copy offered was read and found to be the work cited; the captured soft 404
    // and bot wall were read and turned down.
    for c in citations.iter().filter(|c| c["archive"].is_object()) {
        let checked = c["archive"]["checked"]["verdict"].as_str();
        assert!(matches!(checked, Some("verified" | "date-mismatch")), "{c}");
    }
    for c in of("sundayguardianlive.com")
        .into_iter()
        .chain(of("www.reuters.com"))
    {
        assert_eq!(c["archive"], Value::Null, "{c}");
        assert_eq!(c["archive_lookup"]["outcome"], "none", "{c}");
        let why = c["archive_lookup"]["rejected"][0]["why"].as_str().unwrap();
        assert!(!why.is_empty(), "{c}");
    }
    for c in of("media.defense.gov")
        .into_iter()
        .chain(of("www.cnbc.com"))
    {
        assert_eq!(c["verdict"], "verified", "{c}");
        assert!(c["scores"]["title_score"].as_f64().unwrap() >= 0.9, "{c}");
    }
    // Every page served as cited is verified on its title and date.
    let plain = citations
        .iter()
        .filter(|c| c["verdict"] == "verified")
        .filter(|c| c["scores"]["date"]["agreement"] == "agrees")
        .count();
    assert!(plain >= 30, "{plain} verified on title and date");
    assert_eq!(report["summary"]["verdicts"]["verified"], 39);
    assert_eq!(report["summary"]["citations"], 68);
}
