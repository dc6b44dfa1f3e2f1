//! The summary as one JSON object, `hoptls-summary/1`: typed rows, serialised in declaration
//! order, so that the keys come in the order docs/summary-output.md gives (a `json!` map would
//! sort them).

use std::{borrow::Cow, collections::BTreeMap};

use serde::Serialize;

use super::{PolicyTally, SCHEMA, Summary};

impl Summary {
    /// The summary as one JSON object (`hoptls-summary/1`), its keys in the documented order.
    pub fn to_json(&self, policy: Option<&PolicyTally>) -> impl Serialize {
        let name = |key: &String| (!key.is_empty()).then(|| key.clone());
        let skews = self.skews();
        Json {
            schema: SCHEMA,
            messages: self.messages,
            unreadable: self.failed,
            verdicts: Verdicts::of(self.verdicts),
            trusted_verdicts: Verdicts::of(self.trusted_verdicts),
            authentication: Authentication {
                spf: self.auth_counts(0),
                dkim: self.auth_counts(1),
                dmarc: self.auth_counts(2),
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
}

impl Summary {
    /// Messages by trusted result of one method; `absent` for messages without one.
    fn auth_counts(&self, method: usize) -> BTreeMap<String, usize> {
        self.auth[method]
            .iter()
            .map(|(result, n)| (result.clone().unwrap_or_else(|| "absent".to_owned()), *n))
            .collect()
    }
}

impl Verdicts {
    fn of(counts: [usize; 4]) -> Verdicts {
        Verdicts {
            encrypted: counts[0],
            weak: counts[1],
            plaintext: counts[2],
            unknown: counts[3],
        }
    }
}

impl PolicyTally {
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
    /// The verdicts over the trusted part of each chain (above the trust boundary).
    trusted_verdicts: Verdicts,
    /// Messages by trusted SPF, DKIM and DMARC result.
    authentication: Authentication,
}

#[derive(Serialize)]
struct Authentication {
    spf: BTreeMap<String, usize>,
    dkim: BTreeMap<String, usize>,
    dmarc: BTreeMap<String, usize>,
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
