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

#[test]
fn years_printed_in_the_reference() {
    assert_eq!(
        years_in("Opt. Lett. 31, 1914-1916 (2006); 2002–2009, doi 10.1/abc.20061"),
        [1914, 1916, 2006, 2002, 2009]
    );
    assert!(years_in("pp. 123, vol 12345, 1499").is_empty());
}

#[test]
fn a_year_misparsed_from_pages_or_the_title_is_not_a_mismatch() {
    // The parse took the first page (1914) for the year; the record's year is printed.
    let text = "Wyatt, A. S., Walmsley, I. A., Stibenz, G. & Steinmeyer, G. Sub-10 fs pulse \
                characterization using spatially encoded arrangement for spectral phase \
                interferometry. Opt. Lett. 31, 1914-1916 (2006).";
    let c = cited(
        text,
        Some("Stibenz"),
        &["Wyatt, A. S.", "Walmsley, I. A."],
        Some(1914),
    );
    let r = record(
        "Sub-10 fs pulse characterization using spatially encoded arrangement for spectral \
         phase interferometry",
        &["Wyatt, A. S", "Walmsley, I. A"],
        Some(2006),
        Some("Opt. Lett."),
    );
    let a = assess(&c, &r);
    assert_eq!(
        (a.year, a.decision),
        (Year::Agrees, Decision::Same),
        "{a:?}"
    );
    // A year that is only the citation's own stays a mismatch.
    let c = cited(
        &text.replace("2006", "1998"),
        Some("Stibenz"),
        &["Wyatt, A. S."],
        Some(1998),
    );
    assert_eq!(assess(&c, &r).year, Year::Differs);
}

#[test]
fn a_title_alone_whose_printed_years_are_all_another_is_not_the_work() {
    // Neither authors nor year were parsed; the record is a namesake of another year.
    let text = "Michael B Porter. 2011. The BELLHOP manual and user's guide. Preliminary draft. \
                See (accessed 1 Sep 2019) (2011).";
    let c = cited(text, Some("(accessed 1 Sep 2019) (2011)"), &[], None);
    let namesake = record(
        "The Bellhop Manual And User's Guide",
        &["Schnell, M."],
        Some(2005),
        None,
    );
    assert_eq!(assess(&c, &namesake).decision, Decision::Other);
    let work = record(
        "The BELLHOP manual and user's guide",
        &["Porter, Michael B"],
        Some(2011),
        None,
    );
    assert_eq!(assess(&c, &work).decision, Decision::Same);
    // With no year printed at all, the title stands.
    let c = cited(
        "The BELLHOP manual and user's guide. Preliminary draft.",
        None,
        &[],
        None,
    );
    assert_eq!(assess(&c, &namesake).decision, Decision::Same);
}

#[test]
fn answers_to_the_work_are_not_the_work() {
    let c = cited(
        "Holmes, M. M. 1996. “Rape-related pregnancy estimates and descriptive characteristics \
         from a national sample of women,” American Journal of Obstetrics and Gynecology.",
        Some("Rape-related pregnancy estimates and descriptive characteristics from a national sample of women"),
        &["Holmes, M. M."],
        Some(1996),
    );
    for title in [
        "Rape-related pregnancy estimates and descriptive characteristics from a national sample of women: a reply",
        "Rape-related pregnancy estimates and descriptive characteristics from a national sample of women — Rejoinder",
        "Rape-related pregnancy estimates and descriptive characteristics from a national sample of women (Erratum)",
    ] {
        let r = record(title, &["Holmes, M. M."], Some(1997), None);
        assert_eq!(assess(&c, &r).decision, Decision::Other, "{title}");
    }
    // A title that ends with such a word is a title.
    let c = cited(
        "Skinner, B. F. 1935. “Stimulus and Response.” Journal of General Psychology.",
        Some("Stimulus and Response"),
        &["Skinner, B. F."],
        Some(1935),
    );
    let r = record(
        "Stimulus and Response",
        &["Skinner, B. F."],
        Some(1935),
        None,
    );
    assert_eq!(assess(&c, &r).decision, Decision::Same);
}

#[test]
fn a_space_moved_within_the_title_is_the_same_title() {
    let c = cited(
        "J. D. Bekenstein. Blac kholes and entropy. Phys. Rev. D, 7:2333-2346, Apr 1973.",
        Some("Blac kholes and entropy"),
        &["J. D. Bekenstein"],
        Some(1973),
    );
    let r = record(
        "Black holes and entropy",
        &["Bekenstein, J. D"],
        Some(1973),
        None,
    );
    let a = assess(&c, &r);
    assert!(a.equal && a.title > 0.99, "{a:?}");
    assert_eq!(a.decision, Decision::Same);
    // Other letters are another title.
    let r = record(
        "Black holes and entropy bounds",
        &["Bekenstein, J. D"],
        Some(1973),
        None,
    );
    assert!(!assess(&c, &r).equal);
}
