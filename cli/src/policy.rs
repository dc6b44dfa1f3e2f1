//! `--fail-on`: the conditions that make a batch fail (exit status 1), and how a message meets
//! them. Everything is decided on the contract's report, so that a condition means the same as
//! the fields a script would test in the JSON output.

use std::fmt;

use hoptls_core::{Encryption, Report, Verdict};

/// Canonical TLS versions, weakest first; a `tls<X` condition compares ranks in this list.
const VERSIONS: [&str; 6] = ["SSLv2", "SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"];

/// One `--fail-on` condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// A hop travelled in plaintext.
    Plaintext,
    /// A TLS hop is weak: SSLv2/3, TLS 1.0/1.1, or a weak cipher.
    Weak,
    /// A hop does not say how it travelled (`encryption: unknown`).
    Unknown,
    /// The verdict is anything but `encrypted`.
    NotEncrypted,
    /// A TLS hop records a version below this one (an index into [`VERSIONS`]). Hops whose
    /// version is not recorded are not counted: nothing says they were old.
    TlsBelow(usize),
    /// A hop's delay is more negative than minus this many seconds (a clock skew).
    SkewOver(i64),
    /// A hop's delay is longer than this many seconds.
    DelayOver(i64),
    /// The message or one of its hops has a finding with this code.
    Finding(String),
}

/// The words `--help` lists, in order.
pub const HELP: &str = "plaintext, weak, unknown, not-encrypted, tls<1.0 … tls<1.3, \
skew>SECONDS, delay>SECONDS (durations take s, m, h or d), finding=CODE";

impl Condition {
    /// Reads one condition as written on the command line.
    pub fn parse(text: &str) -> Result<Condition, String> {
        let word = text.trim();
        let lower = word.to_ascii_lowercase();
        match lower.as_str() {
            "plaintext" => return Ok(Condition::Plaintext),
            "weak" => return Ok(Condition::Weak),
            "unknown" => return Ok(Condition::Unknown),
            "not-encrypted" => return Ok(Condition::NotEncrypted),
            _ => {}
        }
        if let Some(version) = lower.strip_prefix("tls<") {
            return version_rank(version)
                .filter(|rank| *rank >= 2)
                .map(Condition::TlsBelow)
                .ok_or_else(|| {
                    format!("`{word}`: the version after `tls<` must be 1.0, 1.1, 1.2 or 1.3")
                });
        }
        if let Some(amount) = lower.strip_prefix("skew>") {
            return seconds(amount)
                .map(Condition::SkewOver)
                .map_err(|e| format!("`{word}`: {e}"));
        }
        if let Some(amount) = lower.strip_prefix("delay>") {
            return seconds(amount)
                .map(Condition::DelayOver)
                .map_err(|e| format!("`{word}`: {e}"));
        }
        if let Some(code) = lower.strip_prefix("finding=") {
            if !code.is_empty() && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
                return Ok(Condition::Finding(code.to_owned()));
            }
            return Err(format!(
                "`{word}`: a finding code is letters, digits and `-`"
            ));
        }
        Err(format!(
            "unknown condition `{word}`; the conditions are: {HELP}"
        ))
    }

    /// Whether `report` meets this condition.
    pub fn is_met_by(&self, report: &Report) -> bool {
        let mut hops = report.hops.iter();
        match self {
            Condition::Plaintext => hops.any(|h| h.encryption == Encryption::Plaintext),
            Condition::Weak => hops.any(|h| h.encryption == Encryption::Tls && h.weak),
            Condition::Unknown => hops.any(|h| h.encryption == Encryption::Unknown),
            Condition::NotEncrypted => report.summary.verdict != Verdict::Encrypted,
            Condition::TlsBelow(limit) => hops.any(|h| {
                h.encryption == Encryption::Tls
                    && h.tls
                        .as_ref()
                        .and_then(|t| t.version)
                        .and_then(version_rank)
                        .is_some_and(|rank| rank < *limit)
            }),
            Condition::SkewOver(limit) => hops.any(|h| h.delay_seconds.is_some_and(|d| d < -limit)),
            Condition::DelayOver(limit) => {
                hops.any(|h| h.delay_seconds.is_some_and(|d| d > *limit))
            }
            Condition::Finding(code) => {
                let matches = |f: &hoptls_core::Finding| f.code.eq_ignore_ascii_case(code);
                report.findings.iter().any(matches)
                    || report.hops.iter().any(|h| h.findings.iter().any(matches))
            }
        }
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Condition::Plaintext => f.write_str("plaintext"),
            Condition::Weak => f.write_str("weak"),
            Condition::Unknown => f.write_str("unknown"),
            Condition::NotEncrypted => f.write_str("not-encrypted"),
            Condition::TlsBelow(rank) => {
                let version = VERSIONS.get(*rank).copied().unwrap_or("?");
                write!(f, "tls<{}", version.trim_start_matches("TLSv"))
            }
            Condition::SkewOver(s) => write!(f, "skew>{s}"),
            Condition::DelayOver(s) => write!(f, "delay>{s}"),
            Condition::Finding(code) => write!(f, "finding={code}"),
        }
    }
}

/// The rank of a version: canonical (`TLSv1.2`), or as a condition writes it (`1.2`).
fn version_rank(version: &str) -> Option<usize> {
    VERSIONS
        .iter()
        .position(|v| v.eq_ignore_ascii_case(version) || v.strip_prefix("TLSv") == Some(version))
}

/// `300`, `300s`, `5m`, `5min`, `2h`, `1d` as seconds.
fn seconds(text: &str) -> Result<i64, String> {
    let digits = text.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let unit = match &text[digits.len()..] {
        "" | "s" => 1,
        "m" | "min" => 60,
        "h" => 3600,
        "d" => 86400,
        other => return Err(format!("unknown unit `{other}` (use s, m, h or d)")),
    };
    let number: i64 = digits
        .parse()
        .map_err(|_| "expected a whole number of seconds, such as 300 or 5m".to_owned())?;
    number
        .checked_mul(unit)
        .filter(|s| *s >= 0)
        .ok_or_else(|| "the duration is out of range".to_owned())
}

/// Which conditions of a policy a message meets, as bits in the order of the policy (a
/// policy has at most [`MAX_CONDITIONS`] conditions).
pub fn violations(conditions: &[Condition], report: &Report) -> u64 {
    conditions
        .iter()
        .take(MAX_CONDITIONS)
        .enumerate()
        .filter(|(_, condition)| condition.is_met_by(report))
        .fold(0, |bits, (index, _)| bits | 1 << index)
}

/// How many conditions one `--fail-on` list may hold (they are kept as bits of a `u64`).
pub const MAX_CONDITIONS: usize = 64;

#[cfg(test)]
mod tests {
    use super::*;

    fn report(fixture: &str) -> Report {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../fixtures/eml")
            .join(fixture);
        let bytes = std::fs::read(path).expect("fixture");
        hoptls_core::analyze(fixture, &bytes).expect("a message")
    }

    #[test]
    fn parses_every_condition() {
        let cases = [
            ("plaintext", Condition::Plaintext),
            ("WEAK", Condition::Weak),
            (" unknown ", Condition::Unknown),
            ("not-encrypted", Condition::NotEncrypted),
            ("tls<1.2", Condition::TlsBelow(4)),
            ("tls<1.3", Condition::TlsBelow(5)),
            ("TLS<TLSv1.0", Condition::TlsBelow(2)),
            ("skew>300", Condition::SkewOver(300)),
            ("skew>5m", Condition::SkewOver(300)),
            ("delay>1h", Condition::DelayOver(3600)),
            ("delay>2d", Condition::DelayOver(172_800)),
            (
                "finding=chain-break",
                Condition::Finding("chain-break".into()),
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(Condition::parse(text), Ok(expected), "{text}");
        }
    }

    #[test]
    fn rejects_what_it_does_not_know() {
        for text in [
            "",
            "plain",
            "tls<1.4",
            "tls<SSLv3",
            "tls<",
            "skew>",
            "skew>-5",
            "skew>5y",
            "skew>99999999999999999d",
            "delay>abc",
            "finding=",
            "finding=a b",
        ] {
            assert!(Condition::parse(text).is_err(), "{text:?}");
        }
        let message = Condition::parse("plaintxt").expect_err("unknown");
        assert!(
            message.contains("plaintxt") && message.contains("tls<1.3"),
            "{message}"
        );
    }

    #[test]
    fn displays_as_parsed() {
        for text in [
            "plaintext",
            "weak",
            "unknown",
            "not-encrypted",
            "tls<1.0",
            "tls<1.2",
            "skew>300",
            "delay>60",
            "finding=tls-required-no",
        ] {
            assert_eq!(
                Condition::parse(text).map(|c| c.to_string()),
                Ok(text.to_owned())
            );
        }
    }

    #[test]
    fn conditions_read_the_report() {
        let plaintext = report("plaintext/relay-drops-tls.eml"); // TLS 1.3, 1.2, then plaintext
        let weak = report("weak/gmail-tls10-3des.eml"); // TLS 1.0 with 3DES
        let skewed = report("odd/clock-skew-minutes.eml");
        let required_no = report("odd/tls-required-no.eml");
        let unknown = report("providers/ses-inbound-smtp.eml");
        let met = |text: &str, report: &Report| {
            Condition::parse(text)
                .expect("a condition")
                .is_met_by(report)
        };

        assert!(met("plaintext", &plaintext) && !met("plaintext", &weak));
        assert!(met("weak", &weak) && !met("weak", &plaintext));
        assert!(met("unknown", &unknown) && !met("unknown", &weak));
        assert!(met("not-encrypted", &weak) && met("not-encrypted", &plaintext));
        assert!(met("tls<1.2", &weak) && !met("tls<1.2", &plaintext));
        assert!(met("tls<1.3", &plaintext), "hop 2 used TLS 1.2");
        assert!(!met("tls<1.0", &weak));
        assert!(
            met("skew>300", &skewed) && !met("skew>301", &skewed),
            "hop 3 is 301 s early"
        );
        assert!(!met("skew>0", &plaintext));
        assert!(
            met("delay>1", &plaintext) && !met("delay>2", &plaintext),
            "the longest hop took 2 s"
        );
        assert!(
            met("finding=tls-required-no", &required_no) && !met("finding=tls-required-no", &weak)
        );
        assert!(met("finding=cipher-3des", &weak), "hop findings count too");
    }

    #[test]
    fn violations_are_bits_in_policy_order() {
        let weak = report("weak/gmail-tls10-3des.eml");
        let policy: Vec<Condition> = ["plaintext", "weak", "tls<1.2"]
            .into_iter()
            .map(|t| Condition::parse(t).expect("a condition"))
            .collect();
        assert_eq!(violations(&policy, &weak), 0b110);
        assert_eq!(violations(&[], &weak), 0);
    }
}
