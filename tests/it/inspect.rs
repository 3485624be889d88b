//! The inspect stage on fixture pages (issue 4): encodings, JSON-LD graphs, soft 404s,
//! bot walls, sidebar dates, PDFs with and without an Info title; and the CLI.

use citecheck::inspect::{inspect_bytes, DateKind, PageKind, PageMeta};
use lopdf::{dictionary, Document, Object, Stream};

use crate::support::{citecheck, fixture, stdout};

fn page(name: &str, url: &str) -> PageMeta {
    let bytes = std::fs::read(fixture(&format!("pages/{name}"))).unwrap();
    inspect_bytes(&bytes, None, Some(url))
}

fn sources(meta: &PageMeta) -> Vec<(String, String)> {
    meta.dates
        .iter()
        .map(|d| (d.source.clone(), d.value.to_string()))
        .collect()
}

#[test]
fn gb2312_government_page() {
    let meta = page(
        "gov-gb2312.html",
        "https://www.example.gov.cn/zhengce/202402/t20240228_123456.htm",
    );
    assert_eq!(
        meta.title.as_deref(),
        Some("关于进一步加强国防教育工作的通知")
    );
    // The labelled date beside the title, not the nav's or the related list's.
    assert_eq!(meta.date.as_deref(), Some("2024-02-29"));
    let dates = sources(&meta);
    assert!(
        dates.contains(&("url".into(), "2024-02-28".into())),
        "{dates:?}"
    );
    assert!(!dates.iter().any(|(_, d)| d == "2022-05-24"), "{dates:?}");
    assert!(!meta.soft_404 && !meta.blocked);
}

#[test]
fn windows_1252_page() {
    let meta = page("windows-1252.html", "https://example.fr/cafes");
    assert_eq!(
        meta.title.as_deref(),
        Some("Café culture – a résumé of Paris’ bistros")
    );
    assert_eq!(meta.date.as_deref(), Some("2019-05-07"));
}

#[test]
fn json_ld_graph() {
    let meta = page("jsonld-graph.html", "https://review.example/quad/");
    assert_eq!(meta.title.as_deref(), Some("The Quad at Twenty"));
    assert_eq!(meta.date.as_deref(), Some("2023-06-22"));
    assert_eq!(meta.modified.as_deref(), Some("2023-07-01"));
    assert_eq!(meta.site_name.as_deref(), Some("Strategy Review"));
    assert!(meta
        .titles
        .iter()
        .any(|t| t.source == "json-ld:headline" && t.value == "The Quad at Twenty"));
    assert!(!meta.titles.iter().any(|t| t.value == "A. Writer"));
}

#[test]
fn soft_404_and_bot_walls() {
    let soft = page("soft-404.html", "https://example.gov/news/2020/old");
    assert!(soft.soft_404 && !soft.blocked, "{soft:?}");
    let cf = page("cloudflare-challenge.html", "https://www.example.com/a");
    assert!(cf.blocked && !cf.soft_404, "{cf:?}");
    let akamai = page("akamai-denied.html", "https://www.example.com/news/");
    assert!(akamai.blocked, "{akamai:?}");
    let fine = page("jsonld-graph.html", "https://review.example/quad/");
    assert!(!fine.blocked && !fine.soft_404);
}

#[test]
fn sidebar_dates_do_not_win() {
    let meta = page(
        "sidebar-dates.html",
        "https://daily.example/world/defence-pact",
    );
    assert_eq!(
        meta.title.as_deref(),
        Some("Defence pact signed in New Delhi")
    );
    assert_eq!(meta.date.as_deref(), Some("2023-11-09"));
    let published: Vec<_> = meta
        .dates
        .iter()
        .filter(|d| d.kind == DateKind::Published)
        .map(|d| d.value.to_string())
        .collect();
    assert!(
        !published.iter().any(|d| d.starts_with("2024-05")),
        "{published:?}"
    );
    assert!(
        !published.iter().any(|d| d.starts_with("2022-0")),
        "{published:?}"
    );
}

/// A one-page PDF whose page shows `text`, with an Info `Title` when given.
fn pdf(text: &str, info_title: Option<&str>) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let resources_id = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font_id },
    });
    let content = format!("BT /F1 18 Tf 72 720 Td ({text}) Tj ET");
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        "Resources" => resources_id, "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut info = dictionary! { "CreationDate" => Object::string_literal("D:20230415093000Z") };
    if let Some(t) = info_title {
        info.set("Title", Object::string_literal(t));
    }
    let info_id = doc.add_object(info);
    doc.trailer.set("Info", info_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn pdf_with_info_title() {
    let bytes = pdf(
        "Roads and Bridges Annual Report 2023",
        Some("Annual Report 2023"),
    );
    let meta = inspect_bytes(&bytes, Some("application/pdf"), None);
    assert_eq!(meta.kind, PageKind::Pdf);
    assert_eq!(meta.title.as_deref(), Some("Annual Report 2023"));
    assert_eq!(meta.date.as_deref(), Some("2023-04-15"));
    assert!(meta.lead.contains("Roads and Bridges"), "{:?}", meta.lead);
}

#[test]
fn pdf_without_info_title_uses_first_page() {
    let bytes = pdf("Roads and Bridges Annual Report 2023", None);
    let meta = inspect_bytes(&bytes, None, None);
    assert_eq!(meta.kind, PageKind::Pdf);
    assert_eq!(
        meta.title.as_deref(),
        Some("Roads and Bridges Annual Report 2023")
    );
    assert!(meta.titles.iter().all(|t| t.source != "pdf:info"));
}

#[test]
fn corrupt_and_cut_pdfs_do_not_panic() {
    let whole = pdf(
        "Roads and Bridges Annual Report 2023",
        Some("Annual Report 2023"),
    );
    for cut in [10, 100, whole.len() / 2, whole.len() - 10] {
        let meta = inspect_bytes(&whole[..cut], Some("application/pdf"), None);
        assert_eq!(meta.kind, PageKind::Pdf);
    }
    let mut scrambled = whole.clone();
    for (i, b) in scrambled.iter_mut().enumerate().skip(20) {
        if i % 7 == 0 {
            *b = b.wrapping_add(13);
        }
    }
    let _ = inspect_bytes(&scrambled, None, None);
}

#[test]
fn cli_prints_page_meta_as_json() {
    let file = fixture("pages/jsonld-graph.html");
    let dir = tempfile::tempdir().unwrap();
    let out = citecheck(
        dir.path(),
        &[
            "inspect",
            file.to_str().unwrap(),
            "--url",
            "https://review.example/quad/",
            "--format",
            "json",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    for key in [
        "title",
        "date",
        "titles",
        "dates",
        "site_name",
        "kind",
        "soft_404",
        "blocked",
    ] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    assert_eq!(json["title"], "The Quad at Twenty");
    assert_eq!(json["date"], "2023-06-22");
    assert_eq!(json["kind"], "html");
    assert_eq!(json["dates"][0]["kind"], "published");
    assert!(json["dates"][0]["precision"].is_string());
}

#[test]
fn cli_inspects_a_url() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(wiremock::MockServer::start());
    let body = std::fs::read(fixture("pages/gov-gb2312.html")).unwrap();
    runtime.block_on(
        wiremock::Mock::given(wiremock::matchers::path("/zhengce/202402/t20240228_1.htm"))
            .respond_with(
                wiremock::ResponseTemplate::new(200)
                    .set_body_raw(body, "text/html; charset=gb2312"),
            )
            .expect(1)
            .mount(&server),
    );
    let url = format!("{}/zhengce/202402/t20240228_1.htm", server.uri());
    let dir = tempfile::tempdir().unwrap();
    let out = citecheck(dir.path(), &["inspect", &url]);
    assert!(out.status.success(), "{out:?}");
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["title"], "关于进一步加强国防教育工作的通知");
    assert_eq!(json["date"], "2024-02-29");
    drop(server);
}

/// Markup built to make the parser slow is cut down before it is parsed, and gives at
/// most the capped number of candidates (`cargo bench --bench inspect`, `hostile`,
/// measures the time).
#[test]
fn hostile_markup_is_bounded_before_parsing() {
    let nested = format!(
        "<html><body><h1>T</h1>{}{}",
        "<time>".repeat(20_000),
        "x".repeat(1000)
    );
    let window = citecheck::inspect::lean::lean(&nested).window;
    assert!(window.matches("<time>").count() < citecheck::inspect::lean::MAX_OPEN);
    let many_titles = format!(
        "<head>{}</head><body>{}",
        "<meta property=\"og:title\" content=\"a\">".repeat(20_000),
        "<h1>x</h1>".repeat(20_000)
    );
    let deep_json = format!(
        "<script type=application/ld+json>{}</script>",
        "{\"@graph\":[".repeat(5_000)
    );
    for html in [nested, many_titles, deep_json] {
        let meta = citecheck::inspect::inspect_text(&html, None);
        assert!(meta.titles.len() <= 64 && meta.dates.len() <= 64);
    }
}

#[test]
fn cli_says_what_a_fetch_came_to_and_fails_when_nothing_came() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(wiremock::MockServer::start());
    runtime.block_on(
        wiremock::Mock::given(wiremock::matchers::path("/missing"))
            .respond_with(wiremock::ResponseTemplate::new(404).set_body_raw(
                "<html><head><title>Error response</title></head><body>404</body></html>",
                "text/html",
            ))
            .mount(&server),
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("citations.toml"),
        "max_retries = 0\ncache = false\n[resolve]\n\"gone.test\" = []\n",
    )
    .unwrap();

    // A 404 page: its title is shown as the error page's, with the status.
    let url = format!("{}/missing", server.uri());
    let out = citecheck(dir.path(), &["inspect", &url, "--format", "markdown"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let md = stdout(&out);
    assert!(md.contains("- fetch: HTTP 404 (not-found)"), "{md}");
    assert!(md.contains(&format!("- final URL: {url}")), "{md}");
    assert!(
        md.contains("- title: Error response (of the HTTP 404 page)"),
        "{md}"
    );
    let out = citecheck(dir.path(), &["inspect", &url]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["fetch"]["status"], 404);
    assert_eq!(json["fetch"]["outcome"], "not-found");

    // A name that does not resolve, and a refused connection: nothing fetched, exit 1.
    let closed = crate::fetch::closed_port("127.0.0.1");
    let cases = [
        ("http://gone.test/page".to_owned(), "gone", "dns-not-found"),
        (format!("http://{closed}/page"), "network-error", "connect"),
    ];
    for (url, outcome, failure) in cases {
        let out = citecheck(dir.path(), &["inspect", &url]);
        assert_eq!(out.status.code(), Some(1), "{url}: {out:?}");
        let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(json["fetch"]["outcome"], outcome, "{url}: {json}");
        assert_eq!(json["fetch"]["failure"], failure, "{url}");
        assert_eq!(json["title"], serde_json::Value::Null);
        let out = citecheck(dir.path(), &["inspect", &url, "--format", "markdown"]);
        assert_eq!(out.status.code(), Some(1), "{url}");
        assert!(
            stdout(&out).contains(&format!("({outcome})")),
            "{}",
            stdout(&out)
        );
        assert!(
            stdout(&out).contains(&format!("- failure: {failure}")),
            "{}",
            stdout(&out)
        );
    }
    drop(server);
}
