//! Titles, dates and site names from JSON-LD (`schema.org`) blocks.
//!
//! Pages nest their objects every way the format allows: one object, an array, an
//! `@graph`, a `mainEntity`. Only creative works name the page; a `WebSite` or an
//! `Organization` names the site, and authors, publishers, images and breadcrumbs are
//! skipped, since their `name` is never the page's title.

use serde_json::Value;

use super::choose::Found;
use super::DateKind;

/// How deep to follow nested objects; real pages need three or four levels.
const MAX_DEPTH: usize = 8;

/// Reads one JSON-LD block into `found`; invalid JSON is ignored.
pub(crate) fn collect(text: &str, found: &mut Found) {
    let text = text.trim();
    let text = text
        .strip_prefix("<![CDATA[")
        .and_then(|t| t.strip_suffix("]]>"))
        .unwrap_or(text);
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        // Raw control characters inside strings are the common breakage.
        Err(_) => match serde_json::from_str(&text.replace(['\n', '\r', '\t'], " ")) {
            Ok(v) => v,
            Err(_) => return,
        },
    };
    walk(&value, found, 0);
}

fn walk(value: &Value, found: &mut Found, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::Array(items) => items.iter().for_each(|v| walk(v, found, depth + 1)),
        Value::Object(map) => {
            let types = types(value);
            let is_site = types.iter().any(|t| {
                matches!(
                    t.as_str(),
                    "WebSite" | "Organization" | "NewsMediaOrganization" | "Corporation"
                )
            });
            if is_site {
                if let Some(name) = map.get("name").and_then(Value::as_str) {
                    found.site_name("json-ld:site", name);
                }
                return;
            }
            if types.iter().any(|t| is_work(t)) {
                object(map, &types, found);
            }
            for key in [
                "@graph",
                "mainEntity",
                "mainEntityOfPage",
                "hasPart",
                "itemReviewed",
            ] {
                if let Some(inner) = map.get(key) {
                    walk(inner, found, depth + 1);
                }
            }
        }
        _ => {}
    }
}

/// Takes the title, dates and publisher of a creative work.
fn object(map: &serde_json::Map<String, Value>, types: &[String], found: &mut Found) {
    let page_only = types
        .iter()
        .all(|t| t.ends_with("WebPage") || t == "WebPage");
    let (headline, name) = if page_only {
        ("json-ld:page-headline", "json-ld:page-name")
    } else {
        ("json-ld:headline", "json-ld:name")
    };
    if let Some(h) = map.get("headline").and_then(Value::as_str) {
        found.title(headline, h);
    }
    if let Some(n) = map.get("name").and_then(Value::as_str) {
        found.title(name, n);
    }
    let dates = [
        ("datePublished", DateKind::Published),
        ("dateCreated", DateKind::Published),
        ("dateModified", DateKind::Modified),
    ];
    for (key, kind) in dates {
        let Some(value) = map.get(key).and_then(first_str) else {
            continue;
        };
        if let Some(d) = found.local(value) {
            let source = if page_only {
                format!("json-ld:page-{key}")
            } else {
                format!("json-ld:{key}")
            };
            found.date(&source, kind, d);
        }
    }
    if let Some(name) = map
        .get("publisher")
        .and_then(|p| {
            p.get("name")
                .or_else(|| p.get(0).and_then(|p| p.get("name")))
        })
        .and_then(Value::as_str)
    {
        found.site_name("json-ld:publisher", name);
    }
}

/// A string, or the first string of an array.
fn first_str(v: &Value) -> Option<&str> {
    v.as_str()
        .or_else(|| v.as_array()?.iter().find_map(Value::as_str))
}

/// The `@type` names, without a `schema:` or URL prefix.
fn types(v: &Value) -> Vec<String> {
    let strip = |t: &str| t.rsplit(['/', ':']).next().unwrap_or(t).to_owned();
    match v.get("@type") {
        Some(Value::String(t)) => vec![strip(t)],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).map(strip).collect(),
        _ => Vec::new(),
    }
}

/// True for the `schema.org` types that are a page's content.
fn is_work(t: &str) -> bool {
    t.ends_with("Article")
        || t.ends_with("Posting")
        || t.ends_with("WebPage")
        || matches!(
            t,
            "Report"
                | "CreativeWork"
                | "Blog"
                | "Review"
                | "Recipe"
                | "VideoObject"
                | "Event"
                | "Book"
                | "Chapter"
                | "Thesis"
                | "Dataset"
                | "Legislation"
                | "PressRelease"
                | "Statement"
                | "Speech"
                | "Periodical"
                | "PublicationIssue"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_with_page_article_and_site() {
        let text = r#"{"@context":"https://schema.org","@graph":[
            {"@type":"WebSite","name":"The Site"},
            {"@type":"WebPage","name":"Page name","datePublished":"2020-01-01"},
            {"@type":["NewsArticle"],"headline":"The headline","datePublished":"2021-03-04T05:06:07Z",
             "dateModified":"2022-01-01","author":{"@type":"Person","name":"Nobody"},
             "publisher":{"@type":"Organization","name":"Pub"}}]}"#;
        let mut found = Found::default();
        collect(text, &mut found);
        let titles: Vec<_> = found
            .titles
            .iter()
            .map(|t| (t.source.as_str(), t.value.as_str()))
            .collect();
        assert!(titles.contains(&("json-ld:headline", "The headline")));
        assert!(titles.contains(&("json-ld:page-name", "Page name")));
        assert!(!titles.iter().any(|t| t.1 == "Nobody"));
        let dates: Vec<_> = found
            .dates
            .iter()
            .map(|d| (d.source.as_str(), d.value.to_string()))
            .collect();
        assert!(dates.contains(&("json-ld:datePublished", "2021-03-04".to_owned())));
        assert!(dates.contains(&("json-ld:dateModified", "2022-01-01".to_owned())));
        assert!(found.site_names.iter().any(|s| s == "The Site"));
    }

    #[test]
    fn broken_json_is_ignored() {
        let mut found = Found::default();
        for text in ["", "{", "[[[[", "null", "{\"@type\": 5}", "<![CDATA[{}]]>"] {
            collect(text, &mut found);
        }
        assert!(found.titles.is_empty());
        let deep = "[".repeat(10_000);
        collect(&deep, &mut found);
    }
}
