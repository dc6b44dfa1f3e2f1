//! One whole message: the trace block the path wrote, the headers a sender's software and the
//! receiving MX add (DKIM, ARC, Authentication-Results, encoded words, MIME, X-headers), and a
//! body of realistic size, sometimes with a large base64 attachment.

use super::{
    chain::{self, Path, SenderKind},
    received::{DateStyle, format_date},
};
use crate::rng::{ALNUM, BASE64, HEX, Rng};

/// A generated message, with `\n` line ends.
#[derive(Debug)]
pub struct Message {
    pub text: Vec<u8>,
    /// Whether the .eml is written with CRLF line ends (many clients and servers save that way).
    pub crlf: bool,
    /// The envelope sender, for the mbox `From ` line.
    pub sender: String,
    /// When the message was delivered (the newest hop), for the mbox `From ` line.
    pub delivered: i64,
    pub hop_count: usize,
}

const PEOPLE: [&str; 20] = [
    "ana", "bo", "dana", "eli", "femi", "gus", "hana", "ivo", "june", "kai", "lena", "milo",
    "nora", "omar", "pia", "rosa", "sami", "tove", "uma", "yara",
];

const NAMES: [&str; 12] = [
    "Ana Example",
    "Bo Tester",
    "Dana Sample",
    "Eli Placeholder",
    "Femi Demo",
    "Gus Example",
    "Hana Muster",
    "Ivo Beispiel",
    "June Exemple",
    "Kai Prueba",
    "Lena Esempio",
    "Milo Voorbeeld",
];

/// Display names with non-ASCII letters, sent as encoded words.
const NAMES_UTF8: [&str; 5] = [
    "Renée Exemple",
    "Jürgen Beispiel",
    "Íñigo Ejemplo",
    "Zoë Voorbeeld",
    "Søren Eksempel",
];

const SUBJECTS: [&str; 16] = [
    "Minutes of Monday's meeting",
    "Your invoice for December",
    "Re: draft contract v3",
    "Fwd: travel plans for the workshop",
    "Weekly report: build times and open issues",
    "Reminder: review the budget before Friday",
    "Your order has shipped",
    "Re: Re: question about the API limits",
    "Newsletter: what changed this month",
    "Password reset requested",
    "Photos from the weekend",
    "Quarterly numbers (confidential)",
    "Re: lunch?",
    "Agenda for the board meeting on Thursday and the documents to read before it",
    "Welcome to the team",
    "Action required: confirm your address",
];

const SUBJECTS_UTF8: [&str; 6] = [
    "Réunion de lundi : compte rendu",
    "Grüße aus München und die Unterlagen für nächste Woche",
    "Factura nº 2024-117",
    "会議の議事録",
    "Отчёт за квартал",
    "Café ☕ on Friday?",
];

const WORDS: [&str; 64] = [
    "the",
    "project",
    "report",
    "meeting",
    "we",
    "will",
    "review",
    "numbers",
    "and",
    "send",
    "results",
    "to",
    "team",
    "before",
    "next",
    "week",
    "please",
    "find",
    "attached",
    "updated",
    "plan",
    "for",
    "budget",
    "with",
    "changes",
    "that",
    "were",
    "discussed",
    "on",
    "call",
    "thanks",
    "again",
    "your",
    "help",
    "a",
    "few",
    "questions",
    "remain",
    "about",
    "schedule",
    "server",
    "migration",
    "is",
    "done",
    "tests",
    "pass",
    "except",
    "one",
    "which",
    "still",
    "needs",
    "work",
    "let",
    "me",
    "know",
    "if",
    "you",
    "have",
    "any",
    "comments",
    "best",
    "regards",
    "from",
    "office",
];

/// Builds message number `index` of a corpus.
pub fn build(rng: &mut Rng, index: u64) -> Message {
    let parties = chain::parties(rng);
    // Two years of dates, in order of index only loosely (archives are rarely sorted).
    let start = 1_700_000_000 + rng.range(0, 2 * 365 * 86_400) as i64;
    let path = chain::plan(rng, &parties, start);
    let sender = format!("{}@{}", rng.pick(&PEOPLE), parties.sender_domain);
    let recipient = format!("{}@{}", rng.pick(&PEOPLE), parties.recipient_domain);

    let mut h = String::with_capacity(8 * 1024);
    h.push_str(&format!("Return-Path: <{sender}>\n"));
    if rng.chance(50) {
        h.push_str(&format!("Delivered-To: {recipient}\n"));
    }
    trace_block(
        rng,
        &mut h,
        &path,
        &sender,
        &recipient,
        &parties.sender_domain,
    );
    sender_headers(
        rng, &mut h, &path, &parties, &sender, &recipient, start, index,
    );

    let attachment = rng.chance(15);
    let boundary = format!(
        "----=_Part_{}_{}",
        rng.range(1000, 99999),
        rng.string(ALNUM, 16)
    );
    if attachment {
        h.push_str(&format!(
            "Content-Type: multipart/mixed;\n\tboundary=\"{boundary}\"\n"
        ));
    } else {
        h.push_str(&format!(
            "Content-Type: multipart/alternative;\n\tboundary=\"{boundary}\"\n"
        ));
    }
    h.push('\n');
    let mut text = h.into_bytes();
    body(rng, &mut text, &boundary, attachment);
    Message {
        text,
        crlf: rng.chance(50),
        sender,
        delivered: path.hops.last().map_or(start, |hop| hop.time),
        hop_count: path.hops.len(),
    }
}

fn trace_block(
    rng: &mut Rng,
    h: &mut String,
    path: &Path,
    sender: &str,
    recipient: &str,
    sender_domain: &str,
) {
    for (index, planned) in path.hops.iter().enumerate().rev() {
        if index == path.first_receiving_hop {
            let mx = &planned.server.host;
            auth_results(rng, h, mx, sender, sender_domain, &planned.client.ip);
        }
        let value = planned.writer.write(&planned.hop(recipient, sender), rng);
        if index == 0 && path.sender_kind == SenderKind::Google {
            h.push_str(&format!(
                "X-Received: by 2002:a05:6214:{}:b0:{}:{} with SMTP id {}.{};\n        {}\n",
                rng.string(HEX, 4),
                rng.string(HEX, 3),
                rng.string(HEX, 4),
                rng.string(ALNUM, 30),
                rng.range(1, 99),
                format_date(planned.time, -480, DateStyle::Gmail)
            ));
        }
        // Most writers name the field `Received`; a few archives lower-case it.
        let name = if rng.chance(1) {
            "received"
        } else {
            "Received"
        };
        h.push_str(name);
        h.push(':');
        h.push_str(&value);
        h.push('\n');
    }
}

fn auth_results(
    rng: &mut Rng,
    h: &mut String,
    mx: &str,
    sender: &str,
    sender_domain: &str,
    client_ip: &str,
) {
    let b = rng.string(BASE64, 8);
    let results = format!(
        "{mx};\n\tdkim=pass (2048-bit key; unprotected) header.d={sender_domain} header.i=@{sender_domain} header.a=rsa-sha256 header.s=sel1 header.b={b};\n\tspf=pass (domain of {sender} designates {client_ip} as permitted sender) smtp.mailfrom={sender};\n\tdmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from={sender_domain}"
    );
    if rng.chance(35) {
        h.push_str(&format!(
            "ARC-Seal: i=1; a=rsa-sha256; t={}; cv=none;\n        d={mx}; s=arc-20240605;\n        b={}\n",
            rng.range(1_700_000_000, 1_770_000_000),
            folded_base64(rng, 344, "        ")
        ));
        h.push_str(&format!(
            "ARC-Message-Signature: i=1; a=rsa-sha256; c=relaxed/relaxed; d={mx};\n        s=arc-20240605;\n        h=to:subject:message-id:date:from:mime-version:dkim-signature;\n        bh={}=;\n        b={}\n",
            rng.string(BASE64, 43),
            folded_base64(rng, 344, "        ")
        ));
        h.push_str(&format!("ARC-Authentication-Results: i=1; {results}\n"));
    }
    h.push_str(&format!("Authentication-Results: {results}\n"));
    if rng.chance(50) {
        h.push_str(&format!(
            "Received-SPF: pass (domain of {sender} designates {client_ip} as permitted sender) client-ip={client_ip};\n"
        ));
    }
    if rng.chance(40) {
        h.push_str(&format!(
            "X-Spam-Status: No, score=-{}.{} required=5.0 tests=DKIM_SIGNED,DKIM_VALID,\n\tDKIM_VALID_AU,SPF_PASS autolearn=ham version=3.4.6\n",
            rng.range(0, 4),
            rng.range(0, 9)
        ));
    }
}

#[allow(clippy::too_many_arguments)]
fn sender_headers(
    rng: &mut Rng,
    h: &mut String,
    path: &Path,
    parties: &chain::Parties,
    sender: &str,
    recipient: &str,
    start: i64,
    index: u64,
) {
    let sdom = &parties.sender_domain;
    h.push_str(&format!(
        "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d={sdom};\n\ts=sel{}; t={start};\n\th=from:to:subject:date:message-id:mime-version:content-type;\n\tbh={}=;\n\tb={}\n",
        rng.range(1, 2),
        rng.string(BASE64, 43),
        folded_base64(rng, 344, "\t")
    ));
    match path.sender_kind {
        SenderKind::Google => {
            h.push_str(&format!(
                "X-Google-DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;\n        d=1e100.net; s=20230601; t={start};\n        h=to:subject:message-id:date:from:mime-version:x-gm-message-state\n         :from:to:cc:subject:date:message-id:reply-to;\n        bh={}=;\n        b={}\n",
                rng.string(BASE64, 43),
                folded_base64(rng, 344, "        ")
            ));
            h.push_str(&format!(
                "X-Gm-Message-State: AOJu0Y{}\n\t{}==\n",
                rng.string(BASE64, 60),
                rng.string(BASE64, 40)
            ));
            h.push_str(&format!(
                "X-Google-Smtp-Source: AGHT+IF{}==\n",
                rng.string(BASE64, 80)
            ));
        }
        SenderKind::Microsoft => {
            for name in [
                "X-MS-Exchange-Organization-Network-Message-Id",
                "X-MS-Exchange-CrossTenant-Id",
                "X-MS-Exchange-CrossTenant-OriginalArrivalTime",
                "X-MS-Exchange-Transport-CrossTenantHeadersStamped",
                "X-MS-PublicTrafficType",
                "X-MS-TrafficTypeDiagnostic",
                "X-MS-Office365-Filtering-Correlation-Id",
            ] {
                h.push_str(&format!(
                    "{name}: {}-{}-{}-{}-{}\n",
                    rng.string(HEX, 8),
                    rng.string(HEX, 4),
                    rng.string(HEX, 4),
                    rng.string(HEX, 4),
                    rng.string(HEX, 12)
                ));
            }
            h.push_str(&format!(
                "X-Microsoft-Antispam: BCL:0;ARA:13230040|{}|1800799024|376014;\n",
                rng.range(100_000, 999_999)
            ));
            let len = rng.range(800, 2400) as usize;
            h.push_str(&format!(
                "X-Microsoft-Antispam-Message-Info:\n\t{}\n",
                folded_base64(rng, len, "\t")
            ));
            h.push_str("X-MS-Has-Attach: \nX-MS-TNEF-Correlator: \nContent-Language: en-US\n");
            h.push_str(&format!(
                "Thread-Topic: project update\nThread-Index: {}==\n",
                rng.string(BASE64, 50)
            ));
        }
        SenderKind::Bulk => {
            h.push_str(&format!(
                "List-Unsubscribe: <mailto:unsubscribe-{}@{sdom}>,\n <https://{sdom}/unsubscribe/{}>\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\nFeedback-ID: {}:{}:campaign:{}\nPrecedence: bulk\n",
                rng.string(HEX, 16),
                rng.string(ALNUM, 40),
                rng.range(1, 999),
                rng.range(1000, 9999),
                rng.string(HEX, 12)
            ));
        }
        SenderKind::Plain => {}
    }

    let from = if rng.chance(20) {
        let name = rng_pick_str(rng, &NAMES_UTF8);
        format!("{} <{sender}>", encoded_word(rng, name))
    } else if rng.chance(70) {
        format!("\"{}\" <{sender}>", rng.pick(&NAMES))
    } else {
        sender.to_owned()
    };
    h.push_str(&format!("From: {from}\n"));
    h.push_str(&format!("To: {}\n", recipient));
    if rng.chance(25) {
        h.push_str(&format!(
            "Cc: \"{}\" <{}@{}>, {}@{}\n",
            rng.pick(&NAMES),
            rng.pick(&PEOPLE),
            parties.recipient_domain,
            rng.pick(&PEOPLE),
            sdom
        ));
    }
    let subject = if rng.chance(30) {
        let text = rng_pick_str(rng, &SUBJECTS_UTF8);
        encoded_subject(rng, text)
    } else {
        rng.pick(&SUBJECTS).to_string()
    };
    h.push_str(&format!("Subject: {subject}\n"));
    h.push_str(&format!(
        "Date: {}\n",
        format_date(start, parties.sender_zone, DateStyle::Plain)
    ));
    h.push_str(&format!(
        "Message-ID: <{}.{index}@{sdom}>\n",
        rng.string(HEX, 24)
    ));
    if rng.chance(30) {
        h.push_str(&format!(
            "In-Reply-To: <{}@{sdom}>\nReferences: <{}@{sdom}>\n <{}@{sdom}>\n",
            rng.string(HEX, 20),
            rng.string(HEX, 20),
            rng.string(HEX, 20)
        ));
    }
    h.push_str("MIME-Version: 1.0\n");
    h.push_str(match rng.range(0, 4) {
        0 => "X-Mailer: Apple Mail (2.3774.300.61.1.2)\n",
        1 => "User-Agent: Mozilla Thunderbird\n",
        2 => "X-Mailer: Microsoft Outlook 16.0\n",
        3 => "X-Mailer: PHPMailer 6.9.1 (https://example.org/phpmailer)\n",
        _ => "X-Priority: 3\n",
    });
}

fn rng_pick_str<'a>(rng: &mut Rng, items: &'a [&'a str]) -> &'a str {
    items[rng.below(items.len())]
}

/// A display name as an RFC 2047 encoded word (Q or B).
fn encoded_word(rng: &mut Rng, text: &str) -> String {
    if rng.chance(50) {
        format!("=?UTF-8?B?{}?=", base64(text.as_bytes()))
    } else {
        let mut out = String::from("=?utf-8?q?");
        for byte in text.bytes() {
            match byte {
                b' ' => out.push('_'),
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => out.push(char::from(byte)),
                other => out.push_str(&format!("={other:02X}")),
            }
        }
        out.push_str("?=");
        out
    }
}

/// A subject as encoded words, folded between words when long (as mail clients do).
fn encoded_subject(rng: &mut Rng, text: &str) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    let half = words.len().div_ceil(2);
    if words.len() > 3 && rng.chance(60) {
        let first = format!("{} ", words[..half].join(" "));
        let second = words[half..].join(" ");
        format!(
            "=?UTF-8?B?{}?=\n =?UTF-8?B?{}?=",
            base64(first.as_bytes()),
            base64(second.as_bytes())
        )
    } else {
        encoded_word(rng, text)
    }
}

fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(BASE64[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `len` random base64 characters folded in lines of 72 after `indent`.
fn folded_base64(rng: &mut Rng, len: usize, indent: &str) -> String {
    let text = rng.string(BASE64, len);
    let mut out = String::with_capacity(len + len / 70 * (indent.len() + 1));
    for (index, chunk) in text.as_bytes().chunks(72).enumerate() {
        if index > 0 {
            out.push('\n');
            out.push_str(indent);
        }
        out.push_str(std::str::from_utf8(chunk).unwrap_or(""));
    }
    out
}

/// The body: text and HTML alternatives of 2–20 KB in all, and in some messages a base64
/// attachment of 100 KB–2 MB.
fn body(rng: &mut Rng, out: &mut Vec<u8>, boundary: &str, attachment: bool) {
    let target = rng.log_uniform(2 * 1024, 20 * 1024) as usize;
    let text = prose(rng, target * 2 / 5);
    out.extend_from_slice(b"This is a multi-part message in MIME format.\n\n");
    if attachment {
        let inner = format!("----=_Alt_{}", rng.string(ALNUM, 12));
        out.extend_from_slice(
            format!("--{boundary}\nContent-Type: multipart/alternative; boundary=\"{inner}\"\n\n")
                .as_bytes(),
        );
        alternatives(out, &inner, &text);
        let (name, kind) = *rng.pick(&[
            ("report.pdf", "application/pdf"),
            ("photo.jpg", "image/jpeg"),
            ("archive.zip", "application/zip"),
            (
                "slides.pptx",
                "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            ),
        ]);
        out.extend_from_slice(
            format!(
                "--{boundary}\nContent-Type: {kind}; name=\"{name}\"\nContent-Disposition: attachment; filename=\"{name}\"\nContent-Transfer-Encoding: base64\n\n"
            )
            .as_bytes(),
        );
        let size = rng.log_uniform(100 * 1024, 2 * 1024 * 1024) as usize;
        random_base64_lines(rng, out, size);
        out.extend_from_slice(format!("--{boundary}--\n").as_bytes());
    } else {
        alternatives(out, boundary, &text);
    }
}

fn alternatives(out: &mut Vec<u8>, boundary: &str, text: &str) {
    out.extend_from_slice(
        format!("--{boundary}\nContent-Type: text/plain; charset=\"utf-8\"\nContent-Transfer-Encoding: 7bit\n\n{text}\n").as_bytes(),
    );
    out.extend_from_slice(
        format!("--{boundary}\nContent-Type: text/html; charset=\"utf-8\"\nContent-Transfer-Encoding: 7bit\n\n<html><body>\n").as_bytes(),
    );
    for paragraph in text.split("\n\n") {
        out.extend_from_slice(b"<p>");
        out.extend_from_slice(paragraph.as_bytes());
        out.extend_from_slice(b"</p>\n");
    }
    out.extend_from_slice(format!("</body></html>\n--{boundary}--\n").as_bytes());
}

/// Paragraphs of plain words wrapped at 72 columns. Now and then a paragraph starts with
/// `From `, which an mbox writer must quote.
fn prose(rng: &mut Rng, size: usize) -> String {
    let mut out = String::with_capacity(size + 128);
    while out.len() < size {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        let mut line_len = 0;
        let words = rng.range(30, 110);
        for index in 0..words {
            let word = if index == 0 && rng.chance(4) {
                "From"
            } else {
                rng.pick(&WORDS)
            };
            if index > 0 {
                if line_len + 1 + word.len() > 72 {
                    out.push('\n');
                    line_len = 0;
                } else {
                    out.push(' ');
                    line_len += 1;
                }
            }
            out.push_str(word);
            line_len += word.len();
        }
        out.push('.');
    }
    out
}

/// `size` bytes of base64 text in 76-column lines, as mail clients encode attachments.
fn random_base64_lines(rng: &mut Rng, out: &mut Vec<u8>, size: usize) {
    out.reserve(size + size / 76 + 1);
    let mut written = 0;
    let mut bits = 0u64;
    let mut available = 0;
    while written < size {
        let line = (size - written).min(76);
        for _ in 0..line {
            if available == 0 {
                bits = rng.next_u64();
                available = 10;
            }
            out.push(BASE64[(bits & 63) as usize]);
            bits >>= 6;
            available -= 1;
        }
        out.push(b'\n');
        written += line;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_examples() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }
}
