//! Hostile input costs time linear in its size: each pathological family at three sizes, with
//! the throughput reported in bytes, so that a flat time per byte shows up as a flat MiB/s.
//!
//! `cargo bench -p hoptls-core --bench hostile` (FUZZING.md has the figures and how they were
//! measured). Values stop at [`MAX_VALUE_BYTES`] and messages at [`MAX_HEADER_BLOCK_BYTES`]:
//! past the limits the input is cut, so larger sizes would measure only the cut.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use hoptls_core::limits::{MAX_HEADER_BLOCK_BYTES, MAX_VALUE_BYTES};

/// A value of `size` bytes made by repeating `unit` between `head` and `tail`.
fn repeated(head: &str, unit: &str, tail: &str, size: usize) -> String {
    let count = size.saturating_sub(head.len() + tail.len()) / unit.len();
    format!("{head}{}{tail}", unit.repeat(count.max(1)))
}

/// A named family of inputs and how to make one of a given size.
type Family<T> = (&'static str, fn(usize) -> T);

/// Families of one Received value, each built to defeat one part of the parser.
fn value_families() -> Vec<Family<String>> {
    vec![
        ("unclosed-parens", |n| repeated("from a ", "(", "", n)),
        ("nested-parens", |n| {
            format!(
                "from a {}x{} by b",
                "(".repeat(n / 2 - 8),
                ")".repeat(n / 2 - 8)
            )
        }),
        ("unclosed-brackets", |n| repeated("from a ", "[ ", "", n)),
        ("unclosed-angles", |n| repeated("from a ", "< ", "", n)),
        ("unclosed-quotes", |n| repeated("from a \"", "x ", "", n)),
        ("semicolons", |n| repeated("from a by b ", ";", "", n)),
        ("many-comments", |n| repeated("from a ", "(c) ", "by b", n)),
        ("words-before-equals", |n| {
            repeated("from a (", "w ", "=x) by b", n)
        }),
        ("tls-groups", |n| {
            repeated("from a ", "(version=TLSv1.2 cipher=X bits=256) ", "by b", n)
        }),
        ("date-lookalikes", |n| {
            repeated("from a by b ", "Tue, 31 Feb 2024 09:15:02 ", "", n)
        }),
        ("numbers-and-parens", |n| {
            repeated("from a by b ", "1 (", "", n)
        }),
        ("one-long-word", |n| repeated("from ", "x", " by b", n)),
        ("backslashes", |n| repeated("from a (", "\\", "", n)),
    ]
}

/// Families of whole inputs.
fn message_families() -> Vec<Family<Vec<u8>>> {
    vec![
        ("many-received", |n| {
            repeated(
                "",
                "Received: from a by b; Tue, 3 Dec 2024 09:15:02 +0000\n",
                "\n",
                n,
            )
            .into_bytes()
        }),
        ("many-fields", |n| {
            repeated("", "X-Filler: y\n", "Subject: s\n\n", n).into_bytes()
        }),
        ("one-long-received", |n| {
            repeated("Received: from a by b ", "x", "\n\n", n).into_bytes()
        }),
        ("cr-only-no-blank-line", |n| {
            repeated("Received: from a by b;\r", "X: y\r", "", n).into_bytes()
        }),
        ("folded-lines", |n| {
            repeated("Received: from a", "\n b", "\n\n", n).into_bytes()
        }),
        ("long-subject", |n| {
            repeated("Subject: ", "=?utf-8?q?a?= ", "\nReceived: by b\n\n", n).into_bytes()
        }),
        ("long-from", |n| {
            repeated("From: ", "a <b@example.org>, ", "\n\n", n).into_bytes()
        }),
        ("utf16-no-blank-line", |n| {
            let text = repeated("Received: by b\n", "X: y\n", "", n / 2);
            let mut bytes = vec![0xFF, 0xFE];
            bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            bytes
        }),
    ]
}

fn values(c: &mut Criterion) {
    let sizes = [MAX_VALUE_BYTES / 4, MAX_VALUE_BYTES / 2, MAX_VALUE_BYTES];
    for (name, make) in value_families() {
        let mut group = c.benchmark_group(format!("value/{name}"));
        for size in sizes {
            let value = make(size);
            group.throughput(Throughput::Bytes(value.len() as u64));
            group.bench_with_input(BenchmarkId::from_parameter(size), &value, |b, value| {
                b.iter(|| hoptls_core::analyze_received(black_box(value)));
            });
        }
        group.finish();
    }
}

fn messages(c: &mut Criterion) {
    let sizes = [
        MAX_HEADER_BLOCK_BYTES / 4,
        MAX_HEADER_BLOCK_BYTES / 2,
        MAX_HEADER_BLOCK_BYTES,
    ];
    for (name, make) in message_families() {
        let mut group = c.benchmark_group(format!("message/{name}"));
        for size in sizes {
            let input = make(size);
            group.throughput(Throughput::Bytes(input.len() as u64));
            group.bench_with_input(BenchmarkId::from_parameter(size), &input, |b, input| {
                b.iter(|| hoptls_core::analyze("bench.eml", black_box(input)));
            });
        }
        group.finish();
    }
}

fn mbox(c: &mut Criterion) {
    let mut group = c.benchmark_group("mbox/split");
    for size in [4 << 20, 8 << 20, 16 << 20] {
        let file = repeated(
            "",
            "From a@example.org Tue Dec  3 09:15:02 2024\nSubject: s\n\nFrom here\n>From there\n\n",
            "",
            size,
        );
        group.throughput(Throughput::Bytes(file.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(size), &file, |b, file| {
            b.iter(|| hoptls_core::mbox::split(black_box(file.as_bytes())).count());
        });
    }
    group.finish();
}

/// Few samples: the point is the shape across sizes, not the last percent.
fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
}

criterion_group! { name = benches; config = config(); targets = values, messages, mbox }
criterion_main!(benches);
