//! Any bytes read as a DOCX and as an ODT: damaged zips and hostile XML must give
//! notes or an error, never a panic.
#![no_main]

use citecheck::extract::document::extract_bytes;
use citecheck::extract::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = extract_bytes("fuzz.docx", data, Some(Format::Docx));
    let _ = extract_bytes("fuzz.odt", data, Some(Format::Odt));
    // Unforced, as a file of unknown name: sniffing must hold too.
    let _ = extract_bytes("fuzz", data, None);
});
