//! Protocol versions: the contract's spelling, and reading the many ways writers spell them.
//!
//! Writers disagree on punctuation (`TLSv1.2`, `TLS1_2`, `TLS-1.2`, `TLS1.2`) and on whether
//! TLS 1.0 gets a minor number at all (`TLSv1`, `TLS1`). [`read_version`] accepts all of them
//! and nothing else: a spelling it does not know is reported as such, never guessed.

use std::fmt;

/// A negotiated SSL/TLS protocol version, ordered weakest first so that `min()` over the hops
/// gives the contract's `weakest_version`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TlsVersion {
    /// SSL 2.0 (RFC 6176 prohibits it).
    Ssl2,
    /// SSL 3.0 (RFC 7568 prohibits it).
    Ssl3,
    /// TLS 1.0 (RFC 8996 deprecates it).
    Tls10,
    /// TLS 1.1 (RFC 8996 deprecates it).
    Tls11,
    /// TLS 1.2 (RFC 5246).
    Tls12,
    /// TLS 1.3 (RFC 8446).
    Tls13,
}

impl TlsVersion {
    /// Every version, weakest first.
    pub const ALL: [TlsVersion; 6] = [
        TlsVersion::Ssl2,
        TlsVersion::Ssl3,
        TlsVersion::Tls10,
        TlsVersion::Tls11,
        TlsVersion::Tls12,
        TlsVersion::Tls13,
    ];

    /// The spelling fixed by the JSON contract (`tls.version`, `weakest_version`).
    pub fn as_str(self) -> &'static str {
        match self {
            TlsVersion::Ssl2 => "SSLv2",
            TlsVersion::Ssl3 => "SSLv3",
            TlsVersion::Tls10 => "TLSv1.0",
            TlsVersion::Tls11 => "TLSv1.1",
            TlsVersion::Tls12 => "TLSv1.2",
            TlsVersion::Tls13 => "TLSv1.3",
        }
    }

    /// SSLv2 and SSLv3 are broken outright (DROWN, POODLE) and prohibited by RFC 6176 and
    /// RFC 7568: negotiating them is an error.
    pub fn is_broken(self) -> bool {
        matches!(self, TlsVersion::Ssl2 | TlsVersion::Ssl3)
    }

    /// TLS 1.0 and 1.1 are deprecated by RFC 8996: still encrypted, but a warning.
    pub fn is_deprecated(self) -> bool {
        matches!(self, TlsVersion::Tls10 | TlsVersion::Tls11)
    }
}

impl fmt::Display for TlsVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a version word on a Received line turned out to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionReading {
    /// A version we can name.
    Known(TlsVersion),
    /// `TLSv1/SSLv3`: OpenSSL's "suite defined in" string, printed for every pre-1.3 suite.
    /// It says which specification defined the cipher, not what was negotiated.
    Ambiguous,
    /// `TLS` or `SSL` alone (Exchange's `(TLS)`, IceWarp's `(SSL)`): encryption happened, the
    /// version was not recorded.
    Generic,
    /// Anything else, including well-formed but non-existent versions (`TLSv1.4`, `TLSv2`).
    Unrecognised,
}

impl VersionReading {
    /// The version, when one can be named.
    pub fn version(self) -> Option<TlsVersion> {
        match self {
            VersionReading::Known(version) => Some(version),
            _ => None,
        }
    }
}

/// The string OpenSSL 1.0.x and LibreSSL return from `SSL_CIPHER_get_version` for every
/// pre-1.3 suite; writers that log that call instead of `SSL_get_version` print it.
const SUITE_DEFINED_IN: &str = "TLSv1/SSLv3";

/// One of these may sit between the family and the major number: `TLSv1`, `TLS.1`, `TLS_1`,
/// `TLS-1` (the last is old GnuTLS).
const AFTER_FAMILY: [char; 5] = ['v', 'V', '.', '_', '-'];

/// One of these sits between major and minor: `1.2` (OpenSSL, GnuTLS), `1_2` (Microsoft,
/// Google, Yahoo).
const BETWEEN_NUMBERS: [char; 3] = ['.', '_', '-'];

/// Protocol family word, as written before the numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Ssl,
    Tls,
}

/// Every (family, major, minor) that names a real version. `None` as minor means none was
/// written: `TLS1`/`TLSv1` is TLS 1.0, `SSLv3` is SSL 3.0.
const NUMBERED_VERSIONS: &[(Family, &str, Option<&str>, TlsVersion)] = &[
    (Family::Ssl, "2", None, TlsVersion::Ssl2),
    (Family::Ssl, "2", Some("0"), TlsVersion::Ssl2),
    (Family::Ssl, "3", None, TlsVersion::Ssl3),
    (Family::Ssl, "3", Some("0"), TlsVersion::Ssl3),
    (Family::Tls, "1", None, TlsVersion::Tls10),
    (Family::Tls, "1", Some("0"), TlsVersion::Tls10),
    (Family::Tls, "1", Some("1"), TlsVersion::Tls11),
    (Family::Tls, "1", Some("2"), TlsVersion::Tls12),
    (Family::Tls, "1", Some("3"), TlsVersion::Tls13),
];

/// Reads a version word as written on a Received line.
///
/// Case-insensitive, surrounding white space ignored, and anchored: the whole word must be a
/// version, so `TLS1_2` is TLS 1.2 (never `TLS1` plus junk) and `TLS1_2x` is unrecognised.
///
/// ```text
/// version = family [ "v" / "." / "_" / "-" ] major [ ( "." / "_" / "-" ) minor ]
/// family  = "SSL" / "TLS"
/// ```
pub fn read_version(raw: &str) -> VersionReading {
    let word = raw.trim();
    if word.eq_ignore_ascii_case(SUITE_DEFINED_IN) {
        return VersionReading::Ambiguous;
    }
    let Some((family, numbers)) = split_family(word) else {
        return VersionReading::Unrecognised;
    };
    if numbers.is_empty() {
        return VersionReading::Generic;
    }
    match split_numbers(numbers) {
        Some((major, minor)) => lookup(family, major, minor),
        None => VersionReading::Unrecognised,
    }
}

/// `TLSv1.2` -> (Tls, `v1.2`). `get` rather than slicing: a non-ASCII third byte is not a
/// char boundary, and such input must be unrecognised, not a panic.
fn split_family(word: &str) -> Option<(Family, &str)> {
    let (head, rest) = (word.get(..3)?, word.get(3..)?);
    if head.eq_ignore_ascii_case("TLS") {
        Some((Family::Tls, rest))
    } else if head.eq_ignore_ascii_case("SSL") {
        Some((Family::Ssl, rest))
    } else {
        None
    }
}

/// `v1.2` -> (`1`, Some(`2`)); `1` -> (`1`, None). `None` when anything is out of shape.
fn split_numbers(numbers: &str) -> Option<(&str, Option<&str>)> {
    let numbers = numbers.strip_prefix(AFTER_FAMILY).unwrap_or(numbers);
    let (major, rest) = split_digits(numbers);
    if major.is_empty() {
        return None;
    }
    if rest.is_empty() {
        return Some((major, None));
    }
    let (minor, trailing) = split_digits(rest.strip_prefix(BETWEEN_NUMBERS)?);
    if minor.is_empty() || !trailing.is_empty() {
        return None;
    }
    Some((major, Some(minor)))
}

/// Splits off the leading ASCII digits. Digits are kept as text and compared as text, so a
/// 40-digit "version" cannot overflow anything.
fn split_digits(text: &str) -> (&str, &str) {
    let end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    text.split_at(end)
}

fn lookup(family: Family, major: &str, minor: Option<&str>) -> VersionReading {
    NUMBERED_VERSIONS
        .iter()
        .find(|(f, ma, mi, _)| *f == family && *ma == major && *mi == minor)
        .map_or(VersionReading::Unrecognised, |&(.., version)| {
            VersionReading::Known(version)
        })
}

#[cfg(test)]
mod tests {
    use super::TlsVersion::{Ssl2, Ssl3, Tls10, Tls11, Tls12, Tls13};
    use super::VersionReading::{Ambiguous, Generic, Known, Unrecognised};
    use super::*;

    #[test]
    fn read_version_accepts_every_spelling_in_use() {
        let cases = [
            ("SSLv2", Known(Ssl2)),
            ("SSL2", Known(Ssl2)),
            ("SSLv3", Known(Ssl3)),
            ("SSL3", Known(Ssl3)),
            ("sslv3", Known(Ssl3)),
            ("SSLv3.0", Known(Ssl3)),
            // TLS 1.0 without a minor: OpenSSL `TLSv1`, Exim >= 4.93 and Google `TLS1`.
            ("TLSv1", Known(Tls10)),
            ("TLS1", Known(Tls10)),
            ("TLSv1.0", Known(Tls10)),
            ("TLS1.0", Known(Tls10)),
            ("TLS1_0", Known(Tls10)),
            ("TLS-1.0", Known(Tls10)),
            ("TLSv1.1", Known(Tls11)),
            ("TLS1.1", Known(Tls11)),
            ("TLS1_1", Known(Tls11)),
            ("TLS-1.1", Known(Tls11)),
            ("TLSv1.2", Known(Tls12)),
            ("TLS1.2", Known(Tls12)),
            ("TLS1_2", Known(Tls12)),
            ("TLS-1.2", Known(Tls12)),
            ("TLS1-2", Known(Tls12)),
            ("TLSv1.3", Known(Tls13)),
            ("TLS1.3", Known(Tls13)),
            ("TLS1_3", Known(Tls13)),
            ("TLS-1.3", Known(Tls13)),
            // Odd case and surrounding blanks.
            ("tlsv1.2", Known(Tls12)),
            ("TlS1_3", Known(Tls13)),
            ("TLSV1.1", Known(Tls11)),
            (" TLSv1.2\t", Known(Tls12)),
        ];
        for (raw, expected) in cases {
            assert_eq!(read_version(raw), expected, "{raw:?}");
        }
    }

    #[test]
    fn read_version_separates_ambiguous_generic_and_unrecognised() {
        let cases = [
            ("TLSv1/SSLv3", Ambiguous),
            ("tlsv1/sslv3", Ambiguous),
            ("TLS", Generic),
            ("SSL", Generic),
            ("tls", Generic),
            ("", Unrecognised),
            ("   ", Unrecognised),
            // Well-formed but never published.
            ("TLSv1.4", Unrecognised),
            ("TLSv2", Unrecognised),
            ("TLS2.0", Unrecognised),
            ("SSLv1", Unrecognised),
            ("SSLv4", Unrecognised),
            ("SSLv3.1", Unrecognised),
            // Anchoring: a valid prefix followed by anything is not a version.
            ("TLS1_2x", Unrecognised),
            ("TLS1.2.3", Unrecognised),
            ("TLSv1/SSLv3x", Unrecognised),
            ("SSLv3/TLSv1", Unrecognised),
            ("TLS 1.2", Unrecognised),
            ("DTLSv1.2", Unrecognised),
            ("TLSX", Unrecognised),
            // Separators: at most one, and only where the grammar allows.
            ("TLSv", Unrecognised),
            ("TLS1.", Unrecognised),
            ("TLS12", Unrecognised),
            ("TLSvv1.2", Unrecognised),
            ("TLSv.1.2", Unrecognised),
            ("TLS1..2", Unrecognised),
            ("TLS1v2", Unrecognised),
            ("TLSv01", Unrecognised),
            ("TLS99999999999999999999999999999", Unrecognised),
            // Non-ASCII must not panic on a char boundary.
            ("TL\u{e9}1", Unrecognised),
            ("TLS\u{e9}", Unrecognised),
            ("TLSv1.2\u{e9}", Unrecognised),
        ];
        for (raw, expected) in cases {
            assert_eq!(read_version(raw), expected, "{raw:?}");
        }
    }

    #[test]
    fn contract_spelling_reads_back_as_itself() {
        let cases = [
            (Ssl2, "SSLv2"),
            (Ssl3, "SSLv3"),
            (Tls10, "TLSv1.0"),
            (Tls11, "TLSv1.1"),
            (Tls12, "TLSv1.2"),
            (Tls13, "TLSv1.3"),
        ];
        for (version, spelling) in cases {
            assert_eq!(version.as_str(), spelling);
            assert_eq!(version.to_string(), spelling);
            assert_eq!(read_version(spelling), Known(version), "{spelling}");
        }
    }

    #[test]
    fn grading_flags_follow_the_rfcs() {
        // (version, broken, deprecated)
        let cases = [
            (Ssl2, true, false),
            (Ssl3, true, false),
            (Tls10, false, true),
            (Tls11, false, true),
            (Tls12, false, false),
            (Tls13, false, false),
        ];
        for (version, broken, deprecated) in cases {
            assert_eq!(version.is_broken(), broken, "{version}");
            assert_eq!(version.is_deprecated(), deprecated, "{version}");
        }
    }

    #[test]
    fn versions_order_weakest_first() {
        assert!(
            TlsVersion::ALL.windows(2).all(|pair| pair[0] < pair[1]),
            "{:?}",
            TlsVersion::ALL
        );
        assert_eq!(TlsVersion::ALL.iter().min(), Some(&Ssl2));
        assert_eq!([Tls13, Tls10, Tls12].into_iter().min(), Some(Tls10));
    }

    #[test]
    fn reading_gives_a_version_only_when_known() {
        let cases = [
            (Known(Tls12), Some(Tls12)),
            (Ambiguous, None),
            (Generic, None),
            (Unrecognised, None),
        ];
        for (reading, expected) in cases {
            assert_eq!(reading.version(), expected, "{reading:?}");
        }
    }
}
