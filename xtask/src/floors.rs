//! The programs hoptls is measured against: the least work any header-only tool must do (open
//! each file, read its header block), the least work a whole-message tool must do (read each
//! file), and a full parse by mail-parser. All single-threaded.

use std::{
    fmt,
    fs::File,
    io::{Read, Write},
    path::{Path, PathBuf},
};

use anyhow::{Context, Result};
use mail_parser::{HeaderName, MessageParser};

/// The read size of the header floor: the fastest measured here (4 and 8 KiB tie, 16 KiB is
/// 14 % slower, 64 KiB 33 %: a larger read copies body bytes that are thrown away), and 8 KiB
/// needs a second read for fewer header blocks than 4 KiB (they average 4.2 KB). See
/// BENCHMARKS.md.
pub const DEFAULT_CHUNK: usize = 8 * 1024;

/// What a program saw: the same files must give the same `files` everywhere.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Tally {
    pub files: u64,
    pub bytes: u64,
    /// Received headers, where the program reads them.
    pub received: u64,
}

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "files={} bytes={} received={}",
            self.files, self.bytes, self.received
        )
    }
}

/// The files named by `paths`: files as given, folders as their files in name order.
pub fn files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut entries = Vec::new();
            for entry in std::fs::read_dir(path)
                .with_context(|| format!("cannot list {}", path.display()))?
            {
                let entry = entry.with_context(|| format!("cannot list {}", path.display()))?;
                if entry.file_type().is_ok_and(|t| t.is_file()) {
                    entries.push(entry.path());
                }
            }
            // By the bytes of the name: `Path`'s own ordering compares component by component
            // and costs more than reading a header block would.
            entries.sort_unstable_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
            out.extend(entries);
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

/// Opens each file and reads it in `chunk`-sized reads until the header block has ended (the
/// first empty line) or the file has: the floor for any tool that reads header blocks only.
pub fn header_floor(files: &[PathBuf], chunk: usize) -> Result<Tally> {
    each_header_block(files, chunk, |_, _, _| Ok(()))
}

/// Reads the header block of each file as [`header_floor`] does and hands it to `then` with
/// the file's path and the tally so far.
fn each_header_block(
    files: &[PathBuf],
    chunk: usize,
    mut then: impl FnMut(&Path, &[u8], &mut Tally) -> Result<()>,
) -> Result<Tally> {
    let mut tally = Tally::default();
    let mut buffer = vec![0u8; chunk];
    let mut block = Vec::with_capacity(chunk);
    for path in files {
        let header = read_header_block(path, &mut buffer, &mut block)
            .with_context(|| format!("cannot read {}", path.display()))?;
        tally.files += 1;
        tally.bytes += header as u64;
        then(path, &block[..header.min(block.len())], &mut tally)?;
    }
    Ok(tally)
}

/// [`header_floor`] with a new buffer for each file, the way `std::fs::read` allocates one per
/// call: each file's first `chunk` bytes, and more while the block goes on, are read straight
/// into a `Vec` made for that file. The other way to take the first chunk, measured against the
/// reused buffer (BENCHMARKS.md).
pub fn header_floor_fresh(files: &[PathBuf], chunk: usize) -> Result<Tally> {
    let mut tally = Tally::default();
    for path in files {
        let header = read_header_block_fresh(path, chunk)
            .with_context(|| format!("cannot read {}", path.display()))?;
        tally.files += 1;
        tally.bytes += header.len() as u64;
    }
    Ok(tally)
}

/// The header block of the file at `path`, in a `Vec` of its own.
fn read_header_block_fresh(path: &Path, chunk: usize) -> Result<Vec<u8>> {
    let mut file = File::open(path)?;
    let mut block = Vec::with_capacity(chunk);
    loop {
        let from = block.len().saturating_sub(3);
        block.reserve(chunk);
        let read = (&mut file).take(chunk as u64).read_to_end(&mut block)?;
        if read == 0 {
            return Ok(block);
        }
        if let Some(end) = blank_line_end(&block[from..]) {
            block.truncate(from + end);
            return Ok(block);
        }
    }
}

/// The length of the header block of the file at `path`, blank line included.
fn read_header_block(path: &Path, buffer: &mut [u8], block: &mut Vec<u8>) -> Result<usize> {
    let mut file = File::open(path)?;
    block.clear();
    loop {
        let read = file.read(buffer)?;
        if read == 0 {
            return Ok(block.len());
        }
        // Search from a few bytes back so that a blank line split between reads is found.
        let from = block.len().saturating_sub(3);
        block.extend_from_slice(&buffer[..read]);
        if let Some(end) = blank_line_end(&block[from..]) {
            return Ok(from + end);
        }
    }
}

/// The offset just after the first `\n\n` or `\n\r\n`.
fn blank_line_end(bytes: &[u8]) -> Option<usize> {
    let mut offset = 0;
    while let Some(found) = memchr::memchr(b'\n', &bytes[offset..]) {
        let at = offset + found;
        match bytes.get(at + 1) {
            Some(b'\n') => return Some(at + 2),
            Some(b'\r') if bytes.get(at + 2) == Some(&b'\n') => return Some(at + 3),
            _ => offset = at + 1,
        }
    }
    None
}

/// The header floor plus the core's work: each header block read as [`header_floor`] reads it,
/// analysed by `hoptls_core::analyze` and written as one ndjson line to `out`. What `hoptls
/// --threads 1` costs once its reader takes header blocks only, without the CLI around it.
pub fn header_analyze(files: &[PathBuf], chunk: usize, out: &mut impl Write) -> Result<Tally> {
    let tally = each_header_block(files, chunk, |path, block, tally| {
        let name = path.to_string_lossy();
        if let Ok(report) = hoptls_core::analyze(&name, block) {
            tally.received += report.hops.len() as u64;
            serde_json::to_writer(&mut *out, &report)?;
            out.write_all(b"\n")?;
        }
        Ok(())
    })?;
    out.flush()?;
    Ok(tally)
}

/// Reads each file whole: the floor for any tool that parses whole messages.
pub fn whole_floor(files: &[PathBuf]) -> Result<Tally> {
    let mut tally = Tally::default();
    for path in files {
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        tally.files += 1;
        tally.bytes += bytes.len() as u64;
    }
    Ok(tally)
}

/// Reads each file whole and parses it with mail-parser's default parser, counting the
/// Received headers it parsed.
pub fn mail_parser(files: &[PathBuf]) -> Result<Tally> {
    let mut tally = Tally::default();
    let parser = MessageParser::default();
    for path in files {
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        tally.files += 1;
        tally.bytes += bytes.len() as u64;
        if let Some(message) = parser.parse(&bytes) {
            tally.received += message
                .headers()
                .iter()
                .filter(|header| header.name == HeaderName::Received)
                .filter(|header| header.value.as_received().is_some())
                .count() as u64;
        }
    }
    Ok(tally)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_end_of_the_header_block() {
        assert_eq!(blank_line_end(b"a: b\n\nbody"), Some(6));
        assert_eq!(blank_line_end(b"a: b\r\n\r\nbody"), Some(8));
        assert_eq!(blank_line_end(b"a: b\nc: d\n"), None);
    }

    #[test]
    fn reads_a_block_split_across_chunks() {
        let dir = std::env::temp_dir().join(format!("xtask-floor-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("m.eml");
        std::fs::write(
            &path,
            b"Subject: x\r\nFrom: a@example.org\r\n\r\nbody body body",
        )
        .expect("write");
        for chunk in [1, 2, 3, 7, 4096] {
            let mut buffer = vec![0; chunk];
            let mut block = Vec::new();
            assert_eq!(
                read_header_block(&path, &mut buffer, &mut block).expect("read"),
                35,
                "chunk {chunk}"
            );
            let fresh = read_header_block_fresh(&path, chunk).expect("read");
            assert_eq!(
                fresh, b"Subject: x\r\nFrom: a@example.org\r\n\r\n",
                "chunk {chunk}"
            );
        }
        std::fs::remove_dir_all(&dir).expect("clean up");
    }
}
