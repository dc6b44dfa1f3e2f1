//! TLS evidence wherever a writer puts it: in comments before `by`, after `with`, after `id` or
//! `for`, after the date; in the protocol word itself; in RFC 8314's `tls` clause.
//!
//! Each shape is one small parser over the text of a comment (or over depth-0 words), tried in a
//! fixed order; what they find is merged into one set of facts per line. Everything is kept as
//! written; canonical values are derived later.

use std::borrow::Cow;

use nom::{
    IResult, Parser,
    branch::alt,
    bytes::complete::{tag, tag_no_case, take_till1, take_while1},
    character::complete::{char, digit1, space0, space1},
    combinator::{opt, recognize},
    sequence::{delimited, preceded, terminated},
};

use super::clauses::is_suite_shaped;
use super::grammar::{Token, squeeze_whitespace};
use super::writer::find_ignore_case;
use crate::tls::{VersionReading, read_version};

/// Signs of TLS that are not a version or a cipher, and how a group was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TlsMarkers {
    /// A version or cipher was found.
    pub group: bool,
    /// Google's `(Google Transport Security)`.
    pub google_transport: bool,
    /// IIS `over TLS secured channel`.
    pub secured_channel: bool,
    /// qmail's `… encrypted SMTP` or qpsmtpd's `(… encrypted)`.
    pub encrypted_protocol: bool,
    /// Mimecast's second clause `with STARTTLS`.
    pub starttls: bool,
    /// IronPort's `ESMTP/TLS/cipher`.
    pub glued_protocol: bool,
    /// RFC 8314 `tls` clause.
    pub tls_clause: bool,
}

impl TlsMarkers {
    /// Any explicit TLS evidence (decision rule 2).
    pub fn any(&self) -> bool {
        self.group
            || self.google_transport
            || self.secured_channel
            || self.encrypted_protocol
            || self.starttls
            || self.glued_protocol
            || self.tls_clause
    }
}

/// The raw TLS facts of one line, as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawTls<'a> {
    pub version: Option<&'a str>,
    pub cipher: Option<&'a str>,
    pub bits: Option<&'a str>,
    pub key_exchange: Option<Cow<'a, str>>,
    pub client_cert: Option<Cow<'a, str>>,
    /// The bits came from a colon group `(V:C:B)`: Exim with GnuTLS wrote bytes there.
    pub bits_from_colon_group: bool,
    /// Text after the cipher that is not part of it (`+ Transport Decrypted`).
    pub cipher_remark: Option<Cow<'a, str>>,
    /// The group had a `verify=` field (the sendmail family's shape).
    pub verify_field: bool,
}

impl<'a> RawTls<'a> {
    pub fn is_empty(&self) -> bool {
        self.version.is_none() && self.cipher.is_none()
    }

    /// Takes each fact from `other` that is still missing here: the first writer of a field wins.
    fn merge(&mut self, other: RawTls<'a>) {
        if self.version.is_none() {
            self.version = other.version;
        }
        if self.cipher.is_none() {
            self.cipher = other.cipher;
            self.cipher_remark = other.cipher_remark;
        }
        if self.bits.is_none() {
            self.bits = other.bits;
            self.bits_from_colon_group = other.bits_from_colon_group;
        }
        if self.key_exchange.is_none() {
            self.key_exchange = other.key_exchange;
        }
        if self.client_cert.is_none() {
            self.client_cert = other.client_cert;
        }
        self.verify_field |= other.verify_field;
    }
}

/// Collects the evidence of one line.
#[derive(Debug, Default)]
pub(crate) struct EvidenceCollector<'a> {
    pub tls: RawTls<'a>,
    pub markers: TlsMarkers,
}

impl<'a> EvidenceCollector<'a> {
    fn add_group(&mut self, group: RawTls<'a>) {
        if !group.is_empty() {
            self.markers.group = true;
        }
        self.tls.merge(group);
    }

    /// Reads one comment (the text inside the parentheses).
    #[cfg(test)]
    pub fn comment(&mut self, inner: &'a str) {
        self.comment_squeezed(inner, None);
    }

    /// [`Self::comment`], given the comment's text squeezed (see
    /// [`super::grammar::squeeze_whitespace`]) when the caller has it already.
    pub fn comment_squeezed(&mut self, inner: &'a str, squeezed: Option<&Cow<'a, str>>) {
        let text = inner.trim();
        if text.is_empty() {
            return;
        }
        // Courier's `TLS:` and the colon group need a `:`, the key-value group an `=`: most
        // comments have neither, and one memchr each spares the searches of those readers.
        let has_colon = memchr::memchr(b':', text.as_bytes()).is_some();
        let has_equals = memchr::memchr(b'=', text.as_bytes()).is_some();
        if let Some(group) = using_with_cipher(text) {
            self.add_group(group);
        } else if let Some(group) = has_colon.then(|| courier_tls_part(text)).flatten() {
            self.add_group(group);
        } else if let Some(group) = has_equals.then(|| key_value_group(text)).flatten() {
            self.add_group(group);
        } else if let Some(group) = has_colon.then(|| colon_group(text)).flatten() {
            self.add_group(group);
        } else if let Some(group) = version_only(text) {
            self.add_group(group);
        } else if let Some(group) = cipher_encrypted(text) {
            self.markers.encrypted_protocol = true;
            self.add_group(group);
        } else {
            // Squeezing trims the ASCII white space that `trim` does; when `trim` took nothing
            // more (Unicode white space), the caller's squeezed text is this one's.
            let same_ends = text.len() == inner.trim_matches([' ', '\t', '\r', '\n']).len();
            let squeezed = match squeezed {
                Some(squeezed) if same_ends => squeezed.clone(),
                _ => squeeze_whitespace(text),
            };
            if squeezed.eq_ignore_ascii_case("Google Transport Security") {
                self.markers.google_transport = true;
            } else if is_client_certificate_note(&squeezed) && self.tls.client_cert.is_none() {
                self.tls.client_cert = Some(squeezed);
            }
        }
    }

    /// Reads the depth-0 words of the first `with` clause.
    pub fn protocol_words(&mut self, words: &[Token<'a>]) {
        for (index, word) in words.iter().enumerate().filter(|(_, t)| t.is_word()) {
            if let Some(position) = find_ignore_case(word.text, "/TLS/") {
                // IronPort: `ESMTP/TLS/ECDHE-RSA-AES256-GCM-SHA384`.
                self.markers.glued_protocol = true;
                let cipher = &word.text[position + 5..];
                if !cipher.is_empty() {
                    self.add_group(RawTls {
                        cipher: Some(cipher),
                        ..RawTls::default()
                    });
                }
            } else if word.text.eq_ignore_ascii_case("encrypted") {
                // qmail's TLS patch: `with ECDHE-RSA-AES256-GCM-SHA384 encrypted SMTP`.
                self.markers.encrypted_protocol = true;
                let cipher = index
                    .checked_sub(1)
                    .and_then(|before| words.get(before))
                    .filter(|before| before.is_word() && is_suite_shaped(before.text));
                if let Some(cipher) = cipher {
                    self.add_group(RawTls {
                        cipher: Some(cipher.text),
                        ..RawTls::default()
                    });
                }
            }
        }
    }

    /// Reads a repeated `with` clause: Mimecast's `with STARTTLS`.
    pub fn extra_with(&mut self, words: &[Token<'a>]) {
        if words
            .iter()
            .any(|word| word.is_word() && word.text.eq_ignore_ascii_case("STARTTLS"))
        {
            self.markers.starttls = true;
        }
    }

    /// Reads the words after the `by` host: IIS `over TLS secured channel`.
    pub fn by_words(&mut self, words: &[Token<'a>]) {
        let plain: Vec<&str> = words
            .iter()
            .skip(1)
            .filter(|t| t.is_word())
            .map(|t| t.text)
            .collect();
        if plain.windows(3).any(|w| {
            w[0].eq_ignore_ascii_case("TLS")
                && w[1].eq_ignore_ascii_case("secured")
                && w[2].eq_ignore_ascii_case("channel")
        }) {
            self.markers.secured_channel = true;
        }
    }

    /// Reads RFC 8314's `tls` clause: the first word is the suite.
    pub fn tls_clause(&mut self, words: &[Token<'a>]) {
        if let Some(cipher) = words.iter().find(|t| t.is_word()) {
            self.markers.tls_clause = true;
            self.add_group(RawTls {
                cipher: Some(cipher.text),
                ..RawTls::default()
            });
        }
    }

    /// Reads OpenSMTPD's pre-2016 bare group at depth 0: `TLS version=V cipher=C bits=B verify=X`.
    pub fn bare_words(&mut self, tokens: &[Token<'a>]) {
        let Some(start) = tokens
            .windows(2)
            .position(|w| w[0].is_keyword("TLS") && w[1].is_word() && w[1].text.contains('='))
        else {
            return;
        };
        let mut group = RawTls::default();
        for token in tokens[start + 1..].iter().take_while(|t| t.is_word()) {
            let Some((key, value)) = token.text.split_once('=') else {
                break;
            };
            assign_key_value(&mut group, key, value);
        }
        self.add_group(group);
    }
}

/// A token of a TLS group: anything up to white space, `)`, `,`, `:` or `;` — nom's
/// `take_till1` with that predicate, written out over bytes: it runs over every word of every
/// comment, and decoding each byte as a char cost more than the rest of the readers. Non-ASCII
/// text is still decoded, so that Unicode white space ends a token as before.
fn group_token(input: &str) -> IResult<&str, &str> {
    let bytes = input.as_bytes();
    let mut end = 0;
    while let Some(&b) = bytes.get(end) {
        if b.is_ascii() {
            if (b as char).is_whitespace() || matches!(b, b')' | b',' | b':' | b';' | b'(') {
                break;
            }
            end += 1;
        } else {
            let Some(c) = input[end..].chars().next() else {
                break;
            };
            if c.is_whitespace() {
                break;
            }
            end += c.len_utf8();
        }
    }
    if end == 0 {
        return Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::TakeTill1,
        )));
    }
    Ok((&input[end..], &input[..end]))
}

/// Postfix, Dovecot, Stalwart, Kerio, MailChannels, Yandex:
/// `using V with cipher C [(U/A bits) | (B bits)] [key-exchange X …]`.
fn using_with_cipher(text: &str) -> Option<RawTls<'_>> {
    let parsed: IResult<&str, (&str, &str)> = (
        preceded((tag_no_case("using"), space1_or_fold), group_token),
        preceded(
            (
                space1_or_fold,
                tag_no_case("with"),
                space1_or_fold,
                tag_no_case("cipher"),
                space1_or_fold,
            ),
            group_token,
        ),
    )
        .parse(text);
    let (rest, (version, cipher)) = parsed.ok()?;
    let bits = bits_in_parentheses(rest);
    let key_exchange = find_ignore_case(rest, "key-exchange")
        .and_then(|at| key_exchange_value(&rest[at + "key-exchange".len()..]));
    Some(RawTls {
        version: Some(version),
        cipher: Some(cipher),
        bits,
        key_exchange,
        ..RawTls::default()
    })
}

fn space1_or_fold(input: &str) -> IResult<&str, &str> {
    take_while1(|c: char| c.is_whitespace()).parse(input)
}

/// `(256/256 bits)` or `(256 bits)` right after the cipher: the first number.
fn bits_in_parentheses(rest: &str) -> Option<&str> {
    let parsed: IResult<&str, &str> = preceded(
        (take_while_ws, char('('), take_while_ws),
        terminated(
            digit1,
            (opt((char('/'), digit1)), take_while_ws, tag_no_case("bits")),
        ),
    )
    .parse(rest);
    parsed.ok().map(|(_, bits)| bits)
}

fn take_while_ws(input: &str) -> IResult<&str, &str> {
    nom::bytes::complete::take_while(|c: char| c.is_whitespace()).parse(input)
}

/// `key-exchange X25519`, `key-exchange ECDHE (P-256)`, `key-exchange DHE (2048 bits)`.
fn key_exchange_value(after: &str) -> Option<Cow<'_, str>> {
    let parsed: IResult<&str, &str> = preceded(
        take_while_ws,
        recognize((
            group_token,
            opt((
                space0,
                delimited(char('('), take_till1(|c| c == ')'), char(')')),
            )),
        )),
    )
    .parse(after);
    parsed.ok().map(|(_, value)| squeeze_whitespace(value))
}

/// Courier: `(AUTH: LOGIN ana@example.org, TLS: TLSv1.3,256bits,TLS_AES_256_GCM_SHA384)`, old
/// `SSL: TLSv1/SSLv3,128bits,RC4-MD5`, GnuTLS builds with spaces after the commas.
fn courier_tls_part(text: &str) -> Option<RawTls<'_>> {
    let start = ["TLS:", "SSL:"].iter().find_map(|label| {
        let at = find_ignore_case(text, label)?;
        let at_boundary = at == 0 || text[..at].trim_end().ends_with(',');
        at_boundary.then_some(at + label.len())
    })?;
    let mut items = text[start..].split(',').map(str::trim);
    let version = items.next().filter(|v| !v.is_empty())?;
    if matches!(read_version(version), VersionReading::Unrecognised) {
        return None;
    }
    let bits = items
        .next()
        .and_then(|b| b.strip_suffix("bits").or_else(|| b.strip_suffix("bit")))
        .map(str::trim)
        .filter(|b| !b.is_empty());
    let cipher = items
        .next()
        .and_then(|c| group_token(c).ok().map(|(_, c)| c));
    Some(RawTls {
        version: Some(version),
        cipher,
        bits,
        ..RawTls::default()
    })
}

/// `version=V cipher=C bits=U/A verify=X key_exchange=K`, separated by spaces and/or commas
/// (sendmail, Gmail, Cyrus, ZoneMTA, old Haraka, Exchange, Yahoo, Mailgun, Mimecast, ecelerity's
/// `cipher=` alone). A group needs `version=` or `cipher=`: Cyrus's `(authenticated … bits=256)`
/// is SASL, not TLS.
fn key_value_group(text: &str) -> Option<RawTls<'_>> {
    let mut group = RawTls::default();
    let mut rest = text;
    while !rest.is_empty() {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
        let key_end = rest
            .find(|c: char| c.is_whitespace() || c == ',')
            .unwrap_or(rest.len());
        // The `=` is looked for within this word only: looking in the whole rest for every word
        // of `a a a … =` would be quadratic in the length of the comment.
        let Some(equals) = rest[..key_end].find('=') else {
            rest = &rest[key_end..];
            continue;
        };
        let key = &rest[..equals];
        let after = &rest[equals + 1..];
        let value_end = after
            .find(|c: char| c.is_whitespace() || c == ',' || c == ')')
            .unwrap_or(after.len());
        let value = &after[..value_end];
        assign_key_value(&mut group, key, value);
        if key.eq_ignore_ascii_case("cipher") {
            group.cipher_remark = cipher_remark(&after[value_end..]);
        }
        rest = &after[value_end..];
    }
    (!group.is_empty()).then_some(group)
}

/// Microsoft once wrote `cipher=TLS_… + Transport Decrypted`: what follows a `+` is a remark.
fn cipher_remark(after_cipher: &str) -> Option<Cow<'_, str>> {
    let trimmed = after_cipher.trim_start();
    let remark = trimmed.strip_prefix('+')?;
    let remark = remark.split([',', ')']).next().unwrap_or("").trim();
    (!remark.is_empty()).then(|| squeeze_whitespace(remark))
}

fn assign_key_value<'a>(group: &mut RawTls<'a>, key: &str, value: &'a str) {
    if value.is_empty() {
        return;
    }
    if key.eq_ignore_ascii_case("version") {
        group.version.get_or_insert(value);
    } else if key.eq_ignore_ascii_case("cipher") {
        group.cipher.get_or_insert(value);
    } else if key.eq_ignore_ascii_case("bits") {
        group.bits.get_or_insert(value);
    } else if key.eq_ignore_ascii_case("verify") {
        group.verify_field = true;
        if group.client_cert.is_none() {
            group.client_cert = Some(Cow::Borrowed(value));
        }
    } else if key.eq_ignore_ascii_case("key_exchange") || key.eq_ignore_ascii_case("key-exchange") {
        group.key_exchange.get_or_insert(Cow::Borrowed(value));
    }
}

/// The colon group `V:C[:B[:X]]`, optionally after one word (`Cipher TLSv1:DES-CBC3-SHA:168`)
/// and before others (t-online's `TLSv1.2:ECDHE-RSA-AES256-GCM-SHA384 encrypted`): Exim ≤ 4.92,
/// OpenSMTPD (`X` = client certificate verified), t-online. The first field must read as a
/// version, so an IPv6 address is never taken for a group.
fn colon_group(text: &str) -> Option<RawTls<'_>> {
    let candidate = text
        .split_whitespace()
        .take(2)
        .find(|word| word.contains(':'))?;
    let mut fields = candidate.trim_end_matches([',', ';']).split(':');
    let version = fields.next()?;
    if !matches!(
        read_version(version),
        VersionReading::Known(_) | VersionReading::Ambiguous
    ) {
        return None;
    }
    let cipher = fields.next().filter(|c| !c.is_empty())?;
    let bits = fields
        .next()
        .filter(|b| !b.is_empty() && b.bytes().all(|d| d.is_ascii_digit()));
    let client_cert = fields.next().filter(|x| !x.is_empty()).map(Cow::Borrowed);
    Some(RawTls {
        version: Some(version),
        cipher: Some(cipher),
        bits,
        bits_from_colon_group: bits.is_some(),
        client_cert,
        ..RawTls::default()
    })
}

/// A comment that is only a version: Exim ≥ 4.93 `(TLS1.3)`, Exchange `(TLS)`, IceWarp `(SSL)`.
fn version_only(text: &str) -> Option<RawTls<'_>> {
    match read_version(text) {
        VersionReading::Unrecognised => None,
        _ => Some(RawTls {
            version: Some(text),
            ..RawTls::default()
        }),
    }
}

/// qpsmtpd `(TLS_AES_256_GCM_SHA384 encrypted)`, a qmail fork's `(C encrypted, authenticated)`.
fn cipher_encrypted(text: &str) -> Option<RawTls<'_>> {
    let parsed: IResult<&str, &str> = terminated(
        group_token,
        (space1, alt((tag_no_case("encrypted"), tag("ENCRYPTED")))),
    )
    .parse(text);
    let (_, cipher) = parsed.ok()?;
    is_suite_shaped(cipher).then_some(RawTls {
        cipher: Some(cipher),
        ..RawTls::default()
    })
}

/// Postfix and Yandex write the client-certificate status in a comment of its own.
fn is_client_certificate_note(text: &str) -> bool {
    const OPENINGS: [&str; 5] = [
        "Client CN ",
        "Client did not present a certificate",
        "No client certificate requested",
        "Client RPK",
        "Client certificate",
    ];
    OPENINGS.iter().any(|opening| {
        text.get(..opening.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(opening))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(text: &str) -> (RawTls<'_>, TlsMarkers) {
        let mut collector = EvidenceCollector::default();
        collector.comment(text);
        (collector.tls, collector.markers)
    }

    fn facts(text: &str) -> (Option<&str>, Option<&str>, Option<&str>) {
        let (tls, _) = comment(text);
        (tls.version, tls.cipher, tls.bits)
    }

    #[test]
    fn reads_every_comment_group() {
        let cases = [
            (
                "using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)\n\t key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256",
                (Some("TLSv1.3"), Some("TLS_AES_256_GCM_SHA384"), Some("256")),
            ),
            (
                "using TLSv1.3 with cipher TLS13_AES_256_GCM_SHA384",
                (Some("TLSv1.3"), Some("TLS13_AES_256_GCM_SHA384"), None),
            ),
            (
                "using TLSv1.2 with\n cipher ECDHE-RSA-AES256-GCM-SHA384 (256 bits)",
                (
                    Some("TLSv1.2"),
                    Some("ECDHE-RSA-AES256-GCM-SHA384"),
                    Some("256"),
                ),
            ),
            (
                "version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 bits=256 verify=NOT",
                (Some("TLSv1.3"), Some("TLS_AES_256_GCM_SHA384"), Some("256")),
            ),
            (
                "version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256",
                (
                    Some("TLS1_3"),
                    Some("TLS_AES_256_GCM_SHA384"),
                    Some("256/256"),
                ),
            ),
            (
                "version=TLS1_2,\n cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                (
                    Some("TLS1_2"),
                    Some("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
                    None,
                ),
            ),
            (
                "version=TLS1.3,  cipher=TLS_AES_128_GCM_SHA256",
                (Some("TLS1.3"), Some("TLS_AES_128_GCM_SHA256"), None),
            ),
            ("cipher=AES-256-GCM", (None, Some("AES-256-GCM"), None)),
            (
                "cipher=TLS_AES_256_GCM_SHA384\n\tsubject=\"/C=US/O=Example Corp/OU=0:app;1:ia5/CN=a.example.com\"",
                (None, Some("TLS_AES_256_GCM_SHA384"), None),
            ),
            (
                "TLSv1.2:AES128-GCM-SHA256:128",
                (Some("TLSv1.2"), Some("AES128-GCM-SHA256"), Some("128")),
            ),
            (
                "TLS1.3:ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_256_GCM:256",
                (
                    Some("TLS1.3"),
                    Some("ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_256_GCM"),
                    Some("256"),
                ),
            ),
            (
                "TLS-1.0:RSA_ARCFOUR_MD5:16",
                (Some("TLS-1.0"), Some("RSA_ARCFOUR_MD5"), Some("16")),
            ),
            (
                "Cipher TLSv1:DES-CBC3-SHA:168",
                (Some("TLSv1"), Some("DES-CBC3-SHA"), Some("168")),
            ),
            (
                "TLSv1.3:TLS_AES_256_GCM_SHA384:256:NO",
                (Some("TLSv1.3"), Some("TLS_AES_256_GCM_SHA384"), Some("256")),
            ),
            (
                "TLSv1.2:ECDHE-RSA-AES256-GCM-SHA384 encrypted",
                (Some("TLSv1.2"), Some("ECDHE-RSA-AES256-GCM-SHA384"), None),
            ),
            ("TLS1.2", (Some("TLS1.2"), None, None)),
            ("TLS", (Some("TLS"), None, None)),
            ("SSL", (Some("SSL"), None, None)),
            (
                "AUTH: LOGIN ana@example.org, TLS: TLSv1.3,256bits,TLS_AES_256_GCM_SHA384",
                (Some("TLSv1.3"), Some("TLS_AES_256_GCM_SHA384"), Some("256")),
            ),
            (
                "TLS: TLS1.3, 128bits, ECDHE_RSA_AES_128_GCM_SHA256",
                (
                    Some("TLS1.3"),
                    Some("ECDHE_RSA_AES_128_GCM_SHA256"),
                    Some("128"),
                ),
            ),
            (
                "AUTH: LOGIN ana@example.org, SSL: TLSv1/SSLv3,128bits,RC4-MD5",
                (Some("TLSv1/SSLv3"), Some("RC4-MD5"), Some("128")),
            ),
            (
                "TLS_AES_256_GCM_SHA384 encrypted",
                (None, Some("TLS_AES_256_GCM_SHA384"), None),
            ),
            (
                "ECDHE-RSA-AES256-GCM-SHA384 encrypted, authenticated",
                (None, Some("ECDHE-RSA-AES256-GCM-SHA384"), None),
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(facts(text), expected, "{text}");
        }
    }

    #[test]
    fn group_tokens_end_where_take_till1_ends_them() {
        fn by_nom(input: &str) -> IResult<&str, &str> {
            take_till1(|c: char| c.is_whitespace() || matches!(c, ')' | ',' | ':' | ';' | '('))
                .parse(input)
        }
        for input in [
            "TLSv1.3 with",
            "TLS_AES_256_GCM_SHA384)",
            "a,b",
            "x:y",
            "",
            " lead",
            "caf\u{e9}\u{a0}next",
            "\u{2003}em",
            "\u{b}vt",
            "abc(def",
            "\u{e9}t\u{e9}",
        ] {
            assert_eq!(group_token(input).ok(), by_nom(input).ok(), "{input:?}");
        }
    }

    #[test]
    fn ignores_comments_that_are_not_tls() {
        for text in [
            "2001:db8:408:e6::28",
            "authenticated user=lmtp bits=256",
            "authenticated bits=0",
            "Postfix",
            "Exim 4.96",
            "8.17.1.9/8.17.1.9",
            "envelope-from <ana@example.org>",
            "mail.example.org [203.0.113.80]",
            "TLSv1.2 is great",
            "UTC",
            "",
        ] {
            let (tls, markers) = comment(text);
            assert!(tls.is_empty(), "{text}: {tls:?}");
            assert!(!markers.any(), "{text}");
        }
    }

    #[test]
    fn keeps_key_exchange_and_client_certificate_as_written() {
        let (tls, _) = comment(
            "using TLSv1.2 with cipher ECDHE-RSA-AES128-GCM-SHA256 (128/128 bits)\n\t key-exchange ECDHE (P-256) server-signature RSA-PSS (2048 bits)",
        );
        assert_eq!(tls.key_exchange.as_deref(), Some("ECDHE (P-256)"));
        let (tls, _) = comment(
            "version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 bits=256 verify=NOT key_exchange=X25519",
        );
        assert_eq!(tls.client_cert.as_deref(), Some("NOT"));
        assert_eq!(tls.key_exchange.as_deref(), Some("X25519"));
        let (tls, _) = comment("TLSv1.3:TLS_AES_256_GCM_SHA384:256:NO");
        assert_eq!(tls.client_cert.as_deref(), Some("NO"));
        assert!(tls.bits_from_colon_group);

        let mut collector = EvidenceCollector::default();
        collector
            .comment("Client CN \"relay.example.net\", Issuer \"Example CA\"\n\t (verified OK)");
        assert_eq!(
            collector.tls.client_cert.as_deref(),
            Some("Client CN \"relay.example.net\", Issuer \"Example CA\" (verified OK)")
        );
        assert!(!collector.markers.any());
    }

    #[test]
    fn merges_groups_first_writer_wins() {
        let mut collector = EvidenceCollector::default();
        collector.comment("TLS1.2");
        let clause =
            crate::received::grammar::tokenize("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 (Exim 4.96)")
                .tokens;
        collector.tls_clause(&clause);
        assert_eq!(collector.tls.version, Some("TLS1.2"));
        assert_eq!(
            collector.tls.cipher,
            Some("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384")
        );
        assert!(collector.markers.tls_clause);
    }

    #[test]
    fn reads_depth_zero_markers() {
        let tokens =
            crate::received::grammar::tokenize("ECDHE-RSA-AES256-GCM-SHA384 encrypted SMTP").tokens;
        let mut collector = EvidenceCollector::default();
        collector.protocol_words(&tokens);
        assert!(collector.markers.encrypted_protocol);
        assert_eq!(collector.tls.cipher, Some("ECDHE-RSA-AES256-GCM-SHA384"));

        let tokens =
            crate::received::grammar::tokenize("ESMTP/TLS/ECDHE-RSA-AES256-GCM-SHA384").tokens;
        let mut collector = EvidenceCollector::default();
        collector.protocol_words(&tokens);
        assert!(collector.markers.glued_protocol);
        assert_eq!(collector.tls.cipher, Some("ECDHE-RSA-AES256-GCM-SHA384"));

        let tokens =
            crate::received::grammar::tokenize("smtp01.example.net over TLS secured channel")
                .tokens;
        let mut collector = EvidenceCollector::default();
        collector.by_words(&tokens);
        assert!(collector.markers.secured_channel);
        assert!(collector.tls.is_empty());

        let tokens = crate::received::grammar::tokenize("id 22babb7a\n\tTLS version=TLSv1.2 cipher=ECDHE-RSA-AES256-GCM-SHA384 bits=256 verify=NO for").tokens;
        let mut collector = EvidenceCollector::default();
        collector.bare_words(&tokens);
        assert_eq!(collector.tls.version, Some("TLSv1.2"));
        assert_eq!(collector.tls.bits, Some("256"));
        assert_eq!(collector.tls.client_cert.as_deref(), Some("NO"));
    }

    #[test]
    fn key_value_groups_skip_words_without_equals() {
        let (tls, _) = comment("checked by a b c version=TLSv1.2, d e cipher=AES256-SHA f");
        assert_eq!(tls.version, Some("TLSv1.2"));
        assert_eq!(tls.cipher, Some("AES256-SHA"));
        let words = "w ".repeat(1000);
        let (tls, _) = comment(&words);
        assert!(tls.is_empty());
    }

    #[test]
    fn keeps_the_remark_after_a_cipher() {
        let (tls, _) = comment(
            "version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 + Transport Decrypted",
        );
        assert_eq!(tls.cipher, Some("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"));
        assert_eq!(tls.cipher_remark.as_deref(), Some("Transport Decrypted"));
    }
}
