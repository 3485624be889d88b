//! The crate's layering, read from its source (issue 18): the stages (extract, fetch,
//! inspect, compare, report, and the biblio and archive lookups) meet in neutral modules
//! (types, date, text, urls, error), never in each other's code, and no modules import
//! each other in a circle.
//!
//! `src/` is read as text: comments and literals are blanked, `#[cfg(test)]` items are
//! dropped (a test may build its input with an earlier stage), and every path that starts
//! with `crate::`, `super::`, `self::` or the name of a child module is resolved to the
//! longest module (file) it names. The checker is tested on small invented crates first,
//! so that a parser that saw nothing cannot pass.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use regex::Regex;

/// Modules that hold what stages share; they import only each other.
const NEUTRAL: &[&str] = &["types", "date", "text", "urls", "error"];
/// The pipeline's stages; they import neutral modules and their own code.
const STAGES: &[&str] = &[
    "extract", "fetch", "inspect", "compare", "report", "biblio", "archive",
];
/// Cross-stage uses of a service, not of a shared type: the lookups send their requests
/// through the fetch stage's client, for its politeness, cache and address policy.
const ALLOWED: &[(&str, &str)] = &[
    ("archive", "fetch::Fetcher"),
    ("archive", "fetch::Ask"),
    ("biblio", "fetch::Fetcher"),
    ("biblio", "fetch::FetchConfig"),
    ("biblio", "fetch::HostConfig"),
];

type ModPath = Vec<String>;

/// One import: the module that makes it, the module it reaches and the full path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Edge {
    from: ModPath,
    to: ModPath,
    path: String,
}

/// The crate as modules (file paths relative to `src/`, with their text) and imports.
struct Graph {
    modules: BTreeSet<ModPath>,
    edges: Vec<Edge>,
}

fn name(m: &[String]) -> String {
    if m.is_empty() {
        "(crate root)".to_owned()
    } else {
        m.join("::")
    }
}

/// `extract/reference/title.rs` is `extract::reference::title`; `mod.rs`, `lib.rs` and
/// `main.rs` name their folder (the binary's modules do not clash with the library's).
fn module_path(rel: &str) -> ModPath {
    let rel = rel.strip_suffix(".rs").unwrap_or(rel);
    let mut parts: ModPath = rel.split('/').map(str::to_owned).collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// Replaces comments, string and character literals with spaces (lifetimes stay).
fn blank(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    while i < b.len() {
        let rest = &b[i..];
        if rest.starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if rest.starts_with(b"/*") {
            let mut depth = 0;
            while i < b.len() {
                if b[i..].starts_with(b"/*") {
                    depth += 1;
                    i += 2;
                } else if b[i..].starts_with(b"*/") {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(b' ');
        } else if (b[i] == b'r' || rest.starts_with(b"br")) && (i == 0 || !ident(b[i - 1])) && {
            let s = if b[i] == b'b' { i + 2 } else { i + 1 };
            let mut h = s;
            while h < b.len() && b[h] == b'#' {
                h += 1;
            }
            h < b.len() && b[h] == b'"'
        } {
            let s = if b[i] == b'b' { i + 2 } else { i + 1 };
            let mut h = s;
            while b[h] == b'#' {
                h += 1;
            }
            let mut close = vec![b'"'];
            close.extend(std::iter::repeat_n(b'#', h - s));
            i = h + 1;
            while i < b.len() && !b[i..].starts_with(&close) {
                i += 1;
            }
            i += close.len();
            out.extend_from_slice(b"\"\"");
        } else if b[i] == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            out.extend_from_slice(b"\"\"");
        } else if b[i] == b'\'' {
            // A character literal ('a', '\n', '\u{2019}', 'é'), else a lifetime or label.
            let end = if b.get(i + 1) == Some(&b'\\') {
                b[i + 2..]
                    .iter()
                    .position(|&c| c == b'\'')
                    .map(|p| i + 2 + p)
            } else {
                let len = src[i + 1..].chars().next().map_or(1, char::len_utf8);
                (b.get(i + 1 + len) == Some(&b'\'')).then_some(i + 1 + len)
            };
            match end {
                Some(e) => {
                    out.extend_from_slice(b"' '");
                    i = e + 1;
                }
                None => {
                    out.push(b'\'');
                    i += 1;
                }
            }
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The end of the item starting at `start`: after its `;`, or after the `}` that
/// closes its body.
fn item_end(code: &[u8], start: usize) -> usize {
    let mut depth = 0i32;
    let mut i = start;
    while i < code.len() {
        match code[i] {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth -= 1,
            b';' if depth == 0 => return i + 1,
            b'{' if depth == 0 => {
                let mut braces = 0;
                while i < code.len() {
                    match code[i] {
                        b'{' => braces += 1,
                        b'}' => {
                            braces -= 1;
                            if braces == 0 {
                                return i + 1;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                return i;
            }
            _ => {}
        }
        i += 1;
    }
    i
}

/// Drops `#[cfg(test)]` items; returns the code left and the test-only child modules
/// declared as files (`#[cfg(test)] mod tests;`).
fn drop_tests(code: &str) -> (String, Vec<String>) {
    let attr = Regex::new(r"#\[cfg\(test\)\]").unwrap();
    let file_mod =
        Regex::new(r"^\s*(?:#\[[^\]]*\]\s*)*(?:pub(?:\([a-z]+\))?\s+)?mod\s+(\w+)\s*;").unwrap();
    let mut out = String::new();
    let mut test_files = Vec::new();
    let mut last = 0;
    for m in attr.find_iter(code) {
        if m.start() < last {
            continue;
        }
        out.push_str(&code[last..m.start()]);
        let end = item_end(code.as_bytes(), m.end());
        if let Some(c) = file_mod.captures(&code[m.end()..end]) {
            test_files.push(c[1].to_owned());
        }
        last = end;
    }
    out.push_str(&code[last..]);
    (out, test_files)
}

/// Every path in `code` that may name a module of this crate, `use` trees expanded.
fn paths(code: &str) -> Vec<String> {
    let joined = Regex::new(r"\s*::\s*").unwrap().replace_all(code, "::");
    let mut out = Vec::new();
    let use_stmt = Regex::new(r"(?:^|[^\w:])use\s+([^;]+);").unwrap();
    for c in use_stmt.captures_iter(&joined) {
        let tree: String = c[1].split_whitespace().collect::<Vec<_>>().join(" ");
        expand(&tree, "", &mut out);
    }
    // The rest of the code, without the `use` trees read above.
    let body = use_stmt.replace_all(&joined, " ");
    let inline = Regex::new(r"(?:^|[^\w:])((?:[A-Za-z_]\w*)(?:::[A-Za-z_]\w*)+)").unwrap();
    for c in inline.captures_iter(&body) {
        out.push(c[1].to_owned());
    }
    out
}

/// Expands a `use` tree (`a::{b, c::{d, e as f}}`) into its paths.
fn expand(tree: &str, prefix: &str, out: &mut Vec<String>) {
    let mut depth = 0;
    let mut start = 0;
    let mut pieces = Vec::new();
    for (i, ch) in tree.char_indices() {
        match ch {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                pieces.push(&tree[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    pieces.push(&tree[start..]);
    for piece in pieces {
        let piece = piece.trim();
        if piece.is_empty() {
            continue;
        }
        if let Some(open) = piece.find('{') {
            let inner = piece[open + 1..].trim_end().trim_end_matches('}');
            expand(inner, &format!("{prefix}{}", &piece[..open]), out);
        } else {
            let path = piece.split(" as ").next().unwrap_or(piece).trim();
            out.push(format!("{prefix}{path}"));
        }
    }
}

/// Builds the graph of `files` (path relative to `src/`, text).
fn graph(files: &BTreeMap<String, String>) -> Graph {
    let mut code = BTreeMap::new();
    let mut test_only = BTreeSet::new();
    let mut children: BTreeMap<ModPath, BTreeSet<String>> = BTreeMap::new();
    let decl = Regex::new(r"(?:^|[^\w])mod\s+(\w+)\s*;").unwrap();
    for (rel, src) in files {
        let m = module_path(rel);
        let (kept, tests) = drop_tests(&blank(src));
        for t in tests {
            let mut child = m.clone();
            child.push(t);
            test_only.insert(child);
        }
        children.insert(
            m.clone(),
            decl.captures_iter(&kept).map(|c| c[1].to_owned()).collect(),
        );
        code.insert(m, kept);
    }
    let modules: BTreeSet<ModPath> = code
        .keys()
        .filter(|m| !test_only.iter().any(|t| m.starts_with(t)))
        .cloned()
        .collect();
    let mut edges = BTreeSet::new();
    for m in &modules {
        for p in paths(&code[m]) {
            let mut segs: Vec<&str> = p.split("::").collect();
            let mut base: ModPath = match segs[0] {
                "crate" => {
                    segs.remove(0);
                    Vec::new()
                }
                "super" | "self" => {
                    let mut b = m.clone();
                    while let Some(&s) = segs.first().filter(|s| matches!(**s, "super" | "self")) {
                        if s == "super" {
                            b.pop();
                        }
                        segs.remove(0);
                    }
                    b
                }
                first if children[m].contains(first) => m.clone(),
                _ => continue,
            };
            base.extend(
                segs.iter()
                    .filter(|s| !matches!(**s, "self" | "*"))
                    .map(|s| s.to_string()),
            );
            let full = base.join("::");
            while !base.is_empty() && !modules.contains(&base) {
                base.pop();
            }
            if &base != m && (modules.contains(&base)) {
                edges.insert(Edge {
                    from: m.clone(),
                    to: base,
                    path: full,
                });
            }
        }
    }
    Graph {
        modules,
        edges: edges.into_iter().collect(),
    }
}

fn top(m: &[String]) -> &str {
    m.first().map_or("", String::as_str)
}

/// Imports that cross from one stage into another's code, or from a neutral module
/// into anything but another neutral module.
fn crossings(g: &Graph) -> Vec<String> {
    let mut bad = Vec::new();
    for e in &g.edges {
        let (a, b) = (top(&e.from), top(&e.to));
        // The crate root's helpers (`crate::lock`) are as neutral as `types`.
        if a == b || b.is_empty() || NEUTRAL.contains(&b) {
            continue;
        }
        let allowed = ALLOWED.iter().any(|(from, item)| {
            *from == a && (e.path == *item || e.path.starts_with(&format!("{item}::")))
        });
        if NEUTRAL.contains(&a) || (STAGES.contains(&a) && !allowed) {
            bad.push(format!("{} imports {}", name(&e.from), e.path));
        }
    }
    bad
}

/// Strongly connected groups of more than one node in `edges`.
fn cycles<N: Ord + Clone>(edges: &BTreeMap<N, BTreeSet<N>>) -> Vec<Vec<N>> {
    // Tarjan's algorithm, iterative over a small graph.
    struct State<N> {
        index: BTreeMap<N, usize>,
        low: BTreeMap<N, usize>,
        stack: Vec<N>,
        on: BTreeSet<N>,
        found: Vec<Vec<N>>,
    }
    fn visit<N: Ord + Clone>(v: &N, edges: &BTreeMap<N, BTreeSet<N>>, s: &mut State<N>) {
        let i = s.index.len();
        s.index.insert(v.clone(), i);
        s.low.insert(v.clone(), i);
        s.stack.push(v.clone());
        s.on.insert(v.clone());
        for w in edges.get(v).into_iter().flatten() {
            if !s.index.contains_key(w) {
                visit(w, edges, s);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if s.on.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut group = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on.remove(&w);
                let done = &w == v;
                group.push(w);
                if done {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                s.found.push(group);
            }
        }
    }
    let mut s = State {
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in edges.keys() {
        if !s.index.contains_key(v) {
            visit(v, edges, &mut s);
        }
    }
    s.found
}

/// Cycles between files (a child naming its parent's items is how Rust modules are
/// built, so an edge to an ancestor does not count) and between top-level modules.
fn all_cycles(g: &Graph) -> Vec<String> {
    let mut files: BTreeMap<ModPath, BTreeSet<ModPath>> = BTreeMap::new();
    let mut tops: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for e in &g.edges {
        if !e.from.starts_with(&e.to) {
            files
                .entry(e.from.clone())
                .or_default()
                .insert(e.to.clone());
        }
        let (a, b) = (top(&e.from), top(&e.to));
        if a != b && !a.is_empty() && !b.is_empty() {
            tops.entry(a.to_owned()).or_default().insert(b.to_owned());
        }
    }
    let mut out: Vec<String> = cycles(&files)
        .iter()
        .map(|c| c.iter().map(|m| name(m)).collect::<Vec<_>>().join(" <-> "))
        .collect();
    out.extend(cycles(&tops).iter().map(|c| c.join(" <-> ")));
    out
}

fn invented(files: &[(&str, &str)]) -> Graph {
    graph(
        &files
            .iter()
            .map(|(p, s)| (p.to_string(), s.to_string()))
            .collect(),
    )
}

#[test]
fn the_checker_sees_a_cycle_and_a_crossing() {
    let g = invented(&[
        ("lib.rs", "pub mod compare; pub mod fetch; pub mod types;"),
        ("types/mod.rs", "pub struct Page;"),
        ("fetch/mod.rs", "mod a; mod b; pub use a::Fetched;"),
        ("fetch/a.rs", "use super::b::helper; pub struct Fetched;"),
        ("fetch/b.rs", "pub fn helper(x: &super::a::Fetched) {}"),
        (
            "compare/mod.rs",
            "use crate::{types::Page, fetch::{self, Fetched}};\n\
             // use crate::inspect::Nothing;\n\
             const S: &str = \"crate::report::X\";\n\
             #[cfg(test)]\nmod tests { use crate::fetch::b; }",
        ),
    ]);
    assert_eq!(all_cycles(&g), ["fetch::a <-> fetch::b"]);
    assert_eq!(
        crossings(&g),
        ["compare imports fetch", "compare imports fetch::Fetched"]
    );
}

#[test]
fn the_checker_resolves_paths_like_rustc() {
    let g = invented(&[
        ("lib.rs", "pub mod report; pub mod date;"),
        ("date/mod.rs", "pub mod find; pub struct PartialDate;"),
        ("date/find.rs", "pub fn find() {}"),
        (
            "report/mod.rs",
            "mod spool;\n#[cfg(test)]\nmod tests;\nfn f() { let _ = spool::read(); }",
        ),
        (
            "report/spool.rs",
            "use super::super::date::{find::find as look, PartialDate};\n\
             fn g<'a>(c: char) -> bool { c == '\\'' || c == '\"' }\n\
             fn h() { r#\"crate::fetch\"#; }",
        ),
        ("report/tests.rs", "use crate::fetch::Fetcher;"),
    ]);
    let edges: Vec<(String, String)> = g
        .edges
        .iter()
        .map(|e| (name(&e.from), e.path.clone()))
        .collect();
    assert_eq!(
        edges,
        [
            ("report".to_owned(), "report::spool::read".to_owned()),
            ("report::spool".to_owned(), "date::PartialDate".to_owned()),
            ("report::spool".to_owned(), "date::find::find".to_owned()),
        ]
    );
    assert!(!g.modules.contains(&module_path("report/tests.rs")));
}

#[allow(
    clippy::print_stdout,
    reason = "the stage-level graph is this test's report, shown with --nocapture"
)]
#[test]
fn stages_meet_in_neutral_modules_and_nothing_imports_in_a_circle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = BTreeMap::new();
    let mut dirs = vec![src.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path
                    .strip_prefix(&src)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(rel, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    let g = graph(&files);
    // A parser that silently saw nothing would pass the checks below.
    assert!(g.modules.len() > 100, "{} modules", g.modules.len());
    assert!(g
        .edges
        .iter()
        .any(|e| name(&e.from) == "compare" && e.to == ["text", "title"]));
    let mut stages: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for e in &g.edges {
        let (a, b) = (top(&e.from), top(&e.to));
        if a != b && !a.is_empty() {
            let b = if b.is_empty() { "(crate root)" } else { b };
            stages.entry(a).or_default().insert(b);
        }
    }
    println!(
        "{} modules, {} imports between them",
        g.modules.len(),
        g.edges.len()
    );
    for (a, bs) in &stages {
        println!(
            "{a} -> {}",
            bs.iter().copied().collect::<Vec<_>>().join(", ")
        );
    }
    assert_eq!(
        crossings(&g),
        Vec::<String>::new(),
        "a stage imports another stage's code"
    );
    assert_eq!(
        all_cycles(&g),
        Vec::<String>::new(),
        "modules import each other in a circle"
    );
}
