//! Documents other than the corpus, in the same styles and in Markdown and plain text.

use citecheck::extract::{document, extract, Citation, Format};

use crate::support::fixture;

fn citations(name: &str) -> (Format, Vec<Citation>) {
    let path = fixture(&format!("docs/{name}"));
    let doc = document::read(&path).unwrap();
    let format = Format::detect(Some(&path), &doc.text);
    (format, extract(name, &doc.text, format))
}

/// (page, note, url) of each citation.
fn located(cites: &[Citation]) -> Vec<(Option<u32>, &str, Option<&str>)> {
    cites
        .iter()
        .map(|c| (c.page, c.note.as_str(), c.url.as_deref()))
        .collect()
}

#[test]
fn english_endnotes_numbered_across_form_feed_pages() {
    let (format, cites) = citations("english-endnotes.txt");
    assert_eq!(format, Format::PdfText);
    let wh = "https://www.whitehouse.gov/briefing-room/statements-releases/2022/05/23/fact-sheet-quad-leaders-tokyo-summit-2022/";
    assert_eq!(
        located(&cites),
        vec![
            (Some(1), "1", Some(wh)),
            (Some(1), "2", Some("https://carnegieendowment.org/2021/03/03/what-is-happening-in-indian-ocean-pub-83948")),
            (Some(1), "3", Some("https://carnegieendowment.org/2021/03/03/what-is-happening-in-indian-ocean-pub-83948")),
            (Some(2), "4", Some("https://www.indiannavy.gov.in/ifc-ior/about-us.html")),
            (Some(2), "5", Some("https://economictimes.indiatimes.com/news/defence/india-us-sign-logistics-pact/articleshow/53925565.cms")),
            (Some(2), "5", Some("https://indianexpress.com/article/explained/lemoa-explained-3005367/")),
        ]
    );
    assert!(cites[2].ibid);
    assert_eq!(
        cites[1].title.as_deref(),
        Some("What Is Happening in the Indian Ocean?")
    );
    assert_eq!(
        cites[1].date.map(|d| d.to_string()).as_deref(),
        Some("2021-03-03")
    );
    assert_eq!(
        cites[1].accessed.map(|d| d.to_string()).as_deref(),
        Some("2024-05-04")
    );
    assert_eq!(cites[5].title.as_deref(), Some("LEMOA Explained"));
    assert_eq!(
        cites[5].date.map(|d| d.to_string()).as_deref(),
        Some("2016-08-31")
    );
}

#[test]
fn chinese_circled_notes_with_tongshang_and_access_dates() {
    let (format, cites) = citations("chinese-circled.txt");
    assert_eq!(format, Format::PdfText);
    let mofcom = "http://www.mofcom.gov.cn/article/ae/ai/202402/20240203474653.shtml";
    assert_eq!(
        located(&cites),
        vec![
            (Some(1), "①", Some(mofcom)),
            (Some(1), "②", Some(mofcom)),
            (Some(1), "③", None),
            (
                Some(2),
                "①",
                Some("https://www.news.cn/world/2023-08/20/c_1129813456.htm")
            ),
        ]
    );
    assert_eq!(
        cites[0].title.as_deref(),
        Some("中国—东盟数字经济合作白皮书")
    );
    assert_eq!(
        cites[0].date.map(|d| d.to_string()).as_deref(),
        Some("2024-02-29")
    );
    assert_eq!(
        cites[0].accessed.map(|d| d.to_string()).as_deref(),
        Some("2024-05-01")
    );
    assert!(cites[1].ibid && !cites[0].ibid);
    assert_eq!(cites[2].title.as_deref(), Some("数字贸易规则的区域协调"));
    assert_eq!(cites[2].container.as_deref(), Some("国际经济合作"));
    assert_eq!(
        cites[2].date.map(|d| d.to_string()).as_deref(),
        Some("2023")
    );
    assert_eq!(cites[3].raw, "新华社：《中国—东盟自贸区 3.0 版谈判取得积极进展》，2023 年 8 月 20 日，https://www.news.cn/world/2023-08/20/c_1129813456.htm。");
}

#[test]
fn markdown_footnotes_links_and_autolinks() {
    let (format, cites) = citations("footnotes.md");
    assert_eq!(format, Format::Markdown);
    let got: Vec<(&str, usize, Option<&str>)> = cites
        .iter()
        .map(|c| (c.note.as_str(), c.line, c.url.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("link-1", 5, Some("https://blog.archive.org/2018/10/01/more-than-9-million-broken-links-on-wikipedia-are-now-rescued/")),
            ("link-2", 6, Some("https://www.w3.org/Provider/Style/URI")),
            ("zittrain", 12, Some("https://harvardlawreview.org/forum/vol-127/perma-scoping-and-addressing-the-problem-of-link-and-reference-rot-in-legal-citations/")),
            ("2", 17, Some("https://www.nytimes.com/2013/09/24/us/politics/in-supreme-court-opinions-clicks-that-lead-nowhere.html")),
        ]
    );
    assert_eq!(
        cites[2].title.as_deref(),
        Some("Perma: Scoping and Addressing the Problem of Link and Reference Rot in Legal Citations")
    );
    assert_eq!(
        cites[2].date.map(|d| d.to_string()).as_deref(),
        Some("2014-03-17")
    );
    assert_eq!(
        cites[3].title.as_deref(),
        Some("In Supreme Court Opinions, Web Links to Nowhere")
    );
    assert_eq!(
        cites[3].date.map(|d| d.to_string()).as_deref(),
        Some("2013-09-23")
    );
}

#[test]
fn plain_list_of_urls() {
    let (format, cites) = citations("urls.txt");
    assert_eq!(format, Format::Plain);
    let got: Vec<(&str, usize, Option<&str>)> = cites
        .iter()
        .map(|c| (c.note.as_str(), c.line, c.url.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "url-1",
                1,
                Some("https://www.state.gov/united-states-india-relations/")
            ),
            ("url-2", 2, Some("https://www.defense.gov/News/Releases/")),
            ("url-3", 3, Some("http://www.example.org/a?b=1&c=2")),
            (
                "url-4",
                4,
                Some("www.usip.org/publications/2023/06/big-step-forward-us-india-defense-ties")
            ),
        ]
    );
    assert!(cites.iter().all(|c| c.title.is_none() && c.date.is_none()));
}
