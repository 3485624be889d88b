//! The examples and exit codes that `--help` shows after the flags, as ripgrep and
//! cargo do: what a newcomer tries first, and what a CI script tests.

/// Exit codes, shared by every command that checks citations.
macro_rules! exit_codes {
    () => {
        "Exit codes:
  0    nothing fails the policy
  1    findings fail the policy (fail_on; by default dead and title-mismatch)
  2    usage, configuration or I/O error; with --require-network, a run that could
       not reach the network or left a cited URL unchecked
  130  interrupted by Ctrl-C (the reports are written and marked incomplete)"
    };
}

/// After `citecheck --help`.
pub const MAIN: &str = concat!(
    "Examples:
  citecheck check                         check the corpus listed in citations.toml
  citecheck check paper.txt --junit reports/junit.xml
  citecheck cite 'J. Doe, “A Title,” Site, May 1, 2023, https://example.org/a'
  citecheck extract paper.md --format markdown
  citecheck inspect https://example.org/a --format markdown

",
    exit_codes!()
);

/// After `citecheck check --help`.
pub const CHECK: &str = concat!(
    "Examples:
  citecheck check                                  the corpus of citations.toml
  citecheck check paper.txt notes.md --report-dir out
  citecheck check --only paper.txt:10:3            one footnote: DOC:PAGE:NOTE
  pdftotext paper.pdf - | citecheck check -        a document on stdin
  citecheck check --shard 2/4 --report-dir reports/2
  citecheck check --sarif reports/citecheck.sarif  findings for GitHub code scanning
  CITECHECK_OFFLINE=1 citecheck check              from the cache only

",
    exit_codes!()
);

/// After `citecheck extract --help`.
pub const EXTRACT: &str = "Examples:
  citecheck extract                                the corpus of citations.toml
  citecheck extract paper.pdf --format markdown
  citecheck extract notes.md | jq '.[].url'

Exit codes:
  0    the citations were printed (none is fine)
  2    usage, configuration or I/O error (a missing file, a directory, binary data)";

/// After `citecheck cite --help`.
pub const CITE: &str = concat!(
    "Examples:
  citecheck cite 'J. Doe, “A Title,” Site, May 1, 2023, https://example.org/a'
  citecheck cite '...' --format markdown           a card for people
  citecheck cite '...' --no-fetch                  only parse

",
    exit_codes!()
);

/// After `citecheck inspect --help`.
pub const INSPECT: &str = "Examples:
  citecheck inspect https://example.org/a
  citecheck inspect saved.html --url https://example.org/a --format markdown

Exit codes:
  0    a page was read (its status is in the output: a 404 page is a page)
  1    a URL gave no page at all: the fetch outcome says why
  2    usage, configuration or I/O error";

/// After `citecheck fix --help`.
pub const FIX: &str = "Examples:
  citecheck fix notes.md                       writes notes.fixed.md
  citecheck fix notes.md --in-place            repairs notes.md itself
  citecheck fix article.html -o fixed.html     Robust Links on the dead anchors
  citecheck fix paper.pdf                      writes paper.corrections.md and .csv
  citecheck fix paper.pdf --report reports/report.json   no new check

Only copies that were read and found to be the work cited are offered, for `dead` and
`title-mismatch` citations, and known moves and permanent redirects for any.

Exit codes:
  0    the repaired copy or the corrections were written (perhaps with none to make)
  2    usage or I/O error, or a document that cannot be edited in place";

/// After `citecheck merge --help`.
pub const MERGE: &str = "Examples:
  citecheck merge reports/*/report.json --report-dir reports
  citecheck merge shards/*/report.json --sarif reports/citecheck.sarif

Exit codes:
  0    nothing fails the policy
  1    findings fail the policy
  2    usage or I/O error, or the reports are not exactly the shards of one run
       (a shard missing or given twice, other settings) without --allow-partial";
