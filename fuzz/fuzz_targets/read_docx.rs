//! Any bytes read as a DOCX and as an ODT: damaged zips and hostile XML must give
//! notes or an error, never a panic.
#![no_main]

use citecheck::extract::document::extract_bytes;
use citecheck::extract::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The reader catches the panics of the PDF crates it uses, page by page; libFuzzer's
    // hook would abort on them first. A panic that escapes the reader still aborts.
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    let _ = extract_bytes("fuzz.docx", data, Some(Format::Docx));
    let _ = extract_bytes("fuzz.odt", data, Some(Format::Odt));
    // Unforced, as a file of unknown name: sniffing must hold too.
    let _ = extract_bytes("fuzz", data, None);
});
