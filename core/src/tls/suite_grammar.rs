//! The shape of a cipher name in each family, and the profile it adds up to.
//!
//! A name is cut into words at `-` and `_`; its family is told from its shape (prefix,
//! separators, `_WITH_`, `__`), then its words are read with that family's grammar against the
//! tables of `suite_words`. Words are compared case-insensitively and whole, so `DESIRE` is
//! never `DES`, and a name must be read to its last word: anything left over makes it
//! unrecognised rather than half-understood.

use super::cipher::weakness_for_bits;
use super::cipher::{CipherFamily, CipherProfile, CipherWeakness, KeyExchange};
use super::suite_words::{
    Bulk, EXPORT_MARKERS, Exchange, JOINED_BULK, KEY_EXCHANGES, LIBRESSL_TLS13_SUITES, MACS, Mac,
    SCHANNEL_CURVES, SPLIT_BULK, Spelling, TLS13_SUITES, kx, longest_prefix, optional, whole_match,
};

/// Exim joins the groups of GnuTLS's session description with this:
/// `(TLS1.2)-(ECDHE-SECP256R1)-(RSA-SHA256)-(AES-128-GCM)` becomes
/// `ECDHE_SECP256R1__RSA_SHA256__AES_128_GCM` (the version goes before a colon).
const SESSION_GROUP_SEPARATOR: &str = "__";

/// A name read completely, before it becomes a profile.
#[derive(Debug, Clone, Copy)]
pub(super) struct Suite {
    family: CipherFamily,
    exchange: Exchange,
    bulk: Bulk,
    mac: Option<Mac>,
    /// The strength an export marker caps the cipher at.
    export_bits: Option<u16>,
}

impl Suite {
    fn new(family: CipherFamily, exchange: Exchange, bulk: Bulk, mac: Option<Mac>) -> Self {
        let export_bits = None;
        Suite {
            family,
            exchange,
            bulk,
            mac,
            export_bits,
        }
    }

    fn exported(self, export_bits: Option<u16>) -> Self {
        Suite {
            export_bits,
            ..self
        }
    }

    pub(super) fn profile(self) -> CipherProfile {
        let Suite {
            exchange,
            bulk,
            mac,
            ..
        } = self;
        let tls13_suite = exchange.kind == KeyExchange::Tls13;
        let bits = self.export_bits.map_or(bulk.bits, |cap| cap.min(bulk.bits));
        let forward_secrecy = exchange.kind.forward_secrecy();
        let anonymous = exchange.kind == KeyExchange::Anonymous;
        let sha2_mac = mac == Some(Mac::Sha2) && !exchange.psk;
        let named_by_parts = [
            (CipherWeakness::Export, self.export_bits.is_some()),
            (CipherWeakness::Anonymous, anonymous),
            (CipherWeakness::Md5, mac == Some(Mac::Md5)),
            (
                CipherWeakness::NoForwardSecrecy,
                forward_secrecy == Some(false),
            ),
        ];
        let weaknesses = named_by_parts
            .into_iter()
            .filter_map(|(weakness, present)| present.then_some(weakness))
            .chain(bulk.algorithm.weakness())
            .chain(weakness_for_bits(u32::from(bits)))
            .collect();
        CipherProfile {
            family: self.family,
            key_exchange: exchange.kind,
            forward_secrecy,
            aead: Some(bulk.aead),
            tls13_suite,
            needs_tls12: !tls13_suite && (bulk.aead || sha2_mac),
            nominal_bits: Some(bits),
            weaknesses,
        }
    }
}

/// Tells the family from the shape, then reads the words with that family's grammar.
pub(super) fn read_suite(name: &str) -> Option<Suite> {
    if name.contains(SESSION_GROUP_SEPARATOR) {
        return read_exim_session(name);
    }
    let words: Vec<&str> = name.split(['-', '_']).collect();
    let dashed = name.contains('-');
    let underscored = name.contains('_');
    let first = words.first().copied().unwrap_or_default();
    let starts = |prefix: &str| first.eq_ignore_ascii_case(prefix);
    let tail = words.get(1..).unwrap_or_default();
    match (dashed, underscored) {
        (false, true) if starts("TLS13") => read_tls13(CipherFamily::Rustls, TLS13_SUITES, tail),
        (false, true) if starts("TLS") => read_tls_prefixed(tail),
        (false, true) => read_gnutls(&words),
        (true, false) if starts("AEAD") => {
            read_tls13(CipherFamily::LibreSslAead, LIBRESSL_TLS13_SUITES, tail)
        }
        // Bare first: `CHACHA20-POLY1305` is an EVP cipher name, not an OpenSSL suite with RSA
        // key transport (there is none); the split and joined spellings keep the rest apart.
        (_, false) => read_bare(&words).or_else(|| read_openssl(&words)),
        // No writer mixes `-` and `_` in one suite name.
        (true, true) => None,
    }
}

/// `TLS_AES_128_GCM_SHA256`, `TLS13_AES_128_GCM_SHA256`, `AEAD-AES128-GCM-SHA256`.
fn read_tls13(family: CipherFamily, table: &[Spelling<Bulk>], tail: &[&str]) -> Option<Suite> {
    whole_match(table, tail).map(|bulk| Suite::new(family, kx(KeyExchange::Tls13), bulk, None))
}

/// After `TLS_`: IANA's `KX_WITH_CIPHER_MAC` (perhaps with Schannel's curve), else a TLS 1.3
/// suite, else a GnuTLS name as `gnutls-cli -l` prints it (`TLS_RSA_AES_128_CBC_SHA1`).
fn read_tls_prefixed(tail: &[&str]) -> Option<Suite> {
    let with_at = tail
        .iter()
        .position(|word| word.eq_ignore_ascii_case("WITH"));
    match with_at {
        Some(with_at) => {
            let exchange = tail.get(..with_at)?;
            let cipher = tail.get(with_at + 1..)?;
            read_iana(exchange, cipher)
        }
        None => read_tls13(CipherFamily::Tls13Standard, TLS13_SUITES, tail)
            .or_else(|| read_gnutls(tail)),
    }
}

/// `RSA_EXPORT` `WITH` `RC4_40_MD5`; `ECDHE_RSA` `WITH` `AES_256_CBC_SHA384_P384`.
fn read_iana(exchange_words: &[&str], cipher_words: &[&str]) -> Option<Suite> {
    let (family, cipher_words) = match cipher_words.split_last() {
        Some((last, rest)) if whole_match(SCHANNEL_CURVES, &[last]).is_some() => {
            (CipherFamily::Schannel, rest)
        }
        _ => (CipherFamily::Iana, cipher_words),
    };
    let (exchange, rest) = longest_prefix(KEY_EXCHANGES, exchange_words)?;
    let (export_bits, rest) = optional(EXPORT_MARKERS, rest);
    if !rest.is_empty() {
        return None;
    }
    let (bulk, mac) = read_bulk_and_mac(SPLIT_BULK, cipher_words)?;
    Some(Suite::new(family, exchange, bulk, mac).exported(export_bits))
}

/// `KX[_EXPORT]_CIPHER_MAC`: `DHE_RSA_AES_256_CBC_SHA1`, `RSA_ARCFOUR_MD5`.
fn read_gnutls(words: &[&str]) -> Option<Suite> {
    let (exchange, rest) = longest_prefix(KEY_EXCHANGES, words)?;
    let (export_bits, rest) = optional(EXPORT_MARKERS, rest);
    let (bulk, mac) = read_bulk_and_mac(SPLIT_BULK, rest)?;
    let suite = Suite::new(CipherFamily::GnuTls, exchange, bulk, mac);
    Some(suite.exported(export_bits))
}

/// `[EXP-][KX-]CIPHER-MAC`. No key-exchange prefix means RSA key transport (`AES128-SHA`).
fn read_openssl(words: &[&str]) -> Option<Suite> {
    let (export_bits, rest) = optional(EXPORT_MARKERS, words);
    let (exchange, rest) =
        longest_prefix(KEY_EXCHANGES, rest).unwrap_or((kx(KeyExchange::Rsa), rest));
    let (bulk, mac) = read_bulk_and_mac(JOINED_BULK, rest)?;
    let suite = Suite::new(CipherFamily::OpenSsl, exchange, bulk, mac);
    Some(suite.exported(export_bits))
}

/// ecelerity's `AES-256-GCM`: a bulk cipher and nothing else, so nothing about the exchange.
fn read_bare(words: &[&str]) -> Option<Suite> {
    let bulk = whole_match(SPLIT_BULK, words)?;
    let unknown = kx(KeyExchange::Unknown);
    Some(Suite::new(CipherFamily::BareCipher, unknown, bulk, None))
}

/// `KX[_GROUP]__SIGNATURE__CIPHER[__MAC]`. The group after the exchange (`X25519`,
/// `SECP256R1`) and the signature say nothing about the suite's strength and are skipped. The
/// same shape is printed for TLS 1.2 and 1.3, so it never counts as a 1.3-only suite.
fn read_exim_session(name: &str) -> Option<Suite> {
    let groups: Vec<Vec<&str>> = name
        .split(SESSION_GROUP_SEPARATOR)
        .map(|group| group.split('_').collect())
        .collect();
    let (exchange_group, later_groups) = groups.split_first()?;
    let (exchange, _group_name) = longest_prefix(KEY_EXCHANGES, exchange_group)?;
    // GnuTLS adds the MAC as a last group for non-AEAD ciphers: `..__AES_128_CBC__SHA1`.
    let (last, before_last) = later_groups.split_last()?;
    let (cipher_group, mac) = match whole_match(MACS, last) {
        Some(mac) => (before_last.last()?, Some(mac)),
        None => (last, None),
    };
    let bulk = whole_match(SPLIT_BULK, cipher_group)?;
    let family = CipherFamily::EximGnuTlsSession;
    Some(Suite::new(family, exchange, bulk, mac))
}

/// `CIPHER MAC`, or `CIPHER` alone when it is an AEAD (`AES128-CCM`, `CHACHA20-POLY1305`); the
/// hash after an AEAD is the PRF's and is read the same way.
fn read_bulk_and_mac(table: &[Spelling<Bulk>], words: &[&str]) -> Option<(Bulk, Option<Mac>)> {
    let (bulk, rest) = longest_prefix(table, words)?;
    match rest {
        [] if bulk.aead => Some((bulk, None)),
        [_] => Some((bulk, Some(whole_match(MACS, rest)?))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::cipher::profile_cipher;
    use super::CipherFamily as F;
    use super::CipherWeakness::{
        Anonymous, Des, Export, Md5, NoForwardSecrecy, Null, Rc4, ShortKey, TripleDes,
    };
    use super::KeyExchange as K;
    use super::*;

    /// One name of every family and key exchange, with what the name says about the exchange.
    #[test]
    fn every_family_and_key_exchange_is_told() {
        let session = F::EximGnuTlsSession;
        #[rustfmt::skip]
        let cases = [
            // OpenSSL
            ("ECDHE-RSA-AES256-GCM-SHA384", F::OpenSsl, K::Ecdhe, Some(true)),
            ("ECDHE-ECDSA-CHACHA20-POLY1305", F::OpenSsl, K::Ecdhe, Some(true)),
            ("ECDHE-ARIA256-GCM-SHA384", F::OpenSsl, K::Ecdhe, Some(true)),
            ("DHE-RSA-AES256-SHA", F::OpenSsl, K::Dhe, Some(true)),
            ("EDH-RSA-DES-CBC3-SHA", F::OpenSsl, K::Dhe, Some(true)),
            ("DHE-DSS-AES256-GCM-SHA384", F::OpenSsl, K::Dhe, Some(true)),
            ("AES128-SHA", F::OpenSsl, K::Rsa, Some(false)),
            ("AES256-GCM-SHA384", F::OpenSsl, K::Rsa, Some(false)),
            ("CAMELLIA256-SHA", F::OpenSsl, K::Rsa, Some(false)),
            ("ECDH-RSA-AES256-SHA", F::OpenSsl, K::StaticEcdh, Some(false)),
            ("ECDH-ECDSA-AES128-GCM-SHA256", F::OpenSsl, K::StaticEcdh, Some(false)),
            ("DH-RSA-AES256-SHA", F::OpenSsl, K::StaticDh, Some(false)),
            ("ADH-AES256-SHA", F::OpenSsl, K::Anonymous, Some(true)),
            ("AECDH-AES128-SHA", F::OpenSsl, K::Anonymous, Some(true)),
            ("PSK-AES128-CBC-SHA", F::OpenSsl, K::Psk, Some(false)),
            ("RSA-PSK-AES256-GCM-SHA384", F::OpenSsl, K::Psk, Some(false)),
            ("DHE-PSK-AES128-CBC-SHA256", F::OpenSsl, K::Dhe, Some(true)),
            ("ECDHE-PSK-CHACHA20-POLY1305", F::OpenSsl, K::Ecdhe, Some(true)),
            ("EXP-EDH-RSA-DES-CBC-SHA", F::OpenSsl, K::Dhe, Some(true)),
            // TLS 1.3 in its three spellings; `TLS_` without `_WITH_` is not IANA 1.2
            ("TLS_AES_256_GCM_SHA384", F::Tls13Standard, K::Tls13, Some(true)),
            ("TLS_AES_128_GCM_SHA256", F::Tls13Standard, K::Tls13, Some(true)),
            ("TLS_CHACHA20_POLY1305_SHA256", F::Tls13Standard, K::Tls13, Some(true)),
            ("TLS_AES_128_CCM_SHA256", F::Tls13Standard, K::Tls13, Some(true)),
            ("TLS_AES_128_CCM_8_SHA256", F::Tls13Standard, K::Tls13, Some(true)),
            ("TLS13_AES_256_GCM_SHA384", F::Rustls, K::Tls13, Some(true)),
            ("TLS13_CHACHA20_POLY1305_SHA256", F::Rustls, K::Tls13, Some(true)),
            ("AEAD-AES256-GCM-SHA384", F::LibreSslAead, K::Tls13, Some(true)),
            ("AEAD-CHACHA20-POLY1305-SHA256", F::LibreSslAead, K::Tls13, Some(true)),
            // IANA (rustls writes its TLS 1.2 suites this way too)
            ("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", F::Iana, K::Ecdhe, Some(true)),
            ("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", F::Iana, K::Ecdhe, Some(true)),
            ("TLS_DHE_RSA_WITH_AES_256_CBC_SHA", F::Iana, K::Dhe, Some(true)),
            ("TLS_RSA_WITH_AES_256_CBC_SHA", F::Iana, K::Rsa, Some(false)),
            ("TLS_DH_anon_WITH_AES_256_CBC_SHA", F::Iana, K::Anonymous, Some(true)),
            ("TLS_ECDH_anon_WITH_AES_128_CBC_SHA", F::Iana, K::Anonymous, Some(true)),
            ("TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA", F::Iana, K::StaticEcdh, Some(false)),
            ("TLS_DH_RSA_WITH_AES_128_CBC_SHA", F::Iana, K::StaticDh, Some(false)),
            ("TLS_PSK_WITH_AES_128_CBC_SHA256", F::Iana, K::Psk, Some(false)),
            ("TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256", F::Iana, K::Ecdhe, Some(true)),
            // Schannel: the curve suffix
            ("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384_P384", F::Schannel, K::Ecdhe, Some(true)),
            ("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA_P256", F::Schannel, K::Ecdhe, Some(true)),
            ("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384_P521", F::Schannel, K::Ecdhe, Some(true)),
            // GnuTLS, also behind `TLS_` as `gnutls-cli -l` prints it
            ("ECDHE_RSA_AES_256_GCM_SHA384", F::GnuTls, K::Ecdhe, Some(true)),
            ("DHE_RSA_AES_256_CBC_SHA1", F::GnuTls, K::Dhe, Some(true)),
            ("RSA_ARCFOUR_MD5", F::GnuTls, K::Rsa, Some(false)),
            ("RSA_AES_128_CBC_SHA1", F::GnuTls, K::Rsa, Some(false)),
            ("ANON_DH_AES_128_CBC_SHA1", F::GnuTls, K::Anonymous, Some(true)),
            ("TLS_RSA_AES_128_CBC_SHA1", F::GnuTls, K::Rsa, Some(false)),
            // Exim's GnuTLS session description
            ("ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_256_GCM", session, K::Ecdhe, Some(true)),
            ("ECDHE_SECP256R1__RSA_SHA256__AES_128_GCM", session, K::Ecdhe, Some(true)),
            ("DHE_FFDHE2048__RSA_SHA256__AES_128_CBC__SHA1", session, K::Dhe, Some(true)),
            ("RSA__AES_128_CBC__SHA1", session, K::Rsa, Some(false)),
            // ecelerity, Gmail's placeholder, and the unknown
            ("AES-256-GCM", F::BareCipher, K::Unknown, None),
            ("CHACHA20-POLY1305", F::BareCipher, K::Unknown, None),
            ("OTHER", F::GooglePlaceholder, K::Unknown, None),
            ("DESIRE", F::Unrecognised, K::Unknown, None),
        ];
        for (name, family, key_exchange, forward_secrecy) in cases {
            let profile = profile_cipher(name);
            assert_eq!(profile.family, family, "{name}");
            assert_eq!(profile.key_exchange, key_exchange, "{name}");
            assert_eq!(profile.forward_secrecy, forward_secrecy, "{name}");
        }
    }

    /// Every weak marker of RECEIVED-FORMATS 4.3, each in more than one family, and clean
    /// names, some with words that only look like markers.
    #[test]
    fn every_weak_marker_is_found() {
        #[rustfmt::skip]
        let cases: &[(&str, &[CipherWeakness])] = &[
            // RC4 / ARCFOUR, and MD5 as the MAC
            ("RC4-MD5", &[Rc4, Md5, NoForwardSecrecy]),
            ("RC4-SHA", &[Rc4, NoForwardSecrecy]),
            ("ECDHE-RSA-RC4-SHA", &[Rc4]),
            ("RSA_ARCFOUR_MD5", &[Rc4, Md5, NoForwardSecrecy]),
            ("RSA_ARCFOUR_128_SHA1", &[Rc4, NoForwardSecrecy]),
            ("TLS_RSA_WITH_RC4_128_MD5", &[Rc4, Md5, NoForwardSecrecy]),
            ("RC4-64-MD5", &[Rc4, Md5, NoForwardSecrecy, ShortKey]),
            // triple DES: DES-CBC3, 3DES_EDE_CBC, 3DES_CBC, DES_EDE, DES-EDE3
            ("DES-CBC3-SHA", &[TripleDes, NoForwardSecrecy, ShortKey]),
            ("EDH-RSA-DES-CBC3-SHA", &[TripleDes, ShortKey]),
            ("PSK-3DES-EDE-CBC-SHA", &[TripleDes, NoForwardSecrecy, ShortKey]),
            ("TLS_RSA_WITH_3DES_EDE_CBC_SHA", &[TripleDes, NoForwardSecrecy, ShortKey]),
            ("DHE_RSA_3DES_EDE_CBC_SHA", &[TripleDes, ShortKey]),
            ("RSA_DES_EDE_CBC_SHA1", &[TripleDes, NoForwardSecrecy, ShortKey]),
            ("ECDHE_SECP256R1__RSA_SHA256__3DES_CBC__SHA1", &[TripleDes, ShortKey]),
            ("DES-EDE3-CBC", &[TripleDes, ShortKey]),
            // single DES, and RC2 / IDEA treated like it
            ("DES-CBC-SHA", &[Des, NoForwardSecrecy, ShortKey]),
            ("TLS_RSA_WITH_DES_CBC_SHA", &[Des, NoForwardSecrecy, ShortKey]),
            ("RC2-CBC-MD5", &[Des, Md5, NoForwardSecrecy]),
            ("IDEA-CBC-SHA", &[Des, NoForwardSecrecy]),
            ("TLS_RSA_WITH_IDEA_CBC_SHA", &[Des, NoForwardSecrecy]),
            // NULL / eNULL
            ("NULL-SHA", &[Null, NoForwardSecrecy, ShortKey]),
            ("NULL-MD5", &[Null, Md5, NoForwardSecrecy, ShortKey]),
            ("eNULL-SHA", &[Null, NoForwardSecrecy, ShortKey]),
            ("ECDHE-RSA-NULL-SHA", &[Null, ShortKey]),
            ("TLS_RSA_WITH_NULL_SHA", &[Null, NoForwardSecrecy, ShortKey]),
            // export: EXP, EXP1024, EXPORT, EXPORT1024, DES40
            ("EXP-RC4-MD5", &[Rc4, Export, Md5, NoForwardSecrecy, ShortKey]),
            ("EXP-DES-CBC-SHA", &[Export, Des, NoForwardSecrecy, ShortKey]),
            ("EXP-RC2-CBC-MD5", &[Export, Des, Md5, NoForwardSecrecy, ShortKey]),
            ("EXP1024-RC4-SHA", &[Rc4, Export, NoForwardSecrecy, ShortKey]),
            ("EXP1024-DHE-DSS-DES-CBC-SHA", &[Export, Des, ShortKey]),
            ("TLS_RSA_EXPORT_WITH_RC4_40_MD5", &[Rc4, Export, Md5, NoForwardSecrecy, ShortKey]),
            ("TLS_RSA_EXPORT_WITH_DES40_CBC_SHA", &[Export, Des, NoForwardSecrecy, ShortKey]),
            ("TLS_RSA_EXPORT1024_WITH_RC4_56_SHA", &[Rc4, Export, NoForwardSecrecy, ShortKey]),
            ("RSA_EXPORT_ARCFOUR_40_MD5", &[Rc4, Export, Md5, NoForwardSecrecy, ShortKey]),
            // anonymous: ADH, AECDH, anon, ANON; ephemeral, so never NoForwardSecrecy
            ("ADH-AES256-SHA", &[Anonymous]),
            ("ADH-RC4-MD5", &[Rc4, Anonymous, Md5]),
            ("AECDH-NULL-SHA", &[Null, Anonymous, ShortKey]),
            ("TLS_DH_anon_WITH_AES_256_CBC_SHA", &[Anonymous]),
            ("ANON_ECDH_AES_128_CBC_SHA1", &[Anonymous]),
            ("EXP-ADH-RC4-MD5", &[Rc4, Export, Anonymous, Md5, ShortKey]),
            // no forward secrecy alone: RSA transport, static (EC)DH, bare PSK
            ("AES128-GCM-SHA256", &[NoForwardSecrecy]),
            ("ECDH-ECDSA-AES256-SHA", &[NoForwardSecrecy]),
            ("TLS_DH_DSS_WITH_AES_256_CBC_SHA", &[NoForwardSecrecy]),
            ("PSK-AES256-CBC-SHA", &[NoForwardSecrecy]),
            ("TLS_RSA_WITH_SEED_CBC_SHA", &[NoForwardSecrecy]),
            // clean
            ("ECDHE-RSA-AES256-GCM-SHA384", &[]),
            ("TLS_AES_128_GCM_SHA256", &[]),
            ("AEAD-CHACHA20-POLY1305-SHA256", &[]),
            ("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384_P384", &[]),
            ("DHE-RSA-SEED-SHA", &[]),
            ("DHE-RSA-CAMELLIA256-SHA", &[]),
            ("ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_256_GCM", &[]),
            ("AES-256-GCM", &[]),
            ("OTHER", &[]),
            ("DESIRE", &[]),
            ("RC4X-SHA", &[]),
            ("NULLIFY-SHA", &[]),
        ];
        for (name, expected) in cases {
            let found: Vec<_> = profile_cipher(name).weaknesses.iter().collect();
            assert_eq!(found, *expected, "{name}");
        }
    }

    #[test]
    fn strength_mode_and_era_are_told() {
        // (name, nominal_bits, aead, tls13_suite, needs_tls12)
        #[rustfmt::skip]
        let cases = [
            ("ECDHE-RSA-AES256-GCM-SHA384", Some(256), Some(true), false, true),
            ("ECDHE-RSA-AES128-SHA256", Some(128), Some(false), false, true),
            ("AES256-SHA", Some(256), Some(false), false, false),
            ("ECDHE-ECDSA-CHACHA20-POLY1305", Some(256), Some(true), false, true),
            ("AES128-CCM8", Some(128), Some(true), false, true),
            ("TLS_RSA_WITH_AES_128_CCM_8", Some(128), Some(true), false, true),
            ("CAMELLIA128-SHA", Some(128), Some(false), false, false),
            ("CAMELLIA128-SHA256", Some(128), Some(false), false, true),
            ("TLS_ECDHE_RSA_WITH_CAMELLIA_256_GCM_SHA384", Some(256), Some(true), false, true),
            ("ARIA128-GCM-SHA256", Some(128), Some(true), false, true),
            ("TLS_DHE_RSA_WITH_ARIA_256_CBC_SHA384", Some(256), Some(false), false, true),
            ("SEED-SHA", Some(128), Some(false), false, false),
            ("IDEA-CBC-SHA", Some(128), Some(false), false, false),
            ("RC4-SHA", Some(128), Some(false), false, false),
            ("DES-CBC3-SHA", Some(112), Some(false), false, false),
            ("DES-CBC-SHA", Some(56), Some(false), false, false),
            ("EXP-RC4-MD5", Some(40), Some(false), false, false),
            ("EXP1024-DES-CBC-SHA", Some(56), Some(false), false, false),
            ("NULL-SHA256", Some(0), Some(false), false, true),
            // PSK suites with a SHA-2 MAC run on TLS 1.0 (RFC 5487); AEAD ones do not
            ("PSK-AES128-CBC-SHA256", Some(128), Some(false), false, false),
            ("TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384", Some(256), Some(false), false, false),
            ("PSK-AES128-GCM-SHA256", Some(128), Some(true), false, true),
            ("TLS_AES_256_GCM_SHA384", Some(256), Some(true), true, false),
            ("TLS_CHACHA20_POLY1305_SHA256", Some(256), Some(true), true, false),
            ("TLS13_AES_128_GCM_SHA256", Some(128), Some(true), true, false),
            ("AEAD-AES128-GCM-SHA256", Some(128), Some(true), true, false),
            ("ECDHE_SECP256R1__RSA_SHA256__AES_128_GCM", Some(128), Some(true), false, true),
            ("DHE_FFDHE2048__RSA_SHA256__AES_128_CBC__SHA1", Some(128), Some(false), false, false),
            ("AES-256-GCM", Some(256), Some(true), false, true),
            ("AES-128-CBC", Some(128), Some(false), false, false),
            ("OTHER", None, None, false, false),
            ("DESIRE", None, None, false, false),
        ];
        for (name, bits, aead, tls13_suite, needs_tls12) in cases {
            let profile = profile_cipher(name);
            assert_eq!(profile.nominal_bits, bits, "{name}");
            assert_eq!(profile.aead, aead, "{name}");
            assert_eq!(profile.tls13_suite, tls13_suite, "{name}");
            assert_eq!(profile.needs_tls12, needs_tls12, "{name}");
        }
    }

    /// Anything out of shape is unrecognised with nothing guessed, not a partial reading.
    #[test]
    fn names_not_read_completely_are_unrecognised() {
        let names = [
            "",
            "   ",
            "DESIRE",
            "DES",
            "ECDHE-RSA-DESIRE-SHA",
            "ECDHE-RSA-AES256-GCM-SHA384-EXTRA",
            "ECDHE-RSA-AES256-GCM-SHA512",
            "AES256",
            // not one of the five TLS 1.3 suites
            "TLS_AES_256_GCM_SHA256",
            "TLS_AES_128_GCM",
            "TLS13_AES_128_CBC_SHA256",
            "AEAD-AES128-CBC-SHA256",
            // IANA out of shape
            "TLS_RSA_WITH_AES_256_CBC",
            "TLS_FOO_WITH_AES_128_CBC_SHA",
            "TLS_RSA_FOO_WITH_AES_128_CBC_SHA",
            "TLS_RSA_WITH_AES256_SHA",
            "TLS_WITH_AES_128_CBC_SHA",
            "TLS_NULL_WITH_NULL_NULL",
            "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA_P999",
            // mixed separators, or words of one family with the separators of another
            "ECDHE_RSA-AES256-GCM-SHA384",
            "ECDHE_RSA_AES256_GCM_SHA384",
            "AES_256_GCM",
            "ECDHE--RSA-AES256-SHA",
            // session form out of shape
            "ECDHE_X25519",
            "ECDHE_X25519__RSA_SHA256",
            "FOO_X25519__RSA_SHA256__AES_256_GCM",
            "ECDHE_X25519____AES_256_GCM_EXTRA",
            // families we do not model
            "SRP-AES-256-CBC-SHA",
            // the caller cuts at white space; a whole clause is not a name
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 + Transport Decrypted",
        ];
        for name in names {
            let expected = CipherProfile::unknown(F::Unrecognised);
            assert_eq!(profile_cipher(name), expected, "{name:?}");
        }
    }

    #[test]
    fn case_and_surrounding_blanks_do_not_matter() {
        #[rustfmt::skip]
        let cases = [
            ("ECDHE-RSA-AES256-GCM-SHA384", "ecdhe-rsa-aes256-gcm-sha384"),
            ("TLS_AES_128_GCM_SHA256", "Tls_Aes_128_Gcm_Sha256"),
            ("TLS_RSA_WITH_RC4_128_MD5", "tls_rsa_with_rc4_128_md5"),
            ("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA_P256", "tls_ecdhe_rsa_with_aes_128_cbc_sha_p256"),
            ("RSA_ARCFOUR_MD5", "Rsa_ArcFour_Md5"),
            ("AEAD-AES256-GCM-SHA384", "aead-aes256-gcm-sha384"),
            ("ECDHE_X25519__RSA_SHA256__AES_256_GCM", "ecdhe_x25519__rsa_sha256__aes_256_gcm"),
            ("AES-256-GCM", "aes-256-gcm"),
            ("DES-CBC3-SHA", " DES-CBC3-SHA\t"),
        ];
        for (canonical, variant) in cases {
            let expected = profile_cipher(canonical);
            assert_ne!(expected.family, F::Unrecognised, "{canonical}");
            assert_eq!(profile_cipher(variant), expected, "{variant:?}");
        }
    }

    #[test]
    fn short_key_follows_the_nominal_bits() {
        let names = [
            "DES-CBC3-SHA",
            "DES-CBC-SHA",
            "EXP-RC4-MD5",
            "EXP1024-RC4-SHA",
            "NULL-SHA",
            "RC4-64-MD5",
            "RC4-SHA",
            "AES128-SHA",
            "TLS_AES_256_GCM_SHA384",
            "SEED-SHA",
        ];
        for name in names {
            let profile = profile_cipher(name);
            let short = profile.nominal_bits.is_some_and(|bits| bits < 128);
            assert_eq!(profile.weaknesses.contains(ShortKey), short, "{name}");
        }
    }
}
