//! The citations of a report, kept on disk while a check runs, so that a run of any size
//! holds a few bytes per citation in memory rather than its entries.
//!
//! Entries arrive in the order their pages do and are read back in document order, so
//! each is one compact JSON record in an anonymous temporary file, found by its offset.
//! A record that changes after it was written (an archived copy found later, a network
//! that turned out to be down) is written again at the end and the index moved; the file
//! only ever grows, and a run rewrites few records.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::sync::{Mutex, PoisonError};

use super::schema::Entry;

/// Entries by citation number, on disk.
#[derive(Debug)]
pub struct Spool {
    inner: Mutex<Inner>,
}

#[derive(Debug)]
struct Inner {
    file: File,
    /// Where the file ends: the next record goes there.
    end: u64,
    /// Offset and length of each citation's record, once written.
    index: Vec<Option<(u64, u32)>>,
    /// The first write that failed; later writes are dropped and reading reports it.
    failed: Option<io::ErrorKind>,
}

impl Spool {
    /// An empty spool for `len` citations, in the system's temporary folder (the file
    /// has no name and disappears with the process).
    pub fn new(len: usize) -> io::Result<Spool> {
        Ok(Spool::in_file(tempfile::tempfile()?, len))
    }

    fn in_file(file: File, len: usize) -> Spool {
        Spool {
            inner: Mutex::new(Inner {
                file,
                end: 0,
                index: vec![None; len],
                failed: None,
            }),
        }
    }

    /// The number of citations.
    pub fn len(&self) -> usize {
        self.lock().index.len()
    }

    /// True when there are no citations.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// True when citation `i` has its entry.
    pub fn has(&self, i: usize) -> bool {
        self.lock().index.get(i).is_some_and(Option::is_some)
    }

    /// Stores the entry of citation `i`, replacing any earlier one. A failed write is kept
    /// and reported by every later read, so that a full disk fails the report, not the
    /// fetching task that happened to write.
    pub fn put(&self, i: usize, entry: &Entry) {
        let mut record = Vec::with_capacity(2048);
        let encoded = serde_json::to_writer(&mut record, entry);
        let mut inner = self.lock();
        if inner.failed.is_some() {
            return;
        }
        let written = encoded.map_err(io::Error::from).and_then(|()| {
            let len = u32::try_from(record.len())
                .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "entry too large"))?;
            let at = inner.end;
            inner.file.seek(SeekFrom::Start(at))?;
            inner.file.write_all(&record)?;
            Ok((at, len))
        });
        match written {
            Ok((at, len)) => {
                inner.end = at + u64::from(len);
                if let Some(slot) = inner.index.get_mut(i) {
                    *slot = Some((at, len));
                }
            }
            Err(e) => inner.failed = Some(e.kind()),
        }
    }

    /// The entry of citation `i`, if it has one.
    pub fn get(&self, i: usize) -> io::Result<Option<Entry>> {
        let mut buf = Vec::new();
        self.read(i, &mut buf)
    }

    /// Calls `f` with every entry in citation order. A citation without an entry is an
    /// error: a report must never silently lose one.
    pub fn for_each(&self, mut f: impl FnMut(&Entry)) -> io::Result<()> {
        let mut buf = Vec::with_capacity(4096);
        for i in 0..self.len() {
            match self.read(i, &mut buf)? {
                Some(e) => f(&e),
                None => {
                    return Err(io::Error::new(
                        io::ErrorKind::NotFound,
                        format!("citation {i} has no result"),
                    ))
                }
            }
        }
        Ok(())
    }

    fn read(&self, i: usize, buf: &mut Vec<u8>) -> io::Result<Option<Entry>> {
        let mut inner = self.lock();
        if let Some(kind) = inner.failed {
            return Err(io::Error::new(
                kind,
                "cannot write the results to a temporary file",
            ));
        }
        let Some(&Some((at, len))) = inner.index.get(i) else {
            return Ok(None);
        };
        buf.resize(len as usize, 0);
        inner.file.seek(SeekFrom::Start(at))?;
        inner.file.read_exact(buf)?;
        drop(inner);
        Ok(Some(serde_json::from_slice(buf)?))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::compare;
    use crate::extract::parse_one;

    fn entry(note: &str) -> Entry {
        let mut c = parse_one("“A Title,” Example, June 1, 2023, https://example.org/a.").remove(0);
        c.note = note.to_owned();
        let verdict = compare(&c, None, None);
        Entry::new(c, None, None, verdict, None)
    }

    #[test]
    fn entries_come_back_in_citation_order_whatever_the_order_written() {
        let spool = Spool::new(3).unwrap();
        spool.put(2, &entry("c"));
        spool.put(0, &entry("a"));
        assert!(!spool.has(1));
        assert!(
            spool.for_each(|_| {}).is_err(),
            "a missing entry is an error"
        );
        spool.put(1, &entry("b"));
        spool.put(0, &entry("a2"));
        let mut seen = Vec::new();
        spool
            .for_each(|e| seen.push(e.citation.note.clone()))
            .unwrap();
        assert_eq!(seen, ["a2", "b", "c"]);
        assert_eq!(spool.get(2).unwrap(), Some(entry("c")));
        assert_eq!(spool.get(7).unwrap(), None);
    }
}
