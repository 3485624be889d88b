//! The three false alarms seen when the corpus was checked against a faithful copy of
//! its sites (issue 15), each from a page to a verdict: a PDF's own dates, a title cited
//! with its words glued together against a page that adds a subtitle, and a date stated
//! in UTC on a page that gives its own time zone.

use citecheck::compare::compare;
use citecheck::extract::parse_one;
use citecheck::inspect::inspect_bytes;
use citecheck::types::{DateAgreement, FetchOutcome, Fetched, VerdictCode};

/// A fetch that answered 200 at `url`.
fn fetched(url: &str) -> Fetched {
    let mut f = Fetched::new(url);
    f.outcome = FetchOutcome::Ok;
    f.status = Some(200);
    f
}

#[test]
fn a_pdf_created_and_uploaded_later_is_not_a_date_mismatch() {
    let url = "https://www.example.org/wp-content/uploads/2020/05/India-Defence-Report.pdf";
    let c = parse_one(&format!(
        "Example Institute, “India Defence Industry Report,” March 2017, {url}."
    ))
    .remove(0);
    // The PDF says it was created in May 2020, and its path says so too.
    let pdf = crate::web::pdf("India Defence Industry Report", "2020-05-04");
    let page = inspect_bytes(&pdf, Some("application/pdf"), Some(url));
    let v = compare(&c, Some(&fetched(url)), Some(&page));
    assert_eq!(v.verdict, VerdictCode::Verified, "{}", v.reason);
    assert!(
        v.reason.contains("no publication date found"),
        "{}",
        v.reason
    );
    let dates = v.evidence.date.unwrap();
    assert_eq!(dates.agreement, DateAgreement::Unknown);
    assert!(dates.weak);
    // The same file cited as of 2020 agrees with it.
    let c2020 = parse_one(&format!(
        "Example Institute, “India Defence Industry Report,” May 2020, {url}."
    ))
    .remove(0);
    let v = compare(&c2020, Some(&fetched(url)), Some(&page));
    assert_eq!(v.evidence.date.unwrap().agreement, DateAgreement::Agrees);
}

#[test]
fn glued_words_against_a_title_with_a_subtitle_added() {
    let url = "https://books.example.org/books/about/The_U_S_India_global_Partnership.html";
    let c = parse_one(&format!(
        "[3] Ashley J. Tellis,“The US-India‘Global Partnership’: How Significant for \
         AmericanInterests?”Testimony before the House Committee on International Relations, \
         November 16, 2005, {url}."
    ))
    .remove(0);
    let html = "<html><head><title>The U.S.-India \"global Partnership\": How Significant for \
                American Interests? : Hearing Before the Committee on International Relations, \
                House of Representatives, One Hundred Ninth Congress, First Session, November \
                16, 2005 - Google Books</title></head><body><h1>The U.S.-India \"global \
                Partnership\"</h1></body></html>";
    let page = inspect_bytes(html.as_bytes(), Some("text/html"), Some(url));
    let v = compare(&c, Some(&fetched(url)), Some(&page));
    assert_eq!(v.verdict, VerdictCode::Verified, "{}", v.reason);
    assert!(v.evidence.title_score.unwrap() >= 0.9, "{:?}", v.evidence);
}

#[test]
fn a_date_stated_in_utc_is_read_in_the_page_time_zone() {
    // Published at 23:30 in New York on June 22; the JSON-LD gives the same moment in
    // UTC, which is already June 23.
    let url = "https://news.example.com/story/defense-ties";
    let html = r#"<html><head><title>Defense Ties Deepen</title>
        <script type="application/ld+json">{"@type": "NewsArticle", "headline": "Defense Ties Deepen",
          "datePublished": "2023-06-23T03:30:00Z"}</script>
        <meta property="article:modified_time" content="2023-06-22T23:45:00-04:00">
        </head><body><h1>Defense Ties Deepen</h1></body></html>"#;
    let page = inspect_bytes(html.as_bytes(), Some("text/html"), Some(url));
    assert_eq!(page.date.as_deref(), Some("2023-06-22"), "{:?}", page.dates);
    let c = parse_one(&format!(
        "Jane Doe, “Defense Ties Deepen,” News, June 22, 2023, {url}."
    ))
    .remove(0);
    let v = compare(&c, Some(&fetched(url)), Some(&page));
    assert_eq!(v.verdict, VerdictCode::Verified, "{}", v.reason);
    let dates = v.evidence.date.unwrap();
    assert_eq!(dates.agreement, DateAgreement::Agrees);
    assert_eq!(
        dates.page_date.map(|d| d.to_string()).as_deref(),
        Some("2023-06-22")
    );
}
