//! Authentication-Results (RFC 8601), ARC-Authentication-Results and ARC-Seal (RFC 8617): who
//! checked the sender, with what result — kept as written.
//!
//! ```text
//! authres-payload = [CFWS] authserv-id [ CFWS authres-version ] ( no-result / 1*resinfo ) [CFWS]
//! no-result       = [CFWS] ";" [CFWS] "none"
//! resinfo         = [CFWS] ";" methodspec [ CFWS reasonspec ] [ CFWS 1*propspec ]
//! methodspec      = [CFWS] method [CFWS] "=" [CFWS] result
//! reasonspec      = "reason" [CFWS] "=" [CFWS] value
//! propspec        = ptype [CFWS] "." [CFWS] property [CFWS] "=" pvalue
//! ```
//!
//! Read leniently: Microsoft writes no authserv-id (`spf=pass (sender IP is …) smtp.mailfrom=…`),
//! ARC copies start with `i=N;`, comments sit anywhere, and `;` may be missing between results.

use std::{collections::BTreeMap, ops::Range};

use nom::{
    IResult, Parser,
    bytes::complete::{take_till1, take_while1},
    character::complete::char,
    sequence::separated_pair,
};

use crate::received::grammar::{TokenKind, tokenize};

/// Which header a result came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthHeader {
    AuthenticationResults,
    ArcAuthenticationResults,
    ArcSeal,
}

impl AuthHeader {
    /// The field name, as the contract writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthHeader::AuthenticationResults => "Authentication-Results",
            AuthHeader::ArcAuthenticationResults => "ARC-Authentication-Results",
            AuthHeader::ArcSeal => "ARC-Seal",
        }
    }

    /// The header this field name is, if it is one of them.
    pub fn of_field(name: &str) -> Option<AuthHeader> {
        [
            AuthHeader::AuthenticationResults,
            AuthHeader::ArcAuthenticationResults,
            AuthHeader::ArcSeal,
        ]
        .into_iter()
        .find(|header| name.eq_ignore_ascii_case(header.as_str()))
    }
}

/// One result of one method, as a header wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthResult {
    /// `spf`, `dkim`, `dmarc`, `arc`, `compauth`, … (lower-cased; a `/version` is dropped).
    pub method: String,
    /// `pass`, `fail`, `softfail`, `neutral`, `none`, `temperror`, `permerror`, … as written,
    /// lower-cased.
    pub result: String,
    /// The authserv-id; `None` when the header has none (Microsoft).
    pub authserv_id: Option<String>,
    pub header: AuthHeader,
    /// The ARC instance (`i=`), for ARC headers.
    pub instance: Option<u32>,
    /// `reason` and the `ptype.property` values (`smtp.mailfrom`, `header.d`, …), as written.
    pub properties: BTreeMap<String, String>,
}

/// Reads the results of one header value.
pub fn read_auth_header(header: AuthHeader, value: &str) -> Vec<AuthResult> {
    match header {
        AuthHeader::ArcSeal => read_arc_seal(value).into_iter().collect(),
        AuthHeader::AuthenticationResults => read_results(header, None, value),
        AuthHeader::ArcAuthenticationResults => {
            let (instance, rest) = split_instance(value);
            read_results(header, instance, rest)
        }
    }
}

/// The parts of a payload between top-level `;`, comments removed, white space squeezed. One
/// buffer holds the text of every part, and each part is a range of it: a header carries a
/// dozen results, and a `String` per part (and per word, further on) was most of the cost of
/// reading them.
fn statements(value: &str) -> (String, Vec<Range<usize>>) {
    let mut text = String::with_capacity(value.len());
    let mut parts = Vec::new();
    let mut start = 0;
    for token in tokenize(value).tokens {
        match token.kind {
            TokenKind::Semicolon => {
                parts.push(start..text.len());
                start = text.len();
            }
            TokenKind::Comment => {}
            _ => {
                let current = &text[start..];
                if !current.is_empty() && !glues(current, token.text) {
                    text.push(' ');
                }
                text.push_str(token.text);
            }
        }
    }
    parts.push(start..text.len());
    let parts = parts
        .into_iter()
        .map(|range| trimmed(&text, range))
        .filter(|range| !range.is_empty())
        .collect();
    (text, parts)
}

/// `range` of `text` without the white space at either end.
fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let part = &text[range.clone()];
    let start = range.start + (part.len() - part.trim_start().len());
    let end = range.end - (part.len() - part.trim_end().len());
    start..end.max(start)
}

/// `smtp.mailfrom = x` is tokenised as three words; keep `=` glued to its neighbours.
fn glues(current: &str, next: &str) -> bool {
    current.ends_with('=')
        || next.starts_with('=')
        || current.ends_with('.')
        || next.starts_with('.')
}

/// `i=1; rest`: the ARC instance, and what follows it.
fn split_instance(value: &str) -> (Option<u32>, &str) {
    let trimmed = value.trim_start();
    let Some((first, rest)) = trimmed.split_once(';') else {
        return (None, value);
    };
    let instance = first
        .trim()
        .strip_prefix("i=")
        .or_else(|| first.trim().strip_prefix("I="))
        .and_then(|n| n.trim().parse().ok());
    match instance {
        Some(n) => (Some(n), rest),
        None => (None, value),
    }
}

fn read_results(header: AuthHeader, instance: Option<u32>, value: &str) -> Vec<AuthResult> {
    let (text, parts) = statements(value);
    let mut parts = parts.iter().map(|range| &text[range.clone()]).peekable();
    // The authserv-id is the first part when it is not itself a result (Microsoft has none).
    let authserv_id = match parts.peek() {
        Some(first) if !first.contains('=') => {
            let id = first
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_owned();
            parts.next();
            Some(id)
        }
        _ => None,
    };
    let mut results = Vec::new();
    let mut resinfo: Vec<&str> = Vec::new();
    for part in parts {
        // Some writers leave out the `;` between results: a new `method=` word starts one.
        // Other bare `key=value` words (Microsoft's `action=none`, Fastmail's `x-bits=2048`)
        // stay properties of the result before them.
        for word in words(part) {
            if starts_result(word) && !resinfo.is_empty() {
                results.extend(read_resinfo(header, instance, &authserv_id, &resinfo));
                resinfo.clear();
            }
            resinfo.push(word);
        }
        if !resinfo.is_empty() {
            results.extend(read_resinfo(header, instance, &authserv_id, &resinfo));
            resinfo.clear();
        }
    }
    results
}

/// The methods of IANA's Email Authentication Methods registry, and Microsoft's `compauth`.
const KNOWN_METHODS: [&str; 15] = [
    "auth",
    "bimi",
    "compauth",
    "dkim",
    "dkim-adsp",
    "dkim-atps",
    "dmarc",
    "domainkeys",
    "iprev",
    "rrvs",
    "sender-id",
    "smime",
    "spf",
    "vbr",
    "arc",
];

/// A word `method[/version]=…` naming a known method: the start of a result, also where a
/// writer left out the `;` before it (`dkim=pass header.d=a.example spf=pass …`).
fn starts_result(word: &str) -> bool {
    word.split_once('=').is_some_and(|(key, _)| {
        let method = key.split('/').next().unwrap_or(key);
        KNOWN_METHODS
            .iter()
            .any(|known| method.eq_ignore_ascii_case(known))
    })
}

/// `method[/version]=result [reason=…] [ptype.property=value …]`, as words.
fn read_resinfo(
    header: AuthHeader,
    instance: Option<u32>,
    authserv_id: &Option<String>,
    words: &[&str],
) -> Option<AuthResult> {
    let (first, rest) = words.split_first()?;
    let (method, result) = method_spec(first)?;
    let mut properties = BTreeMap::new();
    for word in rest {
        if let Some((key, value)) = word.split_once('=')
            && !key.is_empty()
            && !value.is_empty()
        {
            properties.insert(key.to_ascii_lowercase(), unquote(value).to_owned());
        }
    }
    Some(AuthResult {
        method,
        result,
        authserv_id: authserv_id.clone(),
        header,
        instance,
        properties,
    })
}

/// Splits at white space outside double quotes (`reason="bad signature"` stays one word).
fn words(text: &str) -> impl Iterator<Item = &str> {
    let mut quoted = false;
    let mut start = None;
    let mut chars = text.char_indices();
    std::iter::from_fn(move || {
        loop {
            let Some((at, c)) = chars.next() else {
                return start.take().map(|from| &text[from..]);
            };
            if c == '"' {
                quoted = !quoted;
            } else if c.is_whitespace() && !quoted {
                if let Some(from) = start.take() {
                    return Some(&text[from..at]);
                }
                continue;
            }
            start.get_or_insert(at);
        }
    })
}

/// `methodspec = method [ "/" version ] "=" result`.
fn method_spec(word: &str) -> Option<(String, String)> {
    let parsed: IResult<&str, (&str, &str)> = separated_pair(
        take_till1(|c| c == '='),
        char('='),
        take_while1(|c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
    )
    .parse(word);
    let (_, (method, result)) = parsed.ok()?;
    let method = method.split('/').next().unwrap_or(method).trim();
    if method.is_empty() || method.contains('.') {
        return None;
    }
    Some((method.to_ascii_lowercase(), result.to_ascii_lowercase()))
}

fn unquote(value: &str) -> &str {
    value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(value)
}

/// ARC-Seal: `i=1; a=rsa-sha256; t=…; cv=none; d=example.com; s=…; b=…`. The chain validation
/// `cv=` is the result of the `arc` method for that instance.
fn read_arc_seal(value: &str) -> Option<AuthResult> {
    // The tags hoptls reports; the last occurrence of a tag counts. The others — the
    // signature `b=` above all, hundreds of bytes — are not copied.
    const WANTED: [&str; 5] = ["cv", "i", "d", "s", "a"];
    let mut tags: [Option<&str>; 5] = [None; 5];
    for part in value.split(';') {
        if let Some((key, tag_value)) = part.split_once('=')
            && let Some(slot) = WANTED
                .iter()
                .position(|wanted| key.trim().eq_ignore_ascii_case(wanted))
        {
            tags[slot] = Some(tag_value);
        }
    }
    let compact = |value: &str| -> String { value.split_whitespace().collect() };
    let result = compact(tags[0]?).to_ascii_lowercase();
    let instance = tags[1].and_then(|i| compact(i).parse().ok());
    let properties = ["d", "s", "a"]
        .into_iter()
        .zip(&tags[2..])
        .filter_map(|(key, value)| value.map(|v| (key.to_owned(), compact(v))))
        .collect();
    Some(AuthResult {
        method: "arc".to_owned(),
        result,
        authserv_id: None,
        header: AuthHeader::ArcSeal,
        instance,
        properties,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(results: &[AuthResult]) -> Vec<(String, String, Option<String>)> {
        results
            .iter()
            .map(|r| (r.method.clone(), r.result.clone(), r.authserv_id.clone()))
            .collect()
    }

    fn row(method: &str, result: &str, id: Option<&str>) -> (String, String, Option<String>) {
        (method.to_owned(), result.to_owned(), id.map(str::to_owned))
    }

    #[test]
    fn reads_gmail() {
        let value = " mx.google.com;\r\n       dkim=pass header.i=@example.org header.s=s1 header.b=Ab12Cd34;\r\n       spf=pass (google.com: domain of ana@example.org designates 203.0.113.25 as permitted sender) smtp.mailfrom=ana@example.org;\r\n       dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=example.org";
        let results = read_auth_header(AuthHeader::AuthenticationResults, value);
        assert_eq!(
            summary(&results),
            [
                row("dkim", "pass", Some("mx.google.com")),
                row("spf", "pass", Some("mx.google.com")),
                row("dmarc", "pass", Some("mx.google.com")),
            ]
        );
        assert_eq!(results[0].properties["header.i"], "@example.org");
        assert_eq!(results[1].properties["smtp.mailfrom"], "ana@example.org");
        assert_eq!(results[2].properties["header.from"], "example.org");
    }

    #[test]
    fn reads_microsoft_without_an_authserv_id() {
        let value = " spf=pass (sender IP is 203.0.113.45)\r\n smtp.mailfrom=example.org; dkim=pass (signature was verified)\r\n header.d=example.org;dmarc=pass action=none\r\n header.from=example.org;compauth=pass reason=100";
        let results = read_auth_header(AuthHeader::AuthenticationResults, value);
        assert_eq!(
            summary(&results),
            [
                row("spf", "pass", None),
                row("dkim", "pass", None),
                row("dmarc", "pass", None),
                row("compauth", "pass", None),
            ]
        );
        assert_eq!(results[2].properties["action"], "none");
        assert_eq!(results[3].properties["reason"], "100");
    }

    #[test]
    fn reads_versions_none_and_run_on_results() {
        let results = read_auth_header(
            AuthHeader::AuthenticationResults,
            " mail.example.com 1; none",
        );
        assert!(results.is_empty());
        let results = read_auth_header(
            AuthHeader::AuthenticationResults,
            " mx.example.net; dkim/1=fail reason=\"bad signature\" header.d=example.org spf=softfail smtp.mailfrom=example.org",
        );
        assert_eq!(
            summary(&results),
            [
                row("dkim", "fail", Some("mx.example.net")),
                row("spf", "softfail", Some("mx.example.net"))
            ]
        );
        assert_eq!(results[0].properties["reason"], "bad signature");
    }

    #[test]
    fn reads_arc_headers() {
        let aar = read_auth_header(
            AuthHeader::ArcAuthenticationResults,
            " i=2; mx.example.net;\n\tdkim=pass header.d=example.org;\n\tarc=pass (i=1 spf=pass)",
        );
        assert_eq!(aar[0].instance, Some(2));
        assert_eq!(aar[0].authserv_id.as_deref(), Some("mx.example.net"));
        assert_eq!(aar[1].method, "arc");

        let seal = read_auth_header(
            AuthHeader::ArcSeal,
            " i=1; a=rsa-sha256; t=1733217302; cv=none;\r\n        d=example.net; s=arc-2024; b=Zm9v\r\n YmFy",
        );
        assert_eq!(seal.len(), 1);
        assert_eq!(
            (seal[0].method.as_str(), seal[0].result.as_str()),
            ("arc", "none")
        );
        assert_eq!(seal[0].instance, Some(1));
        assert_eq!(seal[0].properties["d"], "example.net");
    }

    #[test]
    fn garbage_gives_no_result() {
        for value in [
            "",
            ";;;",
            "(comment only)",
            "=pass",
            "spf",
            "mx.example.com; =",
            "\u{0}",
        ] {
            let _ = read_auth_header(AuthHeader::AuthenticationResults, value);
            let _ = read_auth_header(AuthHeader::ArcSeal, value);
        }
        assert!(
            read_auth_header(AuthHeader::AuthenticationResults, "mx.example.com; =").is_empty()
        );
    }
}
