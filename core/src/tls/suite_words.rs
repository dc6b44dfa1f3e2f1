//! The vocabulary of cipher-suite names: what a word, or a run of words, means.
//!
//! Names are cut at `-` and `_` before they get here, so one table serves OpenSSL's
//! `ECDHE-RSA` and IANA's `ECDHE_RSA`. Each table row is the words as written (upper case;
//! matching ignores case) and their meaning. Adding a spelling means adding a row.

use super::cipher::{CipherWeakness, KeyExchange};

/// A table row: the words as written, and what they mean.
pub(super) type Spelling<T> = (&'static [&'static str], T);

/// The encryption algorithm, which decides the cipher weaknesses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Algorithm {
    Null,
    Rc4,
    Rc2,
    Des,
    TripleDes,
    Idea,
    Seed,
    Aes,
    Camellia,
    Aria,
    ChaCha20,
}

impl Algorithm {
    pub(super) fn weakness(self) -> Option<CipherWeakness> {
        match self {
            Algorithm::Null => Some(CipherWeakness::Null),
            Algorithm::Rc4 => Some(CipherWeakness::Rc4),
            // RC2 and IDEA are as obsolete as DES (RECEIVED-FORMATS 4.3): one code for all three.
            Algorithm::Des | Algorithm::Rc2 | Algorithm::Idea => Some(CipherWeakness::Des),
            Algorithm::TripleDes => Some(CipherWeakness::TripleDes),
            Algorithm::Seed | Algorithm::Aes | Algorithm::Camellia | Algorithm::Aria => None,
            Algorithm::ChaCha20 => None,
        }
    }
}

/// A bulk cipher: algorithm, effective bits, and whether its mode is an AEAD.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Bulk {
    pub(super) algorithm: Algorithm,
    pub(super) bits: u16,
    pub(super) aead: bool,
}

const fn block(algorithm: Algorithm, bits: u16) -> Bulk {
    Bulk {
        algorithm,
        bits,
        aead: false,
    }
}

const fn aead(algorithm: Algorithm, bits: u16) -> Bulk {
    Bulk {
        algorithm,
        bits,
        aead: true,
    }
}

use Algorithm::{Aes, Aria, Camellia, ChaCha20, Des, Idea, Null, Rc2, Rc4, Seed, TripleDes};

/// OpenSSL and LibreSSL glue the size to the algorithm and leave CBC implied (`AES256-SHA`),
/// except in the PSK names (`PSK-AES128-CBC-SHA`, `PSK-3DES-EDE-CBC-SHA`). Bits are effective
/// strength: 3DES gives 112 of its 168 key bits.
pub(super) const JOINED_BULK: &[Spelling<Bulk>] = &[
    (&["NULL"], block(Null, 0)),
    // `eNULL` is OpenSSL's cipher-string alias; listed in RECEIVED-FORMATS 4.3 as a marker.
    (&["ENULL"], block(Null, 0)),
    (&["RC4"], block(Rc4, 128)),
    (&["RC4", "64"], block(Rc4, 64)),
    (&["RC2", "CBC"], block(Rc2, 128)),
    (&["IDEA", "CBC"], block(Idea, 128)),
    (&["DES", "CBC"], block(Des, 56)),
    (&["DES", "CBC3"], block(TripleDes, 112)),
    (&["3DES", "EDE", "CBC"], block(TripleDes, 112)),
    (&["SEED"], block(Seed, 128)),
    (&["AES128"], block(Aes, 128)),
    (&["AES256"], block(Aes, 256)),
    (&["AES128", "CBC"], block(Aes, 128)),
    (&["AES256", "CBC"], block(Aes, 256)),
    (&["AES128", "GCM"], aead(Aes, 128)),
    (&["AES256", "GCM"], aead(Aes, 256)),
    (&["AES128", "CCM"], aead(Aes, 128)),
    (&["AES256", "CCM"], aead(Aes, 256)),
    (&["AES128", "CCM8"], aead(Aes, 128)),
    (&["AES256", "CCM8"], aead(Aes, 256)),
    (&["CAMELLIA128"], block(Camellia, 128)),
    (&["CAMELLIA256"], block(Camellia, 256)),
    (&["ARIA128", "GCM"], aead(Aria, 128)),
    (&["ARIA256", "GCM"], aead(Aria, 256)),
    (&["CHACHA20", "POLY1305"], aead(ChaCha20, 256)),
];

/// IANA, GnuTLS, Exim's session form and OpenSSL's EVP names (ecelerity) give the size and the
/// mode words of their own (`AES_256_CBC`, `AES-256-GCM`, `ARCFOUR_128`, `DES-EDE3-CBC`).
pub(super) const SPLIT_BULK: &[Spelling<Bulk>] = &[
    (&["NULL"], block(Null, 0)),
    (&["RC4"], block(Rc4, 128)),
    (&["RC4", "128"], block(Rc4, 128)),
    (&["RC4", "56"], block(Rc4, 56)),
    (&["RC4", "40"], block(Rc4, 40)),
    (&["ARCFOUR"], block(Rc4, 128)),
    (&["ARCFOUR", "128"], block(Rc4, 128)),
    (&["ARCFOUR", "40"], block(Rc4, 40)),
    (&["RC2", "CBC"], block(Rc2, 128)),
    (&["RC2", "CBC", "40"], block(Rc2, 40)),
    (&["IDEA", "CBC"], block(Idea, 128)),
    (&["DES", "CBC"], block(Des, 56)),
    (&["DES", "CBC", "40"], block(Des, 40)),
    (&["DES40", "CBC"], block(Des, 40)),
    (&["3DES", "EDE", "CBC"], block(TripleDes, 112)),
    (&["3DES", "CBC"], block(TripleDes, 112)),
    (&["DES", "EDE", "CBC"], block(TripleDes, 112)),
    (&["DES", "EDE3", "CBC"], block(TripleDes, 112)),
    (&["SEED", "CBC"], block(Seed, 128)),
    (&["AES", "128", "CBC"], block(Aes, 128)),
    (&["AES", "256", "CBC"], block(Aes, 256)),
    (&["AES", "128", "GCM"], aead(Aes, 128)),
    (&["AES", "256", "GCM"], aead(Aes, 256)),
    (&["AES", "128", "CCM"], aead(Aes, 128)),
    (&["AES", "256", "CCM"], aead(Aes, 256)),
    (&["AES", "128", "CCM", "8"], aead(Aes, 128)),
    (&["AES", "256", "CCM", "8"], aead(Aes, 256)),
    (&["CAMELLIA", "128", "CBC"], block(Camellia, 128)),
    (&["CAMELLIA", "256", "CBC"], block(Camellia, 256)),
    (&["CAMELLIA", "128", "GCM"], aead(Camellia, 128)),
    (&["CAMELLIA", "256", "GCM"], aead(Camellia, 256)),
    (&["ARIA", "128", "CBC"], block(Aria, 128)),
    (&["ARIA", "256", "CBC"], block(Aria, 256)),
    (&["ARIA", "128", "GCM"], aead(Aria, 128)),
    (&["ARIA", "256", "GCM"], aead(Aria, 256)),
    (&["CHACHA20", "POLY1305"], aead(ChaCha20, 256)),
];

/// The five TLS 1.3 suites after their prefix (`TLS_`, rustls' `TLS13_`). The whole tail must
/// match: `TLS_AES_256_GCM_SHA256` is no suite.
pub(super) const TLS13_SUITES: &[Spelling<Bulk>] = &[
    (&["AES", "128", "GCM", "SHA256"], aead(Aes, 128)),
    (&["AES", "256", "GCM", "SHA384"], aead(Aes, 256)),
    (&["CHACHA20", "POLY1305", "SHA256"], aead(ChaCha20, 256)),
    (&["AES", "128", "CCM", "SHA256"], aead(Aes, 128)),
    (&["AES", "128", "CCM", "8", "SHA256"], aead(Aes, 128)),
];

/// LibreSSL's TLS 1.3 suites after `AEAD-`.
pub(super) const LIBRESSL_TLS13_SUITES: &[Spelling<Bulk>] = &[
    (&["AES128", "GCM", "SHA256"], aead(Aes, 128)),
    (&["AES256", "GCM", "SHA384"], aead(Aes, 256)),
    (&["CHACHA20", "POLY1305", "SHA256"], aead(ChaCha20, 256)),
];

/// A key exchange, and whether a pre-shared key takes part: RFC 5487/5489 let the PSK suites
/// with a SHA-256/384 MAC run on TLS 1.0, so only they escape the "SHA-2 MAC needs 1.2" rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Exchange {
    pub(super) kind: KeyExchange,
    pub(super) psk: bool,
}

pub(super) const fn kx(kind: KeyExchange) -> Exchange {
    Exchange { kind, psk: false }
}

const fn kx_psk(kind: KeyExchange) -> Exchange {
    Exchange { kind, psk: true }
}

/// Key-exchange prefixes of every family. `RSA-PSK` is RSA transport plus a PSK: no forward
/// secrecy either way, filed under [`KeyExchange::Psk`].
pub(super) const KEY_EXCHANGES: &[Spelling<Exchange>] = &[
    (&["RSA"], kx(KeyExchange::Rsa)),
    (&["ECDHE", "RSA"], kx(KeyExchange::Ecdhe)),
    (&["ECDHE", "ECDSA"], kx(KeyExchange::Ecdhe)),
    // OpenSSL's ECDHE-RSA ARIA suites read `ECDHE-ARIA256-...`; the Exim session form reads
    // `ECDHE_<group>`.
    (&["ECDHE"], kx(KeyExchange::Ecdhe)),
    (&["ECDHE", "PSK"], kx_psk(KeyExchange::Ecdhe)),
    (&["DHE", "RSA"], kx(KeyExchange::Dhe)),
    (&["DHE", "DSS"], kx(KeyExchange::Dhe)),
    // `EDH` is OpenSSL's old name for DHE.
    (&["EDH", "RSA"], kx(KeyExchange::Dhe)),
    (&["EDH", "DSS"], kx(KeyExchange::Dhe)),
    // Exim's session form: `DHE_<group>`.
    (&["DHE"], kx(KeyExchange::Dhe)),
    (&["DHE", "PSK"], kx_psk(KeyExchange::Dhe)),
    (&["ECDH", "RSA"], kx(KeyExchange::StaticEcdh)),
    (&["ECDH", "ECDSA"], kx(KeyExchange::StaticEcdh)),
    (&["DH", "RSA"], kx(KeyExchange::StaticDh)),
    (&["DH", "DSS"], kx(KeyExchange::StaticDh)),
    (&["ADH"], kx(KeyExchange::Anonymous)),
    (&["AECDH"], kx(KeyExchange::Anonymous)),
    (&["DH", "ANON"], kx(KeyExchange::Anonymous)),
    (&["ECDH", "ANON"], kx(KeyExchange::Anonymous)),
    (&["ANON", "DH"], kx(KeyExchange::Anonymous)),
    (&["ANON", "ECDH"], kx(KeyExchange::Anonymous)),
    (&["PSK"], kx_psk(KeyExchange::Psk)),
    (&["RSA", "PSK"], kx_psk(KeyExchange::Psk)),
];

/// Export markers and the strength they cap the bulk cipher at. OpenSSL puts `EXP` first;
/// IANA and GnuTLS put `EXPORT` after the key exchange.
pub(super) const EXPORT_MARKERS: &[Spelling<u16>] = &[
    (&["EXP"], 40),
    (&["EXPORT"], 40),
    (&["EXP1024"], 56),
    (&["EXPORT1024"], 56),
];

/// The record MAC. After an AEAD the same words name the PRF hash; the profile only uses the
/// MAC of non-AEAD suites, so the difference does not matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mac {
    Md5,
    Sha1,
    Sha2,
}

pub(super) const MACS: &[Spelling<Mac>] = &[
    (&["MD5"], Mac::Md5),
    (&["SHA"], Mac::Sha1),
    (&["SHA1"], Mac::Sha1),
    (&["SHA256"], Mac::Sha2),
    (&["SHA384"], Mac::Sha2),
];

/// Windows appends the ECDHE curve to IANA names.
pub(super) const SCHANNEL_CURVES: &[Spelling<()>] =
    &[(&["P256"], ()), (&["P384"], ()), (&["P521"], ())];

/// The longest spelling in `table` that `words` start with, and the words after it.
pub(super) fn longest_prefix<'a, 'n, T: Copy>(
    table: &[Spelling<T>],
    words: &'a [&'n str],
) -> Option<(T, &'a [&'n str])> {
    let (spelling, meaning) = table
        .iter()
        .filter(|(spelling, _)| starts_with_words(words, spelling))
        .max_by_key(|(spelling, _)| spelling.len())?;
    Some((*meaning, words.get(spelling.len()..)?))
}

/// The spelling in `table` that is exactly `words`.
pub(super) fn whole_match<T: Copy>(table: &[Spelling<T>], words: &[&str]) -> Option<T> {
    table
        .iter()
        .find(|(spelling, _)| spelling.len() == words.len() && starts_with_words(words, spelling))
        .map(|(_, meaning)| *meaning)
}

/// A spelling from `table` if `words` start with one, else nothing consumed.
pub(super) fn optional<'a, 'n, T: Copy>(
    table: &[Spelling<T>],
    words: &'a [&'n str],
) -> (Option<T>, &'a [&'n str]) {
    longest_prefix(table, words).map_or((None, words), |(meaning, rest)| (Some(meaning), rest))
}

fn starts_with_words(words: &[&str], spelling: &[&str]) -> bool {
    words.len() >= spelling.len()
        && words
            .iter()
            .zip(spelling)
            .all(|(word, expected)| word.eq_ignore_ascii_case(expected))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spellings<T>(table: &[Spelling<T>]) -> Vec<&'static [&'static str]> {
        table.iter().map(|(spelling, _)| *spelling).collect()
    }

    /// Matching compares whole upper-case words; a lower-case or empty word in a table would
    /// silently never match, a duplicate would make the meaning depend on row order.
    #[test]
    fn every_table_is_upper_case_whole_words_without_duplicates() {
        let tables = [
            ("JOINED_BULK", spellings(JOINED_BULK)),
            ("SPLIT_BULK", spellings(SPLIT_BULK)),
            ("TLS13_SUITES", spellings(TLS13_SUITES)),
            ("LIBRESSL_TLS13_SUITES", spellings(LIBRESSL_TLS13_SUITES)),
            ("KEY_EXCHANGES", spellings(KEY_EXCHANGES)),
            ("EXPORT_MARKERS", spellings(EXPORT_MARKERS)),
            ("MACS", spellings(MACS)),
            ("SCHANNEL_CURVES", spellings(SCHANNEL_CURVES)),
        ];
        for (name, rows) in tables {
            for (index, spelling) in rows.iter().enumerate() {
                assert!(!spelling.is_empty(), "{name}: empty spelling");
                for word in *spelling {
                    let well_formed = !word.is_empty()
                        && word
                            .chars()
                            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
                    assert!(well_formed, "{name}: {word:?}");
                }
                assert!(
                    !rows[..index].contains(spelling),
                    "{name}: duplicate {spelling:?}"
                );
            }
        }
    }

    #[test]
    fn aead_modes_are_marked_aead() {
        for (spelling, bulk) in JOINED_BULK.iter().chain(SPLIT_BULK) {
            let names_aead_mode = spelling
                .iter()
                .any(|word| ["GCM", "CCM", "CCM8", "POLY1305"].contains(word));
            assert_eq!(bulk.aead, names_aead_mode, "{spelling:?}");
        }
        for (spelling, bulk) in TLS13_SUITES.iter().chain(LIBRESSL_TLS13_SUITES) {
            assert!(bulk.aead, "{spelling:?}");
        }
    }

    #[test]
    fn prefix_matching_prefers_the_longest_spelling_and_ignores_case() {
        // (words, expected bits, words left over)
        let cases: [(&[&str], Option<u16>, &[&str]); 6] = [
            (&["aes", "128", "ccm", "8"], Some(128), &[]),
            (&["DES", "CBC", "SHA"], Some(56), &["SHA"]),
            (&["DES", "CBC", "40", "SHA"], Some(40), &["SHA"]),
            (&["RC4", "40", "MD5"], Some(40), &["MD5"]),
            (&["DESIRE"], None, &[]),
            (&[], None, &[]),
        ];
        for (words, bits, rest) in cases {
            let found = longest_prefix(SPLIT_BULK, words);
            assert_eq!(found.map(|(bulk, _)| bulk.bits), bits, "{words:?}");
            assert_eq!(found.map_or(&[][..], |(_, left)| left), rest, "{words:?}");
        }
    }

    #[test]
    fn whole_match_needs_every_word() {
        let cases: [(&[&str], Option<Mac>); 5] = [
            (&["sha256"], Some(Mac::Sha2)),
            (&["SHA"], Some(Mac::Sha1)),
            (&["SHA", "1"], None),
            (&["SHA2"], None),
            (&[], None),
        ];
        for (words, expected) in cases {
            assert_eq!(whole_match(MACS, words), expected, "{words:?}");
        }
    }

    #[test]
    fn algorithms_map_to_their_weakness() {
        let cases = [
            (Null, Some(CipherWeakness::Null)),
            (Rc4, Some(CipherWeakness::Rc4)),
            (Rc2, Some(CipherWeakness::Des)),
            (Des, Some(CipherWeakness::Des)),
            (Idea, Some(CipherWeakness::Des)),
            (TripleDes, Some(CipherWeakness::TripleDes)),
            (Seed, None),
            (Aes, None),
            (Camellia, None),
            (Aria, None),
            (ChaCha20, None),
        ];
        for (algorithm, expected) in cases {
            assert_eq!(algorithm.weakness(), expected, "{algorithm:?}");
        }
    }
}
