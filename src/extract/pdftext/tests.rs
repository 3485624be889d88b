use super::*;

fn read(text: &str) -> Vec<(Option<u32>, String, usize, String)> {
    notes(text)
        .into_iter()
        .map(|n| (n.page, n.label, n.line, n.text))
        .collect()
}

fn texts(text: &str) -> Vec<(String, String)> {
    notes(text).into_iter().map(|n| (n.label, n.text)).collect()
}

fn pairs(want: &[(&str, &str)]) -> Vec<(String, String)> {
    want.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn notes_after_body_and_before_it() {
    let text = "正文第一页，提到 [1]，还有 [2]。\n[1] A, “One,” 2020.\n[2] B, “Two,” 2021, https://\nx.org/a.\n-1-\n [1] C, “Three,” 2022.\n和海底 [1]，正文。\n";
    assert_eq!(
        read(text),
        vec![
            (Some(1), "1".into(), 2, "A, “One,” 2020.".into()),
            (
                Some(1),
                "2".into(),
                3,
                "B, “Two,” 2021, https://x.org/a.".into()
            ),
            (Some(2), "1".into(), 6, "C, “Three,” 2022.".into()),
        ]
    );
}

#[test]
fn table_after_last_note_is_not_part_of_it() {
    let text = "正文 [1]\n[1] Ibid.\n\n合作类别 合作领域 具体合作内容\n";
    assert_eq!(notes(text)[0].text, "Ibid.");
}

#[test]
fn chinese_note_goes_on_until_complete() {
    let text =
        "正文 [1]\n[1] 王世达 ：《论印度》，载《和平与\n\n发展》2023 年第 1 期，第 72 页。\n";
    assert_eq!(
        notes(text)[0].text,
        "王世达 ：《论印度》，载《和平与发展》2023 年第 1 期，第 72 页。"
    );
}

#[test]
fn number_space_labels() {
    // The commonest `pdftotext` shape of a LaTeX page: the superscript became `1 `.
    let text = "Half of the links had died.1 The pattern holds in medicine.2\n\
        More body text here.\n\
        1 Jonathan Zittrain, “Perma: Scoping and Addressing the Problem,” Harvard Law\n\
        Review Forum 127 (2014), https://harvardlawreview.org/forum/vol-127/perma-\n\
        scoping-and-addressing/.\n\
        2 Ibid.\n\
        \u{c}Next page body.\n";
    assert_eq!(
        texts(text),
        pairs(&[
            ("1", "Jonathan Zittrain, “Perma: Scoping and Addressing the Problem,” Harvard Law Review Forum 127 (2014), https://harvardlawreview.org/forum/vol-127/perma-scoping-and-addressing/."),
            ("2", "Ibid."),
        ])
    );
}

#[test]
fn plain_numbers_need_a_marker_in_the_body() {
    // No body text refers to 1 or 2: these are numbered lines, not notes.
    let text = "Steps to follow\n1 Open the box\n2 Take the device out\n";
    assert!(notes(text).is_empty());
    assert!(!has_footnotes(text));
}

#[test]
fn numbers_alone_before_their_notes() {
    // Typst, as `pdftotext` prints it: each number on its own line, the folio last.
    let text = "body cites one.1 And two.2\n\n1\nA, “One,” 2020,\nhttps://a.org/x.\n2\nIbid.\n\n101\n\u{c}more body.3\n3\nB, “Two,” 2021.\n\n102\n";
    assert_eq!(
        read(text),
        vec![
            (
                Some(1),
                "1".into(),
                4,
                "A, “One,” 2020, https://a.org/x.".into()
            ),
            (Some(1), "2".into(), 7, "Ibid.".into()),
            (Some(2), "3".into(), 12, "B, “Two,” 2021.".into()),
        ]
    );
}

#[test]
fn glued_labels() {
    let text = "body cites one.1 And two.2\n\n1Martin Klein et al., “Scholarly Context,” PLOS ONE 9\n(2014), https://doi.org/10.\n1371/journal.pone.0115253.\n2“Fact Sheet,” The White House, May 23, 2022.\n";
    assert_eq!(
        texts(text),
        pairs(&[
            ("1", "Martin Klein et al., “Scholarly Context,” PLOS ONE 9 (2014), https://doi.org/10.1371/journal.pone.0115253."),
            ("2", "“Fact Sheet,” The White House, May 23, 2022."),
        ])
    );
}

#[test]
fn numbers_alone_after_their_notes() {
    // LibreOffice, as `pdftotext` prints it: a note's number after its text, except
    // for a note of one line, whose number comes first; the first note follows the
    // body with no blank line.
    let text = "Body that cites a study.1 And repeats it.2 And more.3\n\
        A careful study must therefore look at\n\
        Jonathan Zittrain, Kendra Albert and Lawrence Lessig, “Perma: Scoping\n\
        and Addressing the Problem,” Harvard Law Review Forum 127 (2014),\n\
        https://harvardlawreview.org/forum/vol-127/perma/.\n\
        1\n\n2\n\nIbid.\n\n\
        Adam Liptak, “In Supreme Court Opinions, Web Links to Nowhere,” The\n\
        New York Times, September 23, 2013.\n\
        3\n\n\u{c}next page\n";
    assert_eq!(
        read(text),
        vec![
            (Some(1), "1".into(), 3, "Jonathan Zittrain, Kendra Albert and Lawrence Lessig, “Perma: Scoping and Addressing the Problem,” Harvard Law Review Forum 127 (2014), https://harvardlawreview.org/forum/vol-127/perma/.".into()),
            (Some(1), "2".into(), 10, "Ibid.".into()),
            (Some(1), "3".into(), 12, "Adam Liptak, “In Supreme Court Opinions, Web Links to Nowhere,” The New York Times, September 23, 2013.".into()),
        ]
    );
}

#[test]
fn one_line_note_alone_on_its_page() {
    // One note of one line: its number comes first, whichever the typesetter.
    let text = "Body.1\n\n1\n\nIbid.\n";
    assert_eq!(texts(text), pairs(&[("1", "Ibid.")]));
}

#[test]
fn chinese_numbers_after_notes() {
    let text = "并提出了下一阶段的合作重点。1白皮书指出，增长了一倍以上。2\n\n\
        商务部：《中国—东盟数字经济合作白皮书》，2024 年 2 月 29\n\
        日，http://www.mofcom.gov.cn/article/ae/ai/\n\
        202402/20240203474653.shtml，2024 年 5 月 1 日访问。\n\
        1\n\n2\n\n同上，第 15 页。\n\n\u{c}";
    assert_eq!(
        texts(text),
        pairs(&[
            ("1", "商务部：《中国—东盟数字经济合作白皮书》，2024 年 2 月 29日，http://www.mofcom.gov.cn/article/ae/ai/202402/20240203474653.shtml，2024 年 5 月 1 日访问。"),
            ("2", "同上，第 15 页。"),
        ])
    );
}

#[test]
fn numbering_carries_over_pages() {
    let text = "a.1\n1 A, “One,” 2020.\n\u{c}b.2 c.3\n2 B, “Two,” 2021.\n3 C, “Three,” 2022.\n";
    let got: Vec<(Option<u32>, String)> =
        notes(text).into_iter().map(|n| (n.page, n.label)).collect();
    assert_eq!(
        got,
        vec![
            (Some(1), "1".into()),
            (Some(2), "2".into()),
            (Some(2), "3".into())
        ]
    );
}

#[test]
fn a_note_goes_on_overleaf() {
    let text = "Notes\n  1.   TeleGeography, “FAQ,”\n       TeleGeography, March 1, 2023,\n\u{c}     https://www2.telegeography.com/submarine-cable-faqs-frequently-\n     asked-questions.\n2.   Ibid.\n";
    assert_eq!(
        texts(text),
        pairs(&[
            ("1", "TeleGeography, “FAQ,” TeleGeography, March 1, 2023, https://www2.telegeography.com/submarine-cable-faqs-frequently-asked-questions."),
            ("2", "Ibid."),
        ])
    );
}

#[test]
fn labels_printed_as_a_column_apart() {
    // LibreOffice's endnotes: the labels come out one after another, then the texts.
    let text = "body.1 more.2 and.3\nNotes\n1.\n\nA, “One,”\nSite, 2020,\n\u{c}2.\n3.\n\nhttps://a.org/x.\nJoe Brock, “Two,” 2021.\nIbid.\n";
    assert_eq!(
        texts(text),
        pairs(&[
            ("1", "A, “One,” Site, 2020, https://a.org/x."),
            ("2", "Joe Brock, “Two,” 2021."),
            ("3", "Ibid."),
        ])
    );
}

#[test]
fn many_labels_stay_linear() {
    // Ten thousand `1`s alone, each a run of its own (a search of every run for each
    // label would take minutes): one run wins, with one note.
    let text = "body.1\n".to_string() + &"1\nnote\n".repeat(10_000);
    assert!(notes(&text).len() <= 1);
}

#[test]
fn a_marker_after_a_multibyte_space_is_read_without_a_panic() {
    // Found by the extract fuzzer: windows-1252 turns byte A0 into a no-break space,
    // two bytes in UTF-8, just before a note marker.
    let bytes = b"\xe2\x91\xa0[4\n44[4\n44\n4[4\n44\n\xbdP \xff4~";
    let read = crate::extract::document::extract_bytes("fuzz.txt", bytes, None);
    assert!(read.is_ok());
    let text = "Body text\u{a0}2 more.\n2 A note, https://example.org/a\n";
    assert!(notes(text).iter().all(|n| !n.text.is_empty()));
}
