//! Any bytes after a PDF header, read as a PDF: corrupt, cut and hostile files must give
//! a result, never a panic that escapes or a hang.
#![no_main]

use citecheck::inspect::{inspect_bytes, PageKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bytes = b"%PDF-1.4\n".to_vec();
    bytes.extend_from_slice(data);
    let meta = inspect_bytes(&bytes, Some("application/pdf"), None);
    assert_eq!(meta.kind, PageKind::Pdf);
});
