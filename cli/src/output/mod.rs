//! Writing reports: one module per format. Messages are rendered on the worker threads
//! ([`render`]); the [`Printer`] only frames them (the JSON array, the CSV header, the blank
//! line between tables) and writes them in order.

mod compact;
pub mod csv;
mod fit;
mod json;
pub mod table;
pub mod text;

use std::io::{self, Write};

use hoptls_core::Report;

use crate::config::Format;

/// One message in `format`, without what frames it.
pub fn render(
    format: Format,
    report: &Report,
    table_width: Option<u16>,
    color: bool,
) -> serde_json::Result<Vec<u8>> {
    Ok(match format {
        Format::Table => table::render(report, table_width, color).into_bytes(),
        Format::Json => json::render_array_element(report)?,
        Format::Ndjson => json::render_line(report)?,
        Format::Csv => csv::render(report),
    })
}

/// Writes rendered messages as they come, in the chosen format.
#[derive(Debug)]
pub struct Printer<W: Write> {
    out: W,
    format: Format,
    written: usize,
}

impl<W: Write> Printer<W> {
    pub fn new(out: W, format: Format) -> Self {
        Printer {
            out,
            format,
            written: 0,
        }
    }

    /// What comes before the first message: the CSV header row.
    pub fn begin(&mut self) -> io::Result<()> {
        if self.format == Format::Csv {
            self.out.write_all(&csv::header())?;
        }
        Ok(())
    }

    pub fn message(&mut self, rendered: &[u8]) -> io::Result<()> {
        match self.format {
            Format::Table if self.written > 0 => self.out.write_all(b"\n")?,
            Format::Json => json::open_element(&mut self.out, self.written == 0)?,
            _ => {}
        }
        self.out.write_all(rendered)?;
        self.written += 1;
        Ok(())
    }

    /// Closes what the format opened (the JSON array).
    pub fn end(&mut self) -> io::Result<()> {
        if self.format == Format::Json {
            json::close_array(&mut self.out, self.written == 0)?;
        }
        Ok(())
    }

    /// Writes anything else (the summary).
    pub fn raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
