//! Any bytes after a PDF header, read for their notes: corrupt, cut and hostile files
//! must give notes or an error, never a panic that escapes or unbounded work.
#![no_main]

use citecheck::extract::document::extract_bytes;
use citecheck::extract::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The reader catches the panics of the PDF crates it uses, page by page; libFuzzer's
    // hook would abort on them first. A panic that escapes the reader still aborts.
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    let mut bytes = b"%PDF-1.4\n".to_vec();
    bytes.extend_from_slice(data);
    let _ = extract_bytes("fuzz.pdf", &bytes, Some(Format::Pdf));
});
