//! `--summary`: the report over a whole batch. Each message is boiled down to [`Facts`] on the
//! worker that analysed it; the printing thread adds them up in output order, so every
//! "example" is the first message, in output order, that showed the case, whatever the number
//! of threads. The JSON shape is documented in `docs/summary-output.md`.

use std::{
    borrow::Cow,
    collections::{BTreeSet, HashMap},
};

use hoptls_core::{Encryption, Report, Verdict};
use serde::Serialize;

use crate::policy::Condition;

/// The schema name of the summary object.
pub const SCHEMA: &str = "hoptls-summary/1";

/// Unreadable inputs listed by name; beyond this only the count grows, so that memory stays
/// flat on a batch where everything fails.
pub const MAX_LISTED_FAILURES: usize = 1000;

const VERDICTS: [Verdict; 4] = [
    Verdict::Encrypted,
    Verdict::Weak,
    Verdict::Plaintext,
    Verdict::Unknown,
];
const ENCRYPTIONS: [Encryption; 4] = [
    Encryption::Tls,
    Encryption::Plaintext,
    Encryption::Local,
    Encryption::Unknown,
];
/// Canonical versions, strongest first, as the summary lists them.
const VERSIONS: [&str; 6] = ["TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1.0", "SSLv3", "SSLv2"];

/// What the summary needs of one message.
#[derive(Debug, Clone)]
pub struct Facts {
    verdict: Verdict,
    /// The domain of the From address, lower-cased.
    domain: Option<String>,
    hops: Vec<HopFacts>,
}

#[derive(Debug, Clone)]
struct HopFacts {
    encryption: Encryption,
    weak: bool,
    version: Option<&'static str>,
    cipher: Option<String>,
    /// The `cipher-…` finding codes of the hop.
    cipher_weaknesses: Vec<Cow<'static, str>>,
    /// The receiving host, lower-cased and without a trailing dot.
    by: Option<String>,
    delay: Option<i64>,
}

impl Facts {
    pub fn of(report: &Report) -> Facts {
        Facts {
            verdict: report.summary.verdict,
            domain: report.message.from.as_deref().and_then(domain_of),
            hops: report
                .hops
                .iter()
                .map(|hop| HopFacts {
                    encryption: hop.encryption,
                    weak: hop.encryption == Encryption::Tls && hop.weak,
                    version: hop.tls.as_ref().and_then(|t| t.version),
                    cipher: hop.tls.as_ref().and_then(|t| t.cipher.clone()),
                    cipher_weaknesses: hop
                        .findings
                        .iter()
                        .filter(|f| f.code.starts_with("cipher-"))
                        .map(|f| f.code.clone())
                        .collect(),
                    by: hop.by.as_deref().map(host_key),
                    delay: hop.delay_seconds,
                })
                .collect(),
        }
    }
}

/// The domain of an address (`Ana <ana@Example.ORG>` → `example.org`); `None` when the From
/// field holds no address.
fn domain_of(from: &str) -> Option<String> {
    let (_, domain) = from.rsplit_once('@')?;
    let domain = domain.trim().trim_end_matches(['>', '.']).trim();
    (!domain.is_empty() && !domain.contains(char::is_whitespace))
        .then(|| domain.to_ascii_lowercase())
}

/// Host names compare without case and without a trailing dot.
fn host_key(host: &str) -> String {
    host.trim_end_matches('.').to_ascii_lowercase()
}

#[derive(Debug, Default)]
struct CipherStat {
    hops: usize,
    weaknesses: BTreeSet<Cow<'static, str>>,
}

#[derive(Debug, Default)]
struct RelayStat {
    hops: usize,
    plaintext: usize,
    weak: usize,
    example: Option<String>,
}

#[derive(Debug, Default)]
struct DomainStat {
    messages: usize,
    plaintext: usize,
    weak: usize,
    example: Option<String>,
}

#[derive(Debug, Default)]
struct SkewStat {
    hops: usize,
    /// The largest skew, in seconds (a positive number: how far the hop's clock was behind).
    largest: i64,
    example: Option<String>,
}

/// The running totals.
#[derive(Debug, Default)]
pub struct Summary {
    messages: usize,
    verdicts: [usize; 4],
    hops: usize,
    encryptions: [usize; 4],
    weak_hops: usize,
    /// Per [`VERSIONS`], then TLS hops that record no version.
    versions: [usize; 7],
    ciphers: HashMap<String, CipherStat>,
    /// Keyed by host; `""` for hops without a `by`.
    relays: HashMap<String, RelayStat>,
    /// Keyed by domain; `""` for messages without a From address.
    domains: HashMap<String, DomainStat>,
    skews: HashMap<String, SkewStat>,
    failures: Vec<(String, String)>,
    failed: usize,
}

fn verdict_slot(verdict: Verdict) -> usize {
    VERDICTS.iter().position(|v| *v == verdict).unwrap_or(3)
}

fn encryption_slot(encryption: Encryption) -> usize {
    ENCRYPTIONS
        .iter()
        .position(|e| *e == encryption)
        .unwrap_or(3)
}

/// The entry for `key`, created with a clone of the key only the first time it is seen.
fn entry<'a, T: Default>(map: &'a mut HashMap<String, T>, key: &str) -> &'a mut T {
    if !map.contains_key(key) {
        map.insert(key.to_owned(), T::default());
    }
    map.get_mut(key).expect("inserted above")
}

impl Summary {
    /// Adds one message, named `source`.
    pub fn add(&mut self, source: &str, facts: &Facts) {
        self.messages += 1;
        self.verdicts[verdict_slot(facts.verdict)] += 1;
        let mut any_plaintext = false;
        let mut any_weak = false;
        for hop in &facts.hops {
            self.hops += 1;
            self.encryptions[encryption_slot(hop.encryption)] += 1;
            let plaintext = hop.encryption == Encryption::Plaintext;
            any_plaintext |= plaintext;
            any_weak |= hop.weak;
            if hop.weak {
                self.weak_hops += 1;
            }
            if hop.encryption == Encryption::Tls {
                let slot = hop
                    .version
                    .and_then(|v| VERSIONS.iter().position(|known| *known == v))
                    .unwrap_or(VERSIONS.len());
                self.versions[slot] += 1;
                if let Some(cipher) = &hop.cipher {
                    let stat = entry(&mut self.ciphers, cipher);
                    stat.hops += 1;
                    stat.weaknesses
                        .extend(hop.cipher_weaknesses.iter().cloned());
                }
            }
            let by = hop.by.as_deref().unwrap_or("");
            let relay = entry(&mut self.relays, by);
            relay.hops += 1;
            if plaintext || hop.weak {
                relay.plaintext += usize::from(plaintext);
                relay.weak += usize::from(hop.weak);
                relay.example.get_or_insert_with(|| source.to_owned());
            }
            if let Some(delay) = hop.delay.filter(|d| *d < 0) {
                let skew = entry(&mut self.skews, by);
                skew.hops += 1;
                skew.largest = skew.largest.max(delay.saturating_neg());
                skew.example.get_or_insert_with(|| source.to_owned());
            }
        }
        let domain = entry(&mut self.domains, facts.domain.as_deref().unwrap_or(""));
        domain.messages += 1;
        if any_plaintext || any_weak {
            domain.plaintext += usize::from(any_plaintext);
            domain.weak += usize::from(any_weak);
            domain.example.get_or_insert_with(|| source.to_owned());
        }
    }

    /// Adds an input that could not be read.
    pub fn add_failure(&mut self, source: &str, error: &str) {
        self.failed += 1;
        if self.failures.len() < MAX_LISTED_FAILURES {
            self.failures.push((source.to_owned(), error.to_owned()));
        }
    }

    fn ciphers(&self) -> Vec<(&String, &CipherStat)> {
        let mut ciphers: Vec<_> = self.ciphers.iter().collect();
        ciphers.sort_by(|a, b| b.1.hops.cmp(&a.1.hops).then(a.0.cmp(b.0)));
        ciphers
    }

    /// Relays with plaintext or weak hops: most such hops first.
    fn relays(&self) -> Vec<(&String, &RelayStat)> {
        let mut relays: Vec<_> = self
            .relays
            .iter()
            .filter(|(_, r)| r.plaintext + r.weak > 0)
            .collect();
        relays.sort_by(|a, b| {
            (b.1.plaintext + b.1.weak)
                .cmp(&(a.1.plaintext + a.1.weak))
                .then(a.0.cmp(b.0))
        });
        relays
    }

    fn domains(&self) -> Vec<(&String, &DomainStat)> {
        let mut domains: Vec<_> = self
            .domains
            .iter()
            .filter(|(_, d)| d.plaintext + d.weak > 0)
            .collect();
        domains.sort_by(|a, b| {
            (b.1.plaintext + b.1.weak)
                .cmp(&(a.1.plaintext + a.1.weak))
                .then(a.0.cmp(b.0))
        });
        domains
    }

    fn skews(&self) -> Vec<(&String, &SkewStat)> {
        let mut skews: Vec<_> = self.skews.iter().collect();
        skews.sort_by(|a, b| b.1.largest.cmp(&a.1.largest).then(a.0.cmp(b.0)));
        skews
    }

    fn tls_versions(&self) -> impl Iterator<Item = (Option<&'static str>, usize)> + '_ {
        VERSIONS
            .iter()
            .map(|v| Some(*v))
            .chain([None])
            .zip(self.versions)
            .filter(|(_, hops)| *hops > 0)
    }

    /// The summary as one JSON object (`hoptls-summary/1`), its keys in the documented order.
    pub fn to_json(&self, policy: Option<&PolicyTally>) -> impl Serialize {
        let name = |key: &String| (!key.is_empty()).then(|| key.clone());
        let skews = self.skews();
        Json {
            schema: SCHEMA,
            messages: self.messages,
            unreadable: self.failed,
            verdicts: Verdicts {
                encrypted: self.verdicts[0],
                weak: self.verdicts[1],
                plaintext: self.verdicts[2],
                unknown: self.verdicts[3],
            },
            hops: Hops {
                total: self.hops,
                tls: self.encryptions[0],
                plaintext: self.encryptions[1],
                local: self.encryptions[2],
                unknown: self.encryptions[3],
                weak: self.weak_hops,
            },
            tls_versions: self
                .tls_versions()
                .map(|(version, hops)| VersionRow { version, hops })
                .collect(),
            ciphers: self
                .ciphers()
                .into_iter()
                .map(|(cipher, stat)| CipherRow {
                    cipher: cipher.clone(),
                    hops: stat.hops,
                    weaknesses: stat.weaknesses.iter().cloned().collect(),
                })
                .collect(),
            relays: self
                .relays()
                .into_iter()
                .map(|(host, r)| RelayRow {
                    host: name(host),
                    hops: r.hops,
                    plaintext_hops: r.plaintext,
                    weak_hops: r.weak,
                    example: r.example.clone(),
                })
                .collect(),
            sender_domains: self
                .domains()
                .into_iter()
                .map(|(domain, d)| DomainRow {
                    domain: name(domain),
                    messages: d.messages,
                    plaintext_messages: d.plaintext,
                    weak_messages: d.weak,
                    example: d.example.clone(),
                })
                .collect(),
            clock_skews: Skews {
                hops: skews.iter().map(|(_, s)| s.hops).sum(),
                largest_seconds: skews.first().map(|(_, s)| s.largest),
                relays: skews
                    .iter()
                    .map(|(host, s)| SkewRow {
                        host: name(host),
                        hops: s.hops,
                        largest_seconds: s.largest,
                        example: s.example.clone(),
                    })
                    .collect(),
            },
            failures: self
                .failures
                .iter()
                .map(|(source, error)| FailureRow {
                    source: source.clone(),
                    error: error.clone(),
                })
                .collect(),
            policy: policy.map(PolicyTally::to_json),
        }
    }

    /// The summary as tables for people; long lists are cut at `rows` rows (the JSON form
    /// has them all).
    pub fn to_text(&self, policy: Option<&PolicyTally>, color: bool) -> String {
        use std::fmt::Write as _;

        use crate::output::{
            table::{ANSI_RESET, verdict_ansi},
            text::printable,
        };

        const ROWS: usize = 20;
        let mut out = String::new();
        let percent = |n: usize, of: usize| {
            if of == 0 {
                String::new()
            } else {
                format!("{:.1} %", n as f64 * 100.0 / of as f64)
            }
        };
        let name = |key: &String, none: &str| {
            if key.is_empty() {
                none.to_owned()
            } else {
                printable(key)
            }
        };

        let _ = writeln!(
            out,
            "{} messages, {} hops; {} inputs could not be read",
            self.messages, self.hops, self.failed
        );

        let mut rows = Vec::new();
        for (verdict, n) in VERDICTS.iter().zip(self.verdicts) {
            let word = if color {
                format!("{}{}{ANSI_RESET}", verdict_ansi(*verdict), verdict.as_str())
            } else {
                verdict.as_str().to_owned()
            };
            rows.push(vec![word, n.to_string(), percent(n, self.messages)]);
        }
        section(
            &mut out,
            "messages by verdict",
            &["verdict", "messages", "share"],
            rows,
            ROWS,
        );

        let mut rows: Vec<Vec<String>> = ENCRYPTIONS
            .iter()
            .zip(self.encryptions)
            .map(|(e, n)| vec![e.as_str().to_owned(), n.to_string(), percent(n, self.hops)])
            .collect();
        rows.push(vec![
            "  of which weak TLS".to_owned(),
            self.weak_hops.to_string(),
            percent(self.weak_hops, self.hops),
        ]);
        section(
            &mut out,
            "hops by encryption",
            &["encryption", "hops", "share"],
            rows,
            ROWS,
        );

        let tls = self.encryptions[0];
        let rows = self
            .tls_versions()
            .map(|(v, n)| {
                vec![
                    v.unwrap_or("not recorded").to_owned(),
                    n.to_string(),
                    percent(n, tls),
                ]
            })
            .collect();
        section(
            &mut out,
            "TLS versions (TLS hops)",
            &["version", "hops", "share"],
            rows,
            ROWS,
        );

        let rows = self
            .ciphers()
            .into_iter()
            .map(|(c, s)| {
                vec![
                    printable(c),
                    s.hops.to_string(),
                    s.weaknesses
                        .iter()
                        .map(|w| w.as_ref())
                        .collect::<Vec<_>>()
                        .join(" "),
                ]
            })
            .collect();
        section(
            &mut out,
            "ciphers",
            &["cipher", "hops", "weaknesses"],
            rows,
            ROWS,
        );

        let rows = self
            .relays()
            .into_iter()
            .map(|(h, r)| {
                vec![
                    name(h, "(no by)"),
                    r.plaintext.to_string(),
                    r.weak.to_string(),
                    r.hops.to_string(),
                    r.example.as_deref().map(printable).unwrap_or_default(),
                ]
            })
            .collect();
        section(
            &mut out,
            "relays with plaintext or weak hops",
            &["relay (by)", "plaintext", "weak", "hops", "example"],
            rows,
            ROWS,
        );

        let rows = self
            .domains()
            .into_iter()
            .map(|(d, s)| {
                vec![
                    name(d, "(no address)"),
                    s.plaintext.to_string(),
                    s.weak.to_string(),
                    s.messages.to_string(),
                    s.example.as_deref().map(printable).unwrap_or_default(),
                ]
            })
            .collect();
        section(
            &mut out,
            "sender domains with plaintext or weak messages",
            &["From domain", "plaintext", "weak", "messages", "example"],
            rows,
            ROWS,
        );

        let rows = self
            .skews()
            .into_iter()
            .map(|(h, s)| {
                vec![
                    name(h, "(no by)"),
                    s.hops.to_string(),
                    crate::output::text::duration(s.largest),
                    s.example.as_deref().map(printable).unwrap_or_default(),
                ]
            })
            .collect();
        section(
            &mut out,
            "clock skews (a hop earlier than the one before)",
            &["relay (by)", "hops", "largest", "example"],
            rows,
            ROWS,
        );

        let mut rows: Vec<Vec<String>> = self
            .failures
            .iter()
            .map(|(s, e)| vec![printable(s), printable(e)])
            .collect();
        if self.failed > self.failures.len() {
            rows.push(vec![
                format!("… {} more", self.failed - self.failures.len()),
                String::new(),
            ]);
        }
        section(
            &mut out,
            "could not be read",
            &["input", "error"],
            rows,
            usize::MAX,
        );

        if let Some(policy) = policy {
            let rows = policy
                .conditions
                .iter()
                .zip(&policy.counts)
                .map(|(c, (n, example))| {
                    vec![
                        c.to_string(),
                        n.to_string(),
                        example.as_deref().map(printable).unwrap_or_default(),
                    ]
                })
                .collect();
            section(
                &mut out,
                &format!(
                    "--fail-on: {} messages violate the policy",
                    policy.violating
                ),
                &["condition", "messages", "example"],
                rows,
                usize::MAX,
            );
        }
        out
    }
}

/// A titled table; nothing but the title and "none" when `rows` is empty.
fn section(out: &mut String, title: &str, header: &[&str], rows: Vec<Vec<String>>, limit: usize) {
    use std::fmt::Write as _;

    use comfy_table::{CellAlignment, LineStyle, Table, TableStyle};

    const STYLE: TableStyle =
        TableStyle::new().header_separator(LineStyle::none().fill('─').junction('─'));

    let _ = writeln!(out, "\n{title}");
    if rows.is_empty() {
        let _ = writeln!(out, "  none");
        return;
    }
    let total = rows.len();
    let mut table = Table::new();
    table.load_style(STYLE).set_header(header.iter().copied());
    for row in rows.into_iter().take(limit) {
        table.add_row(row);
    }
    for (index, column) in table.column_iter_mut().enumerate() {
        column.set_padding((2, 0));
        // Counts and shares line up on the right.
        if index > 0
            && matches!(
                header[index],
                "messages" | "hops" | "share" | "plaintext" | "weak"
            )
        {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    for line in table.lines() {
        let _ = writeln!(out, "{}", line.trim_end());
    }
    if total > limit {
        let _ = writeln!(
            out,
            "  … {} more (all of them with --format json)",
            total - limit
        );
    }
}

// The JSON form, field by field in the order docs/summary-output.md gives.

#[derive(Serialize)]
struct Json {
    schema: &'static str,
    messages: usize,
    unreadable: usize,
    verdicts: Verdicts,
    hops: Hops,
    tls_versions: Vec<VersionRow>,
    ciphers: Vec<CipherRow>,
    relays: Vec<RelayRow>,
    sender_domains: Vec<DomainRow>,
    clock_skews: Skews,
    failures: Vec<FailureRow>,
    policy: Option<PolicyJson>,
}

#[derive(Serialize)]
struct Verdicts {
    encrypted: usize,
    weak: usize,
    plaintext: usize,
    unknown: usize,
}

#[derive(Serialize)]
struct Hops {
    total: usize,
    tls: usize,
    plaintext: usize,
    local: usize,
    unknown: usize,
    weak: usize,
}

#[derive(Serialize)]
struct VersionRow {
    version: Option<&'static str>,
    hops: usize,
}

#[derive(Serialize)]
struct CipherRow {
    cipher: String,
    hops: usize,
    weaknesses: Vec<Cow<'static, str>>,
}

#[derive(Serialize)]
struct RelayRow {
    host: Option<String>,
    hops: usize,
    plaintext_hops: usize,
    weak_hops: usize,
    example: Option<String>,
}

#[derive(Serialize)]
struct DomainRow {
    domain: Option<String>,
    messages: usize,
    plaintext_messages: usize,
    weak_messages: usize,
    example: Option<String>,
}

#[derive(Serialize)]
struct Skews {
    hops: usize,
    largest_seconds: Option<i64>,
    relays: Vec<SkewRow>,
}

#[derive(Serialize)]
struct SkewRow {
    host: Option<String>,
    hops: usize,
    largest_seconds: i64,
    example: Option<String>,
}

#[derive(Serialize)]
struct FailureRow {
    source: String,
    error: String,
}

#[derive(Serialize)]
struct PolicyJson {
    fail_on: Vec<String>,
    violating_messages: usize,
    conditions: Vec<ConditionRow>,
}

#[derive(Serialize)]
struct ConditionRow {
    condition: String,
    messages: usize,
    example: Option<String>,
}

/// How many messages met each `--fail-on` condition, with the first of them.
#[derive(Debug)]
pub struct PolicyTally {
    pub conditions: Vec<Condition>,
    /// Per condition: messages that met it, and the first one.
    pub counts: Vec<(usize, Option<String>)>,
    /// Messages that met at least one condition.
    pub violating: usize,
}

impl PolicyTally {
    pub fn new(conditions: Vec<Condition>) -> PolicyTally {
        let counts = vec![(0, None); conditions.len()];
        PolicyTally {
            conditions,
            counts,
            violating: 0,
        }
    }

    /// Adds a message, given its bits from [`crate::policy::violations`].
    pub fn add(&mut self, source: &str, bits: u64) {
        if bits == 0 {
            return;
        }
        self.violating += 1;
        for (index, (count, example)) in self.counts.iter_mut().enumerate() {
            if bits & (1 << index) != 0 {
                *count += 1;
                example.get_or_insert_with(|| source.to_owned());
            }
        }
    }

    fn to_json(&self) -> PolicyJson {
        PolicyJson {
            fail_on: self.conditions.iter().map(ToString::to_string).collect(),
            violating_messages: self.violating,
            conditions: self
                .conditions
                .iter()
                .zip(&self.counts)
                .map(|(c, (n, example))| ConditionRow {
                    condition: c.to_string(),
                    messages: *n,
                    example: example.clone(),
                })
                .collect(),
        }
    }

    /// One line for stderr: which conditions were met, how often, and the first message.
    pub fn closing_line(&self, messages: usize) -> Option<String> {
        use std::fmt::Write as _;

        if self.violating == 0 {
            return None;
        }
        let mut line = format!(
            "hoptls: --fail-on: {} of {messages} messages violate the policy (",
            self.violating
        );
        let met: Vec<String> = self
            .conditions
            .iter()
            .zip(&self.counts)
            .filter(|(_, (n, _))| *n > 0)
            .map(|(c, (n, example))| match example {
                Some(example) => format!(
                    "{c}: {n}, first {}",
                    crate::output::text::printable(example)
                ),
                None => format!("{c}: {n}"),
            })
            .collect();
        let _ = write!(line, "{})", met.join("; "));
        Some(line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(fixture: &str) -> Report {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../fixtures/eml")
            .join(fixture);
        hoptls_core::analyze(fixture, &std::fs::read(path).expect("fixture")).expect("a message")
    }

    #[test]
    fn domains() {
        assert_eq!(domain_of("ana@Example.ORG"), Some("example.org".into()));
        assert_eq!(
            domain_of("Ana <ana@example.org>"),
            Some("example.org".into())
        );
        assert_eq!(
            domain_of("\"a@b\" <ana@mail.example.net.>"),
            Some("mail.example.net".into())
        );
        assert_eq!(domain_of("Ana Example"), None);
        assert_eq!(domain_of("ana@"), None);
    }

    #[test]
    fn adds_up_in_order_with_the_first_example() {
        let mut summary = Summary::default();
        for fixture in [
            "plaintext/relay-drops-tls.eml",
            "weak/gmail-tls10-3des.eml",
            "plaintext/relay-drops-tls.eml",
            "odd/clock-skew-minutes.eml",
        ] {
            let report = report(fixture);
            summary.add(
                &format!("{fixture}#{}", summary.messages + 1),
                &Facts::of(&report),
            );
        }
        summary.add_failure("broken.eml", "binary data");
        let json = serde_json::to_value(summary.to_json(None)).expect("JSON");
        assert_eq!(json["messages"], 4);
        assert_eq!(json["unreadable"], 1);
        assert_eq!(json["verdicts"]["plaintext"], 2);
        assert_eq!(json["verdicts"]["weak"], 1);
        let relay = &json["relays"][0];
        assert_eq!(relay["host"], "mx.example.com");
        assert_eq!(relay["plaintext_hops"], 2);
        assert_eq!(
            relay["example"], "plaintext/relay-drops-tls.eml#1",
            "the first, not the last"
        );
        let domains = json["sender_domains"].as_array().expect("a list");
        assert_eq!(domains[0]["domain"], "example.org");
        assert_eq!(domains[0]["plaintext_messages"], 2);
        assert_eq!(json["clock_skews"]["largest_seconds"], 301);
        assert_eq!(json["failures"][0]["source"], "broken.eml");
        let total: u64 = json["tls_versions"]
            .as_array()
            .expect("a list")
            .iter()
            .map(|v| v["hops"].as_u64().unwrap_or(0))
            .sum();
        assert_eq!(total, json["hops"]["tls"].as_u64().unwrap_or(u64::MAX));
    }

    #[test]
    fn failures_are_listed_up_to_a_bound() {
        let mut summary = Summary::default();
        for n in 0..MAX_LISTED_FAILURES + 5 {
            summary.add_failure(&format!("{n}.eml"), "empty");
        }
        assert_eq!(summary.failures.len(), MAX_LISTED_FAILURES);
        assert!(summary.to_text(None, false).contains("… 5 more"));
    }

    #[test]
    fn the_policy_tally_keeps_the_first_example() {
        let conditions = vec![Condition::Plaintext, Condition::Weak];
        let mut tally = PolicyTally::new(conditions);
        tally.add("a", 0b01);
        tally.add("b", 0b11);
        tally.add("c", 0);
        assert_eq!(tally.violating, 2);
        assert_eq!(
            tally.counts,
            vec![(2, Some("a".into())), (1, Some("b".into()))]
        );
        assert_eq!(
            tally.closing_line(3).as_deref(),
            Some(
                "hoptls: --fail-on: 2 of 3 messages violate the policy (plaintext: 2, first a; weak: 1, first b)"
            )
        );
        assert_eq!(
            PolicyTally::new(vec![Condition::Weak]).closing_line(3),
            None
        );
    }
}
