//! The progress line on stderr: `indicatif`, shown only when it helps and can do no harm.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Messages handled before the line appears. The number of messages is not known in advance
/// (folders are walked and mboxes read as the run goes), and a batch below this is done in
/// well under a second: a line that flashes by is noise.
pub const THRESHOLD: u64 = 1000;

/// Whether a progress line may be shown at all: stderr is a terminal, `--quiet` was not given,
/// and the messages themselves are not being printed on the same terminal (where the line
/// would fight the tables for the screen).
pub fn wanted(stderr_is_terminal: bool, quiet: bool, messages_on_terminal: bool) -> bool {
    stderr_is_terminal && !quiet && !messages_on_terminal
}

/// A counter of handled messages that turns into a line on stderr past [`THRESHOLD`].
#[derive(Debug)]
pub struct Progress {
    enabled: bool,
    count: u64,
    failed: u64,
    bar: Option<ProgressBar>,
}

impl Progress {
    pub fn new(enabled: bool) -> Progress {
        Progress {
            enabled,
            count: 0,
            failed: 0,
            bar: None,
        }
    }

    /// One more message (or unreadable input) handled.
    pub fn tick(&mut self, failed: bool) {
        self.count += 1;
        self.failed += u64::from(failed);
        if let Some(bar) = &self.bar {
            bar.set_position(self.count);
            if failed {
                bar.set_message(format!("· {} unreadable", self.failed));
            }
        } else if self.enabled && self.count >= THRESHOLD {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template(
                "{spinner} {human_pos} messages · {per_sec:0} · {elapsed} {msg}",
            ) {
                bar.set_style(style);
            }
            bar.set_position(self.count);
            bar.enable_steady_tick(Duration::from_millis(200));
            self.bar = Some(bar);
        }
    }

    /// Runs `f` (which writes to stderr) with the line out of the way.
    pub fn suspend<T>(&self, f: impl FnOnce() -> T) -> T {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    /// Removes the line, leaving the terminal as it was.
    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_only_on_a_free_terminal() {
        assert!(wanted(true, false, false));
        assert!(!wanted(false, false, false), "never when piped");
        assert!(!wanted(true, true, false), "--quiet");
        assert!(!wanted(true, false, true), "tables on the same terminal");
    }

    #[test]
    fn the_line_appears_past_the_threshold_only_when_enabled() {
        let mut off = Progress::new(false);
        for _ in 0..THRESHOLD + 1 {
            off.tick(false);
        }
        assert!(off.bar.is_none());
        let mut on = Progress::new(true);
        for _ in 0..THRESHOLD - 1 {
            on.tick(false);
        }
        assert!(on.bar.is_none());
        on.tick(true);
        assert!(on.bar.is_some());
        on.finish();
        assert!(on.bar.is_none());
    }
}
