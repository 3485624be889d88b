use super::*;
use crate::types::BiblioSource;

fn record(
    title: &str,
    authors: &[&str],
    year: Option<u16>,
    container: Option<&str>,
) -> BiblioRecord {
    BiblioRecord {
        source: BiblioSource::Crossref,
        id: "10.1000/x".into(),
        doi: Some("10.1000/x".into()),
        url: "https://doi.org/10.1000/x".into(),
        title: title.into(),
        authors: authors.iter().map(|a| (*a).to_owned()).collect(),
        year,
        other_years: Vec::new(),
        container: container.map(str::to_owned),
        kind: None,
    }
}

/// A citation as the extract stage would give it.
fn cited(text: &str, title: Option<&str>, authors: &[&str], year: Option<u16>) -> Cited {
    let authors: Vec<String> = authors.iter().map(|a| (*a).to_owned()).collect();
    Cited::new(text, title, &authors, year, None)
}

const RUSI: &str = "Stephan Frühling and Benjamin Schreer, “Creating the Next Generation of NATO \
                    Partnerships,” The RUSI Journal , Vol.155, No.1, 2010, pp.52-57.";

fn rusi() -> Cited {
    cited(
        RUSI,
        Some("Creating the Next Generation of NATO Partnerships"),
        &["Stephan Frühling", "Benjamin Schreer"],
        Some(2010),
    )
}

#[test]
fn the_work_itself() {
    let r = record(
        "Creating the Next Generation of NATO Partnerships",
        &["Frühling, Stephan", "Schreer, Benjamin"],
        Some(2010),
        Some("The RUSI Journal"),
    );
    let a = assess(&rusi(), &r);
    assert_eq!(a.decision, Decision::Same, "{a:?}");
    assert_eq!(
        (a.authors, a.year, a.container),
        (Authors::Agree, Year::Agrees, true)
    );
    assert!(a.title > 0.99);
}

#[test]
fn the_work_with_another_year_is_still_the_work() {
    let r = record(
        "Creating the next generation of NATO partnerships",
        &["Fruhling, Stephan"],
        Some(2014),
        Some("RUSI Journal"),
    );
    let a = assess(&rusi(), &r);
    assert_eq!(
        (a.decision, a.year),
        (Decision::Same, Year::Differs),
        "{a:?}"
    );
}

#[test]
fn near_neighbours_are_not_the_work() {
    let neighbours = [
        // The same authors' other paper.
        record("NATO and the Asia-Pacific: Partners in Need", &["Frühling, Stephan"], Some(2011), None),
        // A follow-up that shares most words.
        record(
            "The Next Generation of NATO Partnerships Revisited: Lessons from Afghanistan and Libya",
            &["Schreer, Benjamin"],
            Some(2013),
            None,
        ),
        // A review of something else with the same key words.
        record("Review: NATO Partnerships", &["Smith, John"], Some(2010), None),
    ];
    for r in &neighbours {
        let a = assess(&rusi(), r);
        assert_eq!(a.decision, Decision::Other, "{}: {a:?}", r.title);
    }
}

#[test]
fn a_real_title_with_other_authors_is_flagged() {
    let r = record(
        "Creating the Next Generation of NATO Partnerships",
        &["Doe, Jane", "Roe, Richard"],
        Some(2010),
        None,
    );
    assert_eq!(assess(&rusi(), &r).decision, Decision::OtherAuthors);
}

#[test]
fn a_changed_title_is_not_the_work_even_with_the_same_authors() {
    // Fabricated by changing half the title of a real paper.
    let text = "Stephan Frühling and Benjamin Schreer, “Building the Next Alliance of Pacific \
                Democracies,” The RUSI Journal, Vol.155, No.1, 2010, pp.52-57.";
    let c = cited(
        text,
        Some("Building the Next Alliance of Pacific Democracies"),
        &["Stephan Frühling", "Benjamin Schreer"],
        Some(2010),
    );
    let r = record(
        "Creating the Next Generation of NATO Partnerships",
        &["Frühling, Stephan", "Schreer, Benjamin"],
        Some(2010),
        Some("The RUSI Journal"),
    );
    assert_eq!(assess(&c, &r).decision, Decision::Other);
}

#[test]
fn a_misparsed_title_is_rescued_by_the_text() {
    // The parser took the container into the title; the record's title stands in the
    // text in order, and the extra words are few.
    let text = "Behera, L. K. (2021). Examining India's defence innovation performance. \
                Journal of Strategic Studies, 44(6), 830.";
    let c = cited(
        text,
        Some("Examining India's defence innovation performance. Journal of Strategic"),
        &["Behera, L. K."],
        Some(2021),
    );
    let r = record(
        "Examining India’s Defence Innovation Performance",
        &["Behera, Laxman Kumar"],
        Some(2021),
        Some("Journal of Strategic Studies"),
    );
    assert_eq!(assess(&c, &r).decision, Decision::Same);
}

#[test]
fn a_dropped_subtitle_still_matches() {
    let text = "Jain, B. M. India-US Relations in the Age of Uncertainty. Oxon: Routledge, 2016.";
    let c = cited(
        text,
        Some("India-US Relations in the Age of Uncertainty"),
        &["Jain, B. M."],
        Some(2016),
    );
    let r = record(
        "India-US Relations in the Age of Uncertainty: An Uneasy Courtship",
        &["B. M. Jain"],
        Some(2016),
        Some("Routledge"),
    );
    assert_eq!(assess(&c, &r).decision, Decision::Same);
}

#[test]
fn short_titles_need_more_than_the_title() {
    let c = cited("Introduction. 2019.", Some("Introduction"), &[], Some(2019));
    let other = record("Introduction", &[], Some(1990), None);
    assert_eq!(assess(&c, &other).decision, Decision::Other);
    let same_year = record("Introduction", &[], Some(2019), None);
    assert_eq!(assess(&c, &same_year).decision, Decision::Same);
}

#[test]
fn names_in_other_scripts_and_with_particles() {
    let text =
        "王世达：《印美安全合作对印度战略自主传统的挑战》，载《现代国际关系》2019 年第 2 期。";
    let c = cited(
        text,
        Some("印美安全合作对印度战略自主传统的挑战"),
        &["王世达"],
        Some(2019),
    );
    let r = record(
        "印美安全合作对印度战略自主传统的挑战",
        &["王世达"],
        Some(2019),
        None,
    );
    assert_eq!(assess(&c, &r).decision, Decision::Same);
    let c = cited(
        "Q. V. Le and T. Mikolov, \"Distributed Representations of Sentences and Documents,\" ICML, 2014.",
        Some("Distributed Representations of Sentences and Documents"),
        &["Q. V. Le", "T. Mikolov"],
        Some(2014),
    );
    let r = record(
        "Distributed Representations of Sentences and Documents",
        &["Le, Quoc"],
        Some(2014),
        None,
    );
    assert_eq!(assess(&c, &r).authors, Authors::Agree);
}

#[test]
fn surnames() {
    let cases = [
        ("Frühling, Stephan", Some("fruhling")),
        ("Stephan Frühling", Some("fruhling")),
        ("B.M. Jain", Some("jain")),
        ("Joseph Ferrie et al.,", Some("ferrie")),
        ("van der Berg, Anna", Some("berg")),
        ("王世达", Some("王世达")),
        ("J. R.", None),
        ("", None),
    ];
    for (name, want) in cases {
        assert_eq!(surname(name).as_deref(), want, "{name}");
    }
}

#[test]
fn ranking_prefers_the_same_work() {
    let c = rusi();
    let real = record(
        "Creating the Next Generation of NATO Partnerships",
        &["Frühling, Stephan"],
        Some(2010),
        None,
    );
    let other = record(
        "Creating the Next Generation of NATO Partnerships",
        &["Doe, Jane"],
        Some(2010),
        None,
    );
    assert!(rank(&assess(&c, &real)) > rank(&assess(&c, &other)));
}

#[test]
fn containers_abbreviated_or_subtitled_agree() {
    let mut c = rusi();
    let r = |name: &str| record("x", &[], None, Some(name));
    c.container = Some("India Quarterly".into());
    assert!(
        assess(
            &c,
            &r("India Quarterly: A Journal of International Affairs")
        )
        .container
    );
    c.container = Some("J. Strateg. Stud.".into());
    assert!(assess(&c, &r("Journal of Strategic Studies")).container);
    assert!(!assess(&c, &r("Foreign Affairs")).container);
}
