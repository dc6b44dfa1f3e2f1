//! Writing reports: one module per format, all behind [`Printer`].

mod json;
mod table;
pub mod text;

use std::io::{self, Write};

use hoptls_core::Report;

use crate::config::Format;

/// Writes reports as they come, in the chosen format.
#[derive(Debug)]
pub struct Printer<W: Write> {
    out: W,
    format: Format,
    table_width: Option<u16>,
    written: usize,
}

impl<W: Write> Printer<W> {
    pub fn new(out: W, format: Format, table_width: Option<u16>) -> Self {
        Printer {
            out,
            format,
            table_width,
            written: 0,
        }
    }

    pub fn report(&mut self, report: &Report) -> io::Result<()> {
        match self.format {
            Format::Table => {
                if self.written > 0 {
                    writeln!(self.out)?;
                }
                self.out
                    .write_all(table::render(report, self.table_width).as_bytes())?;
            }
            Format::Json => json::write_array_element(&mut self.out, report, self.written == 0)?,
            Format::Ndjson => json::write_line(&mut self.out, report)?,
        }
        self.written += 1;
        Ok(())
    }

    /// Closes what the format opened (the JSON array) and flushes.
    pub fn finish(mut self) -> io::Result<()> {
        if self.format == Format::Json {
            json::close_array(&mut self.out, self.written == 0)?;
        }
        self.out.flush()
    }
}
