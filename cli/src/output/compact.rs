//! One report as compact JSON, written field by field: the very bytes `serde_json::to_writer`
//! writes for it, for `--format ndjson`, the format of large batches.
//!
//! serde_json spent as much on a report as the whole header-block reading did: each string
//! went through its general escaping loop and each value through the `io::Write` machinery.
//! Here keys are written as the constants they are, a string with nothing to escape (nearly
//! all of them) is found so by one vector loop and copied whole, and the others are copied in
//! runs between the few bytes JSON escapes. The field order is the contract's (`docs/json-output.md`), as the
//! structs of `hoptls_core::report` declare it; a test renders every fixture message both ways
//! and requires the same bytes, so a field added to the contract and not here fails it.

use std::collections::BTreeMap;

use hoptls_core::trust::Trust;
use hoptls_core::{AuthEntry, Finding, Hop, HopFrom, HopTls, MessageInfo, Report, Summary};

/// Appends the report as one line of compact JSON (without the line break).
pub fn write_report(out: &mut Vec<u8>, report: &Report) {
    let mut o = Object::open(out);
    string(o.key("schema"), report.schema);
    string(o.key("source"), &report.source);
    message(o.key("message"), &report.message);
    array(o.key("hops"), &report.hops, hop);
    array(o.key("findings"), &report.findings, finding);
    summary(o.key("summary"), &report.summary);
    trust(o.key("trust"), &report.trust);
    array(o.key("auth"), &report.auth, auth);
    o.close();
}

fn message(out: &mut Vec<u8>, message: &MessageInfo) {
    let mut o = Object::open(out);
    optional_string(o.key("message_id"), message.message_id.as_deref());
    optional_string(o.key("subject"), message.subject.as_deref());
    optional_string(o.key("from"), message.from.as_deref());
    optional_string(o.key("date"), message.date.as_deref());
    optional_string(o.key("tls_required"), message.tls_required.as_deref());
    o.close();
}

fn hop(out: &mut Vec<u8>, hop: &Hop) {
    let mut o = Object::open(out);
    unsigned(o.key("index"), hop.index as u64);
    string(o.key("raw"), &hop.raw);
    optional(o.key("from"), hop.from.as_ref(), hop_from);
    optional_string(o.key("by"), hop.by.as_deref());
    optional_string(o.key("via"), hop.via.as_deref());
    optional_string(o.key("with"), hop.with.as_deref());
    optional_string(o.key("id"), hop.id.as_deref());
    optional_string(o.key("for"), hop.for_address.as_deref());
    optional_string(o.key("timestamp"), hop.timestamp.as_deref());
    optional(o.key("delay_seconds"), hop.delay_seconds, signed);
    optional(o.key("tls"), hop.tls.as_ref(), hop_tls);
    string(o.key("encryption"), hop.encryption.as_str());
    optional_string(o.key("mta"), hop.mta);
    array(o.key("findings"), &hop.findings, finding);
    string(o.key("evidence"), &hop.evidence);
    boolean(o.key("weak"), hop.weak);
    string(o.key("role"), hop.role.as_str());
    boolean(o.key("claimed"), hop.claimed);
    o.close();
}

fn hop_from(out: &mut Vec<u8>, from: &HopFrom) {
    let mut o = Object::open(out);
    optional_string(o.key("name"), from.name.as_deref());
    optional_string(o.key("rdns"), from.rdns.as_deref());
    optional_string(o.key("ip"), from.ip.as_deref());
    o.close();
}

fn hop_tls(out: &mut Vec<u8>, tls: &HopTls) {
    let mut o = Object::open(out);
    optional_string(o.key("version"), tls.version);
    optional_string(o.key("version_raw"), tls.version_raw.as_deref());
    optional_string(o.key("cipher"), tls.cipher.as_deref());
    optional(o.key("bits"), tls.bits, |out, bits| {
        unsigned(out, u64::from(bits))
    });
    optional_string(o.key("key_exchange"), tls.key_exchange.as_deref());
    optional_string(o.key("client_cert"), tls.client_cert.as_deref());
    o.close();
}

fn finding(out: &mut Vec<u8>, finding: &Finding) {
    let mut o = Object::open(out);
    string(o.key("severity"), finding.severity.as_str());
    string(o.key("code"), &finding.code);
    string(o.key("message"), &finding.message);
    o.close();
}

fn summary(out: &mut Vec<u8>, summary: &Summary) {
    let count = |n: usize| n as u64;
    let mut o = Object::open(out);
    string(o.key("verdict"), summary.verdict.as_str());
    unsigned(o.key("hop_count"), count(summary.hop_count));
    unsigned(o.key("tls_hops"), count(summary.tls_hops));
    unsigned(o.key("plaintext_hops"), count(summary.plaintext_hops));
    optional_string(o.key("weakest_version"), summary.weakest_version);
    optional(
        o.key("total_delay_seconds"),
        summary.total_delay_seconds,
        signed,
    );
    optional(o.key("weakest_hop"), summary.weakest_hop, |out, hop| {
        unsigned(out, count(hop));
    });
    unsigned(o.key("local_hops"), count(summary.local_hops));
    unsigned(o.key("unknown_hops"), count(summary.unknown_hops));
    string(o.key("trusted_verdict"), summary.trusted_verdict.as_str());
    optional_string(
        o.key("claimed_verdict"),
        summary.claimed_verdict.map(|v| v.as_str()),
    );
    unsigned(o.key("claimed_hops"), count(summary.claimed_hops));
    optional_string(o.key("spf"), summary.spf.as_deref());
    optional_string(o.key("dkim"), summary.dkim.as_deref());
    optional_string(o.key("dmarc"), summary.dmarc.as_deref());
    o.close();
}

fn trust(out: &mut Vec<u8>, trust: &Trust) {
    let mut o = Object::open(out);
    string(o.key("method"), trust.method);
    optional(o.key("boundary"), trust.boundary, |out, hop| {
        unsigned(out, hop as u64);
    });
    array(o.key("receiver"), &trust.receiver, |out, domain| {
        string(out, domain);
    });
    string(o.key("explanation"), &trust.explanation);
    o.close();
}

fn auth(out: &mut Vec<u8>, entry: &AuthEntry) {
    let mut o = Object::open(out);
    string(o.key("method"), &entry.method);
    string(o.key("result"), &entry.result);
    optional_string(o.key("authserv_id"), entry.authserv_id.as_deref());
    string(o.key("header"), entry.header);
    optional(o.key("instance"), entry.instance, |out, n| {
        unsigned(out, u64::from(n));
    });
    optional(o.key("hop"), entry.hop, |out, hop| {
        unsigned(out, hop as u64)
    });
    boolean(o.key("trusted"), entry.trusted);
    properties(o.key("properties"), &entry.properties);
    string(o.key("trust_reason"), entry.trust_reason);
    o.close();
}

fn properties(out: &mut Vec<u8>, map: &BTreeMap<String, String>) {
    out.push(b'{');
    for (index, (key, value)) in map.iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        string(out, key);
        out.push(b':');
        string(out, value);
    }
    out.push(b'}');
}

/// An object being written: it puts the commas between its members.
struct Object<'o> {
    out: &'o mut Vec<u8>,
    empty: bool,
}

impl<'o> Object<'o> {
    fn open(out: &'o mut Vec<u8>) -> Self {
        out.push(b'{');
        Object { out, empty: true }
    }

    /// Writes `"name":` (names are constants with nothing to escape) and returns the output
    /// for the value.
    fn key(&mut self, name: &str) -> &mut Vec<u8> {
        if !self.empty {
            self.out.push(b',');
        }
        self.empty = false;
        self.out.push(b'"');
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(b"\":");
        self.out
    }

    fn close(self) {
        self.out.push(b'}');
    }
}

fn array<T>(out: &mut Vec<u8>, items: &[T], write: impl Fn(&mut Vec<u8>, &T)) {
    out.push(b'[');
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        write(out, item);
    }
    out.push(b']');
}

fn optional<T>(out: &mut Vec<u8>, value: Option<T>, write: impl Fn(&mut Vec<u8>, T)) {
    match value {
        Some(value) => write(out, value),
        None => out.extend_from_slice(b"null"),
    }
}

fn optional_string(out: &mut Vec<u8>, value: Option<&str>) {
    optional(out, value, string);
}

fn boolean(out: &mut Vec<u8>, value: bool) {
    out.extend_from_slice(if value { b"true" } else { b"false" });
}

fn unsigned(out: &mut Vec<u8>, mut value: u64) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[start..]);
}

fn signed(out: &mut Vec<u8>, value: i64) {
    if value < 0 {
        out.push(b'-');
    }
    unsigned(out, value.unsigned_abs());
}

/// A JSON string as serde_json writes it: `"` and `\` escaped with a backslash, control
/// characters as `\b \t \n \f \r` or `\u00XX` (lower-case hex), everything else as it is.
fn string(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    out.push(b'"');
    if needs_escaping(bytes) {
        escaped(out, bytes);
    } else {
        out.extend_from_slice(bytes);
    }
    out.push(b'"');
}

/// Whether some byte is to be escaped. A fold without an early exit: the compiler turns it
/// into a vector loop, and most strings (host names, ids, evidence) have nothing to escape.
fn needs_escaping(bytes: &[u8]) -> bool {
    bytes.iter().fold(false, |any, &b| {
        any | (b < 0x20) | (b == b'"') | (b == b'\\')
    })
}

/// The bytes of a string that has something to escape, copied in runs between the escapes.
fn escaped(out: &mut Vec<u8>, bytes: &[u8]) {
    let mut run = 0; // where the bytes not copied yet begin
    for (index, &byte) in bytes.iter().enumerate() {
        let escape = ESCAPE[usize::from(byte)];
        if escape == 0 {
            continue;
        }
        out.extend_from_slice(&bytes[run..index]);
        run = index + 1;
        match escape {
            b'u' => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(byte >> 4)]);
                out.push(HEX[usize::from(byte & 0xf)]);
            }
            short => out.extend_from_slice(&[b'\\', short]),
        }
    }
    out.extend_from_slice(&bytes[run..]);
}

/// For each byte, what follows the backslash that escapes it (`u`: `\u00XX`); 0 when it is
/// written as it is.
static ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = b'u';
        byte += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0a] = b'n';
    table[0x0c] = b'f';
    table[0x0d] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

#[cfg(test)]
mod tests {
    use std::{fs, path::Path};

    use hoptls_core::{Options, redact::Redactor, trust::TrustOptions};

    use super::*;

    fn by_hand(report: &Report) -> String {
        let mut out = Vec::new();
        write_report(&mut out, report);
        String::from_utf8(out).expect("UTF-8")
    }

    fn eml_files(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
        for entry in fs::read_dir(dir).expect("fixture folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                eml_files(&path, found);
            } else if path.extension().is_some_and(|e| e == "eml") {
                found.push(path);
            }
        }
    }

    #[test]
    fn every_fixture_message_gives_serde_json_s_bytes() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/eml");
        let mut files = Vec::new();
        eml_files(&root, &mut files);
        assert!(files.len() > 40, "{} fixtures", files.len());
        let trusting = Options {
            trust: TrustOptions {
                trusted_hosts: vec!["example.com".to_owned()],
                ..TrustOptions::default()
            },
            trusted_authserv: vec!["mx.example.com".to_owned()],
        };
        for file in files {
            let bytes = fs::read(&file).expect("fixture");
            let name = file.display().to_string();
            for options in [Options::default(), trusting.clone()] {
                let Ok(mut report) = hoptls_core::analyze_with(&name, &bytes, &options) else {
                    continue;
                };
                let serde = serde_json::to_string(&report).expect("serialisable");
                assert_eq!(by_hand(&report), serde, "{name}");
                Redactor::new().redact(&mut report);
                let serde = serde_json::to_string(&report).expect("serialisable");
                assert_eq!(by_hand(&report), serde, "{name}, redacted");
            }
        }
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let every_byte: String = (0u8..=0x7f).map(char::from).collect();
        let texts = [
            every_byte.as_str(),
            "",
            "plain",
            "quote \" and backslash \\ and slash /",
            "h\u{e9}llo \u{2028} \u{1F512} \u{fffd}",
            "\u{7f}\u{80}",
            "a long line with no escape at all, longer than eight bytes by far",
            "twelve bytes\n then \"quoted\" text\t and \u{1} a control, \\ end",
        ];
        for text in texts {
            let mut out = Vec::new();
            string(&mut out, text);
            let serde = serde_json::to_string(text).expect("serialisable");
            assert_eq!(String::from_utf8(out).expect("UTF-8"), serde, "{text:?}");
        }
        for value in [0i64, 7, -1, 42, -3600, i64::MAX, i64::MIN] {
            let mut out = Vec::new();
            signed(&mut out, value);
            assert_eq!(out, value.to_string().into_bytes());
        }
        // The test for bytes to escape, against the table, for each byte.
        for byte in 0..=255u8 {
            assert_eq!(
                needs_escaping(&[b'a', byte, b'z']),
                ESCAPE[usize::from(byte)] != 0,
                "{byte:#x}"
            );
        }
        let mut out = Vec::new();
        unsigned(&mut out, u64::MAX);
        assert_eq!(out, u64::MAX.to_string().into_bytes());
    }
}
