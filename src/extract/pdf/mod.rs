//! PDFs (placeholder).

/// Notes read from a PDF.
pub struct Read {
    /// Notes.
    pub notes: Vec<super::Note>,
    /// Warnings.
    pub warnings: Vec<String>,
}

/// Reads a PDF.
pub fn read(_bytes: &[u8]) -> Result<Read, String> {
    Err("no PDF reader yet".into())
}
