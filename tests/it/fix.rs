//! `citecheck fix` end to end, against a simulated web in which a cited page is gone
//! but the Wayback Machine holds a capture of it, a second page's only capture is a
//! soft 404, and a third moved for good (301).

use pulldown_cmark::{Event, Parser, Tag};
use scraper::{Html, Selector};

use crate::support::{citecheck_env, stderr, stdout};
use crate::web::{capture_path, Behaviour, Web};

const GONE: &str = "https://news.example/2023/06/steel-tariffs";
const GONE_TITLE: &str = "Steel Tariffs Rise for a Third Year";
const EMPTY: &str = "https://news.example/2023/06/empty-capture";
const ALIVE: &str = "https://blog.example/posts/link-rot";
const CAPTURE: &str =
    "https://web.archive.org/web/20230623101500/https://news.example/2023/06/steel-tariffs";

fn web() -> Web {
    let article = |t: &str| Behaviour::Article {
        title: t.to_owned(),
        date: Some("2023-06-20".to_owned()),
    };
    Web::new([
        (GONE.to_owned(), Behaviour::Gone),
        (EMPTY.to_owned(), Behaviour::Gone),
        (ALIVE.to_owned(), article("Why Links Rot")),
        (
            "https://web.archive.org/web/timemap/link/".to_owned(),
            Behaviour::TimeMap,
        ),
        (
            format!("https://web.archive.org{}", capture_path(GONE)),
            article(GONE_TITLE),
        ),
        (
            format!("https://web.archive.org{}", capture_path(EMPTY)),
            Behaviour::Soft404,
        ),
    ])
}

fn project(server: &wiremock::MockServer, name: &str, doc: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), doc).unwrap();
    std::fs::write(
        dir.path().join("citations.toml"),
        format!(
            "host_request_interval = \"0s\"\nmax_retries = 0\ntimeout = \"5s\"\n\
             archives = [\"internet-archive\"]\nhistory = false\n\n{}",
            Web::config(server)
        ),
    )
    .unwrap();
    dir
}

fn markdown_doc() -> String {
    format!(
        "# Notes\n\nTariffs rose again.[^1] The page that said so is gone.[^2] \
         See [why]({ALIVE}).\n\n\
         [^1]: Jane Roe, \"{GONE_TITLE},\" News Example, June 20, 2023, {GONE}.\n\n\
         [^2]: Jane Roe, \"Empty Capture Story,\" News Example, June 21, 2023, <{EMPTY}>.\n"
    )
}

fn rendered_links(md: &str) -> Vec<String> {
    Parser::new_ext(md, pulldown_cmark::Options::ENABLE_FOOTNOTES)
        .filter_map(|e| match e {
            Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.into_string()),
            _ => None,
        })
        .collect()
}

async fn run(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    let path = dir.to_owned();
    let args: Vec<String> = args.iter().map(|s| (*s).to_owned()).collect();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        citecheck_env(&path, &args, &[])
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn markdown_gets_the_checked_copy_beside_the_dead_link_and_is_never_overwritten() {
    let (server, _web) = web().start().await;
    let doc = markdown_doc();
    let dir = project(&server, "notes.md", &doc);
    let out = run(dir.path(), &["fix", "notes.md"]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    // The document is untouched; the copy is beside it.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.md")).unwrap(),
        doc
    );
    let fixed = std::fs::read_to_string(dir.path().join("notes.fixed.md")).unwrap();
    let links = rendered_links(&fixed);
    assert!(links.contains(&CAPTURE.to_owned()), "{fixed}");
    assert!(
        fixed.contains(&format!("{GONE} ([archived]({CAPTURE}) 2023-06-23).")),
        "{fixed}"
    );
    // The only capture of the other page is a soft 404: nothing is offered for it.
    assert!(!fixed.contains("empty-capture ([archived]"), "{fixed}");
    assert_eq!(fixed.matches("[archived]").count(), 1, "{fixed}");
    let said = stdout(&out);
    assert!(said.contains("Wrote notes.fixed.md"), "{said}");
    assert!(
        said.contains("(archived, Internet Archive, 2023-06-23)"),
        "{said}"
    );

    // Writing over the document takes --in-place; with it, the same repair.
    let refused = run(dir.path(), &["fix", "notes.md", "-o", "notes.md"]).await;
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("--in-place"),
        "{}",
        stderr(&refused)
    );
    let in_place = run(dir.path(), &["fix", "notes.md", "--in-place"]).await;
    assert!(in_place.status.success(), "{}", stderr(&in_place));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.md")).unwrap(),
        fixed
    );
    // A second repair adds nothing.
    let again = run(dir.path(), &["fix", "notes.md", "--in-place"]).await;
    assert!(again.status.success());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.md")).unwrap(),
        fixed
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn html_gets_robust_links_and_text_gets_a_list() {
    let (server, _web) = web().start().await;
    let html = format!(
        "<!doctype html><html><head><title>Notes</title></head><body>\
         <p>Tariffs rose.<sup><a href=\"#fn1\">1</a></sup></p>\
         <section class=\"footnotes\"><ol><li id=\"fn1\">Jane Roe, \
         \u{201c}{GONE_TITLE},\u{201d} News Example, June 20, 2023, \
         <a href=\"{GONE}\">{GONE}</a>.</li></ol></section></body></html>"
    );
    let dir = project(&server, "notes.html", &html);
    let out = run(dir.path(), &["fix", "notes.html"]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    let fixed = std::fs::read_to_string(dir.path().join("notes.fixed.html")).unwrap();
    let page = Html::parse_document(&fixed);
    let sel = Selector::parse("a[data-versionurl]").unwrap();
    let anchors: Vec<_> = page.select(&sel).collect();
    assert_eq!(anchors.len(), 1, "{fixed}");
    let a = anchors[0].value();
    assert_eq!(a.attr("href"), Some(GONE));
    assert_eq!(a.attr("data-originalurl"), Some(GONE));
    assert_eq!(a.attr("data-versionurl"), Some(CAPTURE));
    assert_eq!(a.attr("data-versiondate"), Some("2023-06-23"));

    // Plain text cannot be edited safely: a list in Markdown and CSV, from the report
    // of the check just made (no new requests).
    let text = format!("Jane Roe, \"{GONE_TITLE},\" News Example, June 20, 2023, {GONE}\n");
    std::fs::write(dir.path().join("paper.txt"), &text).unwrap();
    let check = run(dir.path(), &["check", "paper.txt"]).await;
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    let requests = server.received_requests().await.unwrap().len();
    let out = run(
        dir.path(),
        &["fix", "paper.txt", "--report", "reports/report.json"],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(server.received_requests().await.unwrap().len(), requests);
    let csv = std::fs::read_to_string(dir.path().join("paper.corrections.csv")).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(
        rows[0],
        "page,note,line,old_url,new_url,kind,date,archive,why"
    );
    assert_eq!(rows.len(), 2, "{csv}");
    assert!(
        rows[1].contains(&format!(
            ",{GONE},{CAPTURE},archived,2023-06-23,Internet Archive,"
        )),
        "{csv}"
    );
    let md = std::fs::read_to_string(dir.path().join("paper.corrections.md")).unwrap();
    assert!(rendered_links(&md).contains(&CAPTURE.to_owned()), "{md}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("paper.txt")).unwrap(),
        text
    );
    // In place makes no sense for a list.
    let refused = run(dir.path(), &["fix", "paper.txt", "--in-place"]).await;
    assert_eq!(refused.status.code(), Some(2));

    // A PDF is never edited: its corrections are listed beside it, whatever it holds.
    let pdf = crate::web::pdf(GONE_TITLE, "2023-06-20");
    std::fs::write(dir.path().join("brief.pdf"), &pdf).unwrap();
    let report = std::fs::read_to_string(dir.path().join("reports/report.json"))
        .unwrap()
        .replace("\"paper.txt\"", "\"brief.pdf\"");
    std::fs::write(dir.path().join("brief.json"), report).unwrap();
    let out = run(dir.path(), &["fix", "brief.pdf", "--report", "brief.json"]).await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(std::fs::read(dir.path().join("brief.pdf")).unwrap(), pdf);
    let csv = std::fs::read_to_string(dir.path().join("brief.corrections.csv")).unwrap();
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(stdout(&out).contains("1 correction(s): 0 written into the copy, 1 listed"));
    // A report that does not hold the document is an error, not an empty repair.
    let out = run(dir.path(), &["fix", "notes.html", "--report", "brief.json"]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("holds no citation of notes.html"),
        "{}",
        stderr(&out)
    );
}
