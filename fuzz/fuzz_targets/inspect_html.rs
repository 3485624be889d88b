//! Any bytes, read as an HTML page: inspection must not panic, must be deterministic,
//! and must keep its promises about the output's shape.
#![no_main]

use citecheck::inspect::inspect_bytes;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let url = Some("https://example.org/2023/06/22/story");
    let meta = inspect_bytes(data, Some("text/html"), url);
    if let Some(date) = &meta.date {
        assert_eq!(date.len(), 10, "{date:?}");
    }
    assert!(!(meta.soft_404 && meta.blocked));
    assert!(meta.titles.len() <= 64 && meta.dates.len() <= 64);
    assert_eq!(meta, inspect_bytes(data, Some("text/html"), url));
});
