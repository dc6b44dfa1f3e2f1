//! `--summary`: the report over a whole batch. Each message is boiled down to [`Facts`] on the
//! worker that analysed it; the printing thread adds them up in output order, so every
//! "example" is the first message, in output order, that showed the case, whatever the number
//! of threads. The JSON shape is documented in `docs/summary-output.md`; [`json`] writes it and
//! [`text`] writes the tables.

mod json;
mod text;

use std::{
    borrow::Cow,
    collections::{BTreeMap, BTreeSet, HashMap},
};

use hoptls_core::{Encryption, Report, Verdict};

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
/// The authentication methods the summary counts, in the order of [`Facts`].
const AUTH_METHODS: [&str; 3] = ["spf", "dkim", "dmarc"];

/// Canonical versions, strongest first, as the summary lists them.
const VERSIONS: [&str; 6] = ["TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1.0", "SSLv3", "SSLv2"];

/// What the summary needs of one message.
#[derive(Debug, Clone)]
pub struct Facts {
    verdict: Verdict,
    /// The verdict over the hops that are not claimed.
    trusted_verdict: Verdict,
    /// The trusted SPF, DKIM and DMARC results, as the message's summary gives them.
    auth: [Option<String>; 3],
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
            trusted_verdict: report.summary.trusted_verdict,
            auth: [
                report.summary.spf.clone(),
                report.summary.dkim.clone(),
                report.summary.dmarc.clone(),
            ],
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
    trusted_verdicts: [usize; 4],
    /// Per method of [`AUTH_METHODS`]: messages by trusted result; `None` counts messages with
    /// no trusted result.
    auth: [BTreeMap<Option<String>, usize>; 3],
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
        self.trusted_verdicts[verdict_slot(facts.trusted_verdict)] += 1;
        for (counts, result) in self.auth.iter_mut().zip(&facts.auth) {
            *counts.entry(result.clone()).or_default() += 1;
        }
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
        worst_first(&self.relays, |r| r.plaintext + r.weak)
    }

    /// Sender domains with plaintext or weak hops: most such hops first.
    fn domains(&self) -> Vec<(&String, &DomainStat)> {
        worst_first(&self.domains, |d| d.plaintext + d.weak)
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

/// The entries whose `bad` count is not zero, the largest count first, then by name.
fn worst_first<S>(stats: &HashMap<String, S>, bad: impl Fn(&S) -> usize) -> Vec<(&String, &S)> {
    let mut worst: Vec<_> = stats.iter().filter(|(_, stat)| bad(stat) > 0).collect();
    worst.sort_by(|a, b| bad(b.1).cmp(&bad(a.1)).then(a.0.cmp(b.0)));
    worst
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
