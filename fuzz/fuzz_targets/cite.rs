//! Any text as one footnote or reference string: parsing must not panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = citecheck::extract::parse_one(text);
});
