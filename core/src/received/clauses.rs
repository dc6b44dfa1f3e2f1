//! Clause structure over the tokens of a Received value (RFC 5321 §4.4, read as practice has it).
//!
//! ```text
//! Stamp    = From-domain By-domain Opt-info [CFWS] ";" FWS date-time
//! Opt-info = [Via] [With] [ID] [For] [Additional-Registered-Clauses]
//! ```
//!
//! In practice the clauses come in any order and case, some writers add unregistered ones
//! (`envelope-from`, Yahoo's `pod-id`), and a keyword can repeat. A clause keyword counts only
//! as a whole word at depth 0 (the tokens already keep comments whole), and a clause runs to the
//! next keyword or to the date separator: the last `;` at depth 0.

use std::ops::Range;

use super::grammar::{Token, TokenKind};

/// The clause keywords hoptls knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Keyword {
    From,
    By,
    Via,
    With,
    Id,
    For,
    /// Haraka's unregistered `envelope-from <…>` clause.
    EnvelopeFrom,
    /// RFC 8314's `tls` clause, only when a cipher-shaped word follows.
    Tls,
}

impl Keyword {
    const ALL: [Keyword; 8] = [
        Keyword::From,
        Keyword::By,
        Keyword::Via,
        Keyword::With,
        Keyword::Id,
        Keyword::For,
        Keyword::EnvelopeFrom,
        Keyword::Tls,
    ];

    fn word(self) -> &'static str {
        match self {
            Keyword::From => "from",
            Keyword::By => "by",
            Keyword::Via => "via",
            Keyword::With => "with",
            Keyword::Id => "id",
            Keyword::For => "for",
            Keyword::EnvelopeFrom => "envelope-from",
            Keyword::Tls => "tls",
        }
    }

    fn slot(self) -> usize {
        self as usize
    }
}

/// One clause: its keyword and the tokens after it, up to the next clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Clause {
    pub keyword: Keyword,
    /// Token indexes of the clause body (the keyword itself excluded).
    pub body: Range<usize>,
}

/// The clauses of one value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Clauses {
    /// Tokens before the first clause keyword: sendmail's `(from ana@localhost)`, qmail's
    /// `(qmail 1 invoked by uid 89)`, `(Haraka outbound)`.
    pub leading: Range<usize>,
    /// The first clause of each keyword, indexed by [`Keyword`].
    first: [Option<Clause>; 8],
    /// Repeated keywords: the first clause wins, a repeat is kept only as evidence
    /// (Mimecast's `with ESMTP with STARTTLS`).
    pub extra: Vec<Clause>,
    /// Index of the last `;` at depth 0: the date separator.
    pub date_separator: Option<usize>,
}

impl Clauses {
    pub fn get(&self, keyword: Keyword) -> Option<&Clause> {
        self.first[keyword.slot()].as_ref()
    }

    /// Token indexes after the date separator (empty when there is none).
    pub fn date_part(&self, token_count: usize) -> Range<usize> {
        match self.date_separator {
            Some(separator) => separator + 1..token_count,
            None => token_count..token_count,
        }
    }
}

/// Builds the clauses of a token list.
pub(crate) fn split_clauses(tokens: &[Token<'_>]) -> Clauses {
    let date_separator = tokens
        .iter()
        .rposition(|token| token.kind == TokenKind::Semicolon);
    let clause_end = date_separator.unwrap_or(tokens.len());

    let mut clauses = Clauses {
        date_separator,
        ..Clauses::default()
    };
    let mut open: Option<(Keyword, usize, bool)> = None; // keyword, body start, is a repeat
    let mut leading_end = clause_end;

    for index in 0..clause_end {
        let Some(keyword) = keyword_at(tokens, index, clause_end) else {
            continue;
        };
        // `with MailboxResubmission by AntispamTT`: a `by` inside the protocol words.
        if keyword == Keyword::By
            && matches!(open, Some((Keyword::With, _, _)))
            && clauses.get(Keyword::By).is_some()
        {
            continue;
        }
        if let Some((previous, start, repeat)) = open.take() {
            clauses.close(previous, start..index, repeat);
        } else {
            leading_end = index;
        }
        let repeat = clauses.get(keyword).is_some();
        open = Some((keyword, index + 1, repeat));
    }
    if let Some((previous, start, repeat)) = open {
        clauses.close(previous, start..clause_end, repeat);
    }
    clauses.leading = 0..leading_end;
    clauses
}

impl Clauses {
    fn close(&mut self, keyword: Keyword, body: Range<usize>, repeat: bool) {
        let clause = Clause { keyword, body };
        if repeat {
            self.extra.push(clause);
        } else {
            self.first[keyword.slot()] = Some(clause);
        }
    }
}

/// The keyword that the token at `index` opens, if it opens one.
fn keyword_at(tokens: &[Token<'_>], index: usize, clause_end: usize) -> Option<Keyword> {
    let token = &tokens[index];
    if token.kind != TokenKind::Word || token.text.len() > "envelope-from".len() {
        return None;
    }
    let keyword = Keyword::ALL
        .into_iter()
        .find(|keyword| token.text.eq_ignore_ascii_case(keyword.word()))?;
    if keyword == Keyword::Tls {
        // `tls` opens the clause only when a suite-shaped word follows (RFC 8314 §4.3); never in
        // `over TLS secured channel` or OpenSMTPD's `TLS version=…`.
        let next = tokens[index + 1..clause_end]
            .iter()
            .find(|token| !token.is_comment())?;
        if !(next.is_word() && is_suite_shaped(next.text)) {
            return None;
        }
    }
    Some(keyword)
}

/// A cipher-suite-shaped word: letters, digits, `_` and `-`, with at least one `_` or `-` and
/// one letter (`TLS_AES_256_GCM_SHA384`, `ECDHE-RSA-AES128-GCM-SHA256`; not `secured`).
pub(crate) fn is_suite_shaped(word: &str) -> bool {
    let bytes = word.as_bytes();
    bytes
        .iter()
        .all(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
        && bytes.iter().any(|b| *b == b'_' || *b == b'-')
        && bytes.iter().any(u8::is_ascii_alphabetic)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::received::grammar::tokenize;

    /// The words of each clause, for readable assertions.
    fn clause_words(value: &str) -> Vec<(Keyword, Vec<String>)> {
        let lexed = tokenize(value);
        let clauses = split_clauses(&lexed.tokens);
        let mut out: Vec<(usize, Keyword, Vec<String>)> = Keyword::ALL
            .into_iter()
            .filter_map(|keyword| clauses.get(keyword))
            .chain(clauses.extra.iter())
            .map(|clause| {
                (
                    clause.body.start,
                    clause.keyword,
                    lexed.tokens[clause.body.clone()]
                        .iter()
                        .map(|t| t.text.to_owned())
                        .collect(),
                )
            })
            .collect();
        out.sort_by_key(|(start, ..)| *start);
        out.into_iter().map(|(_, k, w)| (k, w)).collect()
    }

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn finds_clauses_in_any_order_and_case() {
        let value = "BY mx.example.com With ESMTP ID abc FROM a.example.org (a [192.0.2.1]) For <d@example.com>; Tue, 3 Dec 2024 09:15:02 +0000";
        assert_eq!(
            clause_words(value),
            vec![
                (Keyword::By, words(&["mx.example.com"])),
                (Keyword::With, words(&["ESMTP"])),
                (Keyword::Id, words(&["abc"])),
                (Keyword::From, words(&["a.example.org", "(a [192.0.2.1])"])),
                (Keyword::For, words(&["<d@example.com>"])),
            ]
        );
    }

    #[test]
    fn keywords_inside_comments_do_not_count() {
        let value =
            "from a (using TLSv1.3 with cipher X) (qmail 1 invoked by uid 0) by b with ESMTPS; Tue";
        let got = clause_words(value);
        assert_eq!(got[0].0, Keyword::From);
        assert_eq!(got[1], (Keyword::By, words(&["b"])));
        assert_eq!(got[2], (Keyword::With, words(&["ESMTPS"])));
    }

    #[test]
    fn the_date_separator_is_the_last_top_level_semicolon() {
        let value = r#"from a by b (x) with ESMTPS (cipher=Y subject="/O=a;b") id 1; (ORCPT <rfc822;c>) Tue, 3 Dec"#;
        let lexed = tokenize(value);
        let clauses = split_clauses(&lexed.tokens);
        let separator = clauses.date_separator.expect("separator");
        assert_eq!(lexed.tokens[separator + 1].text, "(ORCPT <rfc822;c>)");
    }

    #[test]
    fn a_repeated_with_is_kept_as_extra() {
        let value = "from a by relay.example.net with ESMTP with STARTTLS (version=TLSv1.2, cipher=X) id za-1; Wed";
        let lexed = tokenize(value);
        let clauses = split_clauses(&lexed.tokens);
        let with = clauses.get(Keyword::With).expect("with");
        assert_eq!(lexed.tokens[with.body.clone()][0].text, "ESMTP");
        assert_eq!(clauses.extra.len(), 1);
        assert_eq!(lexed.tokens[clauses.extra[0].body.start].text, "STARTTLS");
    }

    #[test]
    fn by_inside_the_protocol_words_belongs_to_with() {
        let value = "from X (192.0.2.1) by X (192.0.2.1) with MailboxResubmission by AntispamTT id 15.20.8207.10; Tue";
        let got = clause_words(value);
        assert_eq!(
            got[2],
            (
                Keyword::With,
                words(&["MailboxResubmission", "by", "AntispamTT"])
            )
        );
        assert_eq!(got[3], (Keyword::Id, words(&["15.20.8207.10"])));
    }

    #[test]
    fn tls_opens_a_clause_only_before_a_suite() {
        let exim = clause_words(
            "from a by b with esmtpsa  (TLS1.2) tls TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384\n\t(Exim 4.96) id x; Sun",
        );
        assert_eq!(
            exim[3],
            (
                Keyword::Tls,
                words(&["TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "(Exim 4.96)"])
            )
        );
        let smtpsvc = clause_words(
            "from W by smtp01.example.net over TLS secured channel with Microsoft SMTPSVC(6.0.3790.2668); Sun",
        );
        assert_eq!(
            smtpsvc[1],
            (
                Keyword::By,
                words(&["smtp01.example.net", "over", "TLS", "secured", "channel"])
            )
        );
        let opensmtpd = clause_words(
            "from a by b with ESMTP id 1\n\tTLS version=TLSv1.2 cipher=X bits=256; Tue",
        );
        assert_eq!(opensmtpd.len(), 4);
    }

    #[test]
    fn leading_comments_are_not_a_from_clause() {
        let value = "(qmail 31876 invoked by uid 89); 3 Dec 2024 09:15:00 -0000";
        let lexed = tokenize(value);
        let clauses = split_clauses(&lexed.tokens);
        assert!(clauses.get(Keyword::From).is_none());
        assert!(clauses.get(Keyword::By).is_none());
        assert_eq!(clauses.leading, 0..1);
    }

    #[test]
    fn no_separator_means_no_date_part() {
        let value = "by filterdrecv-1 with SMTP id f-1\n 2024-12-03 09:15:02.123456789 +0000 UTC";
        let lexed = tokenize(value);
        let clauses = split_clauses(&lexed.tokens);
        assert_eq!(clauses.date_separator, None);
        assert!(clauses.date_part(lexed.tokens.len()).is_empty());
        let id = clauses.get(Keyword::Id).expect("id");
        assert_eq!(lexed.tokens[id.body.start].text, "f-1");
    }

    #[test]
    fn suite_shapes() {
        for suite in [
            "TLS_AES_256_GCM_SHA384",
            "ECDHE-RSA-AES128-GCM-SHA256",
            "TLS13_AES_128_GCM_SHA256",
        ] {
            assert!(is_suite_shaped(suite), "{suite}");
        }
        for word in ["secured", "version=TLSv1.2", "1-2", "", "TLS"] {
            assert!(!is_suite_shaped(word), "{word}");
        }
    }
}
