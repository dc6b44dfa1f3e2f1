//! Running a batch: inputs are analysed in parallel and printed in order.
//!
//! The main thread walks the inputs, hands each one to the worker pool under a sequence
//! number, and prints results strictly in that order as they come back. It never runs more
//! than a fixed window of inputs ahead of the printing, so the results waiting for an earlier,
//! slower one are bounded and memory stays flat however long the batch. An mbox is found by
//! the worker that opens it; when the printing reaches it, the main thread streams the file
//! itself, one header block at a time, and hands the blocks to the pool under a second-level
//! sequence number with its own window. Nothing is shared between threads but the jobs going
//! out and the outcomes coming back on a channel; no lock is held while analysing.
//!
//! Inputs go out in batches of a few (a worker takes one batch, sends one answer back): a
//! message costs tens of microseconds, not much more than waking a sleeping thread, and with
//! one wake-up each way per message 2 threads spent a third more CPU than 1, most of it in
//! futex calls (BENCHMARKS.md).
//! The first batches are of one input, so that a handful of slow files still spreads over
//! every thread.
//!
//! With one thread there is no pool: each job runs on the main thread when it is handed out.

use std::{
    collections::HashMap,
    io::{self, Write},
    panic::{AssertUnwindSafe, catch_unwind},
    sync::{
        Arc,
        mpsc::{self, Receiver, RecvTimeoutError, Sender},
    },
    time::Duration,
};

use hoptls_core::redact::Redactor;

use crate::{
    config::Format,
    input::{Item, mbox::MboxReader},
    job::{self, Context, Done, Outcome},
    output::{self, Printer, text::printable},
    progress::Progress,
    summary::{Facts, PolicyTally, Summary},
};

/// Output waiting in the buffer is flushed when no result has come for this long, so that a
/// slow batch still shows its results as they are ready.
const FLUSH_AFTER: Duration = Duration::from_millis(100);

/// The most inputs (files, or messages of an mbox) handed to a worker at once.
const BATCH_INPUTS: usize = 8;

/// A batch of mbox messages is closed once it holds this many header bytes, so that a batch of
/// huge header blocks holds no more than one of them.
const BATCH_BYTES: usize = 256 * 1024;

/// What the run came to.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub messages: usize,
    pub failed: usize,
    pub violating: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    /// An input, by its place in the stream of inputs.
    Input(u64),
    /// A message of the mbox being streamed, by its number in the file.
    MboxMessage(u64),
}

type Job = Box<dyn FnOnce(&Context) -> Outcome + Send>;

/// Jobs run one after the other on one worker, each with the name of its input should it
/// panic (a bug), so that the batch reports that input and goes on instead of waiting forever.
type Batch = Vec<(String, Job)>;

enum Exec {
    Inline,
    Pool {
        pool: rayon::ThreadPool,
        sender: Sender<(Key, Vec<Outcome>)>,
        receiver: Receiver<(Key, Vec<Outcome>)>,
    },
}

/// Hands out jobs and gives their outcomes back in the order asked for.
struct Scheduler {
    exec: Exec,
    ctx: Arc<Context>,
    ready: HashMap<Key, Vec<Outcome>>,
    threads: usize,
}

impl Scheduler {
    fn new(threads: usize, ctx: Arc<Context>) -> Scheduler {
        let exec = if threads <= 1 {
            Exec::Inline
        } else {
            match rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .thread_name(|n| format!("hoptls-worker-{n}"))
                .build()
            {
                Ok(pool) => {
                    let (sender, receiver) = mpsc::channel();
                    Exec::Pool {
                        pool,
                        sender,
                        receiver,
                    }
                }
                Err(error) => {
                    let _ = writeln!(
                        io::stderr(),
                        "hoptls: no worker threads ({error}); working on one thread"
                    );
                    Exec::Inline
                }
            }
        };
        Scheduler {
            exec,
            ctx,
            ready: HashMap::new(),
            threads,
        }
    }

    /// How many inputs the next batch may take, when `issued` batches went out before it.
    fn batch_size(&self, issued: u64) -> usize {
        if issued < 2 * self.threads as u64 {
            1
        } else {
            BATCH_INPUTS
        }
    }

    /// Runs the jobs of `batch`, in order, for `key`.
    fn submit(&mut self, key: Key, batch: Batch) {
        let ctx = Arc::clone(&self.ctx);
        let run = move || -> Vec<Outcome> {
            batch
                .into_iter()
                .map(|(name, job)| {
                    catch_unwind(AssertUnwindSafe(|| job(&ctx))).unwrap_or_else(|_| {
                        Outcome::Failed {
                            name,
                            error: "internal error: the analysis panicked (a bug in hoptls; \
                                    please report it)"
                                .to_owned(),
                        }
                    })
                })
                .collect()
        };
        match &self.exec {
            Exec::Inline => {
                self.ready.insert(key, run());
            }
            Exec::Pool { pool, sender, .. } => {
                let sender = sender.clone();
                pool.spawn(move || {
                    // The receiver lives as long as the run; a send can only fail once the
                    // run is over (the output was closed), when the outcome is not wanted.
                    let _ = sender.send((key, run()));
                });
            }
        }
    }

    /// The outcomes of the batch `key`, in order, waiting for them; `idle` runs whenever
    /// nothing has come for a while.
    fn take(
        &mut self,
        key: Key,
        idle: &mut dyn FnMut() -> io::Result<()>,
    ) -> io::Result<Vec<Outcome>> {
        loop {
            if let Some(outcome) = self.ready.remove(&key) {
                return Ok(outcome);
            }
            let Exec::Pool { receiver, .. } = &self.exec else {
                // Inline jobs are done when submitted: a missing key is a bug in the caller.
                return Err(io::Error::other("internal error: a result went missing"));
            };
            match receiver.recv_timeout(FLUSH_AFTER) {
                Ok((done, outcome)) => {
                    self.ready.insert(done, outcome);
                }
                Err(RecvTimeoutError::Timeout) => idle()?,
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(io::Error::other("internal error: the workers are gone"));
                }
            }
        }
    }
}

/// Everything the printing side keeps.
struct Sink<W: Write> {
    printer: Printer<W>,
    /// Whether messages are printed (not with a summary alone).
    messages_out: bool,
    summary: Option<Summary>,
    tally: Option<PolicyTally>,
    progress: Progress,
    totals: Totals,
    /// For each folder argument being walked: the messages and failures seen before it.
    folders: Vec<usize>,
    /// With `--redact`: the one redactor of the run, and what rendering needs.
    redaction: Option<Redaction>,
}

/// Redacting in output order: the printing thread owns the redactor, so tokens are numbered in
/// the order messages are printed, the same with any number of threads.
struct Redaction {
    redactor: Redactor,
    format: Format,
    table_width: Option<u16>,
    color: bool,
    render: bool,
    summary: bool,
}

impl Redaction {
    /// Redacts the report a worker handed over, then renders and sums it up as the worker
    /// would have.
    fn apply(&mut self, done: &mut Done) -> io::Result<()> {
        let Some(mut report) = done.report.take() else {
            return Ok(());
        };
        self.redactor.redact(&mut report);
        if self.render {
            done.rendered = output::render(self.format, &report, self.table_width, self.color)
                .map_err(io::Error::other)?;
        }
        if self.summary {
            done.facts = Some(Facts::of(&report));
        }
        done.source = report.source.clone();
        Ok(())
    }
}

impl<W: Write> Sink<W> {
    fn handled(&self) -> usize {
        self.totals.messages + self.totals.failed
    }

    fn message(&mut self, mut done: Done) -> io::Result<()> {
        if let Some(redaction) = &mut self.redaction {
            redaction.apply(&mut done)?;
        }
        if self.messages_out {
            self.printer.message(&done.rendered)?;
        }
        if let (Some(summary), Some(facts)) = (&mut self.summary, &done.facts) {
            summary.add(&done.source, facts);
        }
        if let Some(tally) = &mut self.tally {
            tally.add(&done.source, done.violations);
        }
        self.totals.messages += 1;
        self.progress.tick(false);
        Ok(())
    }

    fn failure(&mut self, name: &str, error: &str) {
        self.progress.suspend(|| {
            let _ = writeln!(
                io::stderr(),
                "hoptls: {}: {}",
                printable(name),
                printable(error)
            );
        });
        if let Some(summary) = &mut self.summary {
            summary.add_failure(name, error);
        }
        self.totals.failed += 1;
        self.progress.tick(true);
    }
}

/// Analyses `inputs` and prints them to `out`; returns what it came to. Only an output error
/// (a closed pipe among them) ends the run early.
pub fn run<W: Write>(
    inputs: impl Iterator<Item = Item>,
    ctx: Context,
    threads: usize,
    out: W,
    progress: Progress,
) -> io::Result<(Totals, Option<String>)> {
    let format = ctx.format;
    let want_summary = ctx.summary;
    let messages_out = ctx.render;
    let color = ctx.color;
    let tally = (!ctx.fail_on.is_empty()).then(|| PolicyTally::new(ctx.fail_on.clone()));
    let redaction = ctx.redact.then(|| Redaction {
        redactor: Redactor::new(),
        format,
        table_width: ctx.table_width,
        color,
        render: ctx.render,
        summary: want_summary,
    });
    let ctx = Arc::new(ctx);
    // Inputs in flight: enough batches to keep every worker busy, few enough that the results
    // waiting for a slow input stay small.
    let window = (threads * 2 * BATCH_INPUTS).clamp(16, 1024) as u64;
    let mut scheduler = Scheduler::new(threads, ctx);
    let mut sink = Sink {
        printer: Printer::new(out, format),
        messages_out,
        summary: want_summary.then(Summary::default),
        tally,
        progress,
        totals: Totals::default(),
        folders: Vec::new(),
        redaction,
    };
    if messages_out {
        sink.printer.begin()?;
    }

    let mut inputs = inputs.fuse();
    // Batches issued and printed, and inputs issued and printed.
    let (mut issued, mut printed) = (0u64, 0u64);
    let (mut inputs_issued, mut inputs_printed) = (0u64, 0u64);
    loop {
        while inputs_issued - inputs_printed < window {
            let size = scheduler.batch_size(issued);
            let batch: Batch = inputs.by_ref().take(size).map(job_of).collect();
            if batch.is_empty() {
                break;
            }
            inputs_issued += batch.len() as u64;
            scheduler.submit(Key::Input(issued), batch);
            issued += 1;
        }
        if printed == issued {
            break;
        }
        let outcomes = scheduler.take(Key::Input(printed), &mut || sink.printer.flush())?;
        printed += 1;
        inputs_printed += outcomes.len() as u64;
        for outcome in outcomes {
            handle(&mut scheduler, &mut sink, outcome, window)?;
        }
    }

    if messages_out {
        sink.printer.end()?;
    }
    if let Some(summary) = &sink.summary {
        match format {
            Format::Json => {
                let mut text = serde_json::to_vec_pretty(&summary.to_json(sink.tally.as_ref()))?;
                text.push(b'\n');
                sink.printer.raw(&text)?;
            }
            Format::Ndjson => {
                let mut line = serde_json::to_vec(&summary.to_json(sink.tally.as_ref()))?;
                line.push(b'\n');
                sink.printer.raw(&line)?;
            }
            Format::Table | Format::Csv => {
                sink.printer
                    .raw(summary.to_text(sink.tally.as_ref(), color).as_bytes())?;
            }
        }
    }
    sink.printer.flush()?;
    sink.progress.finish();
    let totals = Totals {
        violating: sink.tally.as_ref().map_or(0, |t| t.violating),
        ..sink.totals
    };
    let policy_line = sink
        .tally
        .as_ref()
        .and_then(|t| t.closing_line(totals.messages));
    Ok((totals, policy_line))
}

/// The job of one input, and the name it goes by.
fn job_of(item: Item) -> (String, Job) {
    match item {
        Item::Stdin => ("-".to_owned(), Box::new(job::stdin)),
        Item::File { path, mode } => {
            let name = path.display().to_string();
            (name, Box::new(move |ctx| job::file(ctx, &path, mode)))
        }
        // Nothing to do: the outcome travels with the batch, so that it keeps its place.
        Item::Failed { name, error } => (
            name.clone(),
            Box::new(move |_| Outcome::Failed { name, error }),
        ),
        Item::FolderStart => (String::new(), Box::new(|_| Outcome::FolderStart)),
        Item::FolderEnd { name, maildir } => (
            name.clone(),
            Box::new(move |_| Outcome::FolderEnd { name, maildir }),
        ),
    }
}

fn handle<W: Write>(
    scheduler: &mut Scheduler,
    sink: &mut Sink<W>,
    outcome: Outcome,
    window: u64,
) -> io::Result<()> {
    match outcome {
        Outcome::Message(done) => sink.message(done)?,
        Outcome::Failed { name, error } => sink.failure(&name, &error),
        Outcome::Skipped => {}
        Outcome::Mbox { name, reader } => stream_mbox(scheduler, sink, &name, reader, window)?,
        Outcome::FolderStart => {
            let handled = sink.handled();
            sink.folders.push(handled);
        }
        Outcome::FolderEnd { name, maildir } => {
            let before = sink.folders.pop().unwrap_or(0);
            if sink.handled() == before && !maildir {
                sink.failure(
                    &name,
                    "no message found in this folder (it is searched for *.eml, Maildir messages, mbox files and extension-less files that start like a message)",
                );
            }
        }
    }
    Ok(())
}

/// Streams the messages of an mbox in file order: header blocks are read here and analysed on
/// the pool, at most `window` ahead of the printing.
fn stream_mbox<W: Write>(
    scheduler: &mut Scheduler,
    sink: &mut Sink<W>,
    name: &str,
    reader: Box<dyn io::Read + Send>,
    window: u64,
) -> io::Result<()> {
    let mut mbox = MboxReader::new(reader);
    // Batches issued and printed, and messages read and printed.
    let (mut issued, mut printed) = (0u64, 0u64);
    let (mut messages, mut messages_printed) = (0u64, 0u64);
    let mut read_error = None;
    let mut done = false;
    loop {
        while !done && messages - messages_printed < window {
            let size = scheduler.batch_size(issued);
            let mut batch = Batch::with_capacity(size);
            let mut bytes = 0;
            while batch.len() < size && bytes < BATCH_BYTES {
                let mut header = Vec::new();
                match mbox.next_message(&mut header) {
                    Ok(true) => {
                        messages += 1;
                        bytes += header.len();
                        let source = format!("{name}#{messages}");
                        let job: Job = Box::new({
                            let source = source.clone();
                            move |ctx| job::analysed(ctx, &source, &header)
                        });
                        batch.push((source, job));
                    }
                    Ok(false) => done = true,
                    Err(error) => {
                        read_error = Some(error);
                        done = true;
                    }
                }
                if done {
                    break;
                }
            }
            if batch.is_empty() {
                break;
            }
            scheduler.submit(Key::MboxMessage(issued), batch);
            issued += 1;
        }
        if printed == issued {
            break;
        }
        let outcomes = scheduler.take(Key::MboxMessage(printed), &mut || sink.printer.flush())?;
        printed += 1;
        messages_printed += outcomes.len() as u64;
        for outcome in outcomes {
            handle(scheduler, sink, outcome, window)?;
        }
    }
    if let Some(error) = read_error {
        sink.failure(
            name,
            &format!("read error after message {messages} of this mbox: {error}"),
        );
    }
    Ok(())
}
