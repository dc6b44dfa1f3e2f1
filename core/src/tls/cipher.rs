//! Cipher-suite names: which library wrote them, and what they say about key exchange,
//! forward secrecy, strength and weak primitives.
//!
//! Every library spells suites its own way (`ECDHE-RSA-AES256-GCM-SHA384`,
//! `TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384`, `ECDHE_RSA_AES_256_GCM_SHA384`, ...). This file
//! holds what the rest of hoptls sees: the profile of a name and the weaknesses it implies.
//! How a name is read lives in `suite_grammar` (the shape of each family) and `suite_words`
//! (what each word means). A name that does not read completely is
//! [`CipherFamily::Unrecognised`]: its properties stay `None` rather than being guessed from
//! fragments.

use std::fmt;

use super::suite_grammar::{Suite, read_suite};
use super::version::TlsVersion;

/// Profiles already read on this thread, by cipher name. Reading a name through the suite
/// grammar costs thousands of instructions, and a few dozen names cover nearly every hop of
/// an archive: the second sighting of a name is a lookup. The memo is invisible from outside
/// (the same name always gives the same profile) and bounded: short names only, and it starts
/// afresh when full, so that no input can make it grow.
mod profile_cache {
    use std::{cell::RefCell, collections::HashMap};

    use super::CipherProfile;

    /// Longer names are read each time (real suite names are under 60 bytes).
    const MAX_NAME_BYTES: usize = 64;
    /// Entries kept before the memo starts afresh.
    const MAX_ENTRIES: usize = 512;

    thread_local! {
        static PROFILES: RefCell<HashMap<Box<str>, CipherProfile>> =
            RefCell::new(HashMap::new());
    }

    pub(super) fn get_or_read(name: &str, read: fn(&str) -> CipherProfile) -> CipherProfile {
        if name.len() > MAX_NAME_BYTES {
            return read(name);
        }
        PROFILES.with(|cell| {
            let Ok(mut profiles) = cell.try_borrow_mut() else {
                return read(name);
            };
            if let Some(profile) = profiles.get(name) {
                return profile.clone();
            }
            let profile = read(name);
            if profiles.len() >= MAX_ENTRIES {
                profiles.clear();
            }
            profiles.insert(name.into(), profile.clone());
            profile
        })
    }
}

/// The naming scheme a cipher name belongs to (RECEIVED-FORMATS.md 4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CipherFamily {
    /// OpenSSL up to TLS 1.2: `ECDHE-RSA-AES256-GCM-SHA384`, `AES128-SHA`, `RC4-MD5`.
    OpenSsl,
    /// The TLS 1.3 registry names: `TLS_AES_256_GCM_SHA384`.
    Tls13Standard,
    /// LibreSSL's TLS 1.3 names: `AEAD-AES256-GCM-SHA384`.
    LibreSslAead,
    /// IANA registry names up to TLS 1.2: `TLS_RSA_WITH_AES_256_CBC_SHA`.
    Iana,
    /// IANA names with the ECDHE curve appended by Windows: `..._SHA384_P384`.
    Schannel,
    /// rustls' TLS 1.3 names: `TLS13_AES_256_GCM_SHA384` (its 1.2 suites are [`Self::Iana`]).
    Rustls,
    /// GnuTLS suite names: `ECDHE_RSA_AES_256_GCM_SHA384`, `RSA_ARCFOUR_MD5`.
    GnuTls,
    /// Exim's rewrite of GnuTLS's session description: `ECDHE_X25519__RSA_SHA256__AES_256_GCM`.
    EximGnuTlsSession,
    /// A bulk cipher with no key exchange or MAC (Momentum/ecelerity): `AES-256-GCM`.
    BareCipher,
    /// Gmail's `OTHER` (2007-2012), which says nothing about the suite.
    GooglePlaceholder,
    /// No known naming scheme.
    Unrecognised,
}

impl CipherFamily {
    /// Families whose names denote one pre-1.3 suite, which TLS 1.3 can never negotiate.
    fn names_pre_tls13_suite(self) -> bool {
        use CipherFamily::{GnuTls, Iana, OpenSsl, Schannel};
        matches!(self, OpenSsl | Iana | Schannel | GnuTls)
    }
}

/// How the session key was agreed, as far as the name tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyExchange {
    /// A TLS 1.3 suite: always (EC)DHE, negotiated outside the suite.
    Tls13,
    /// Ephemeral elliptic-curve Diffie-Hellman.
    Ecdhe,
    /// Ephemeral finite-field Diffie-Hellman (`DHE`, OpenSSL's older `EDH`).
    Dhe,
    /// RSA key transport: the client encrypts the secret to the server's key.
    Rsa,
    /// Diffie-Hellman with the server's fixed certificate key.
    StaticDh,
    /// Elliptic-curve Diffie-Hellman with the server's fixed certificate key.
    StaticEcdh,
    /// A pre-shared key alone, or RSA transport plus a pre-shared key (`RSA-PSK`).
    Psk,
    /// Ephemeral (EC)DH with no server authentication (`ADH`, `AECDH`, `DH_anon`).
    Anonymous,
    /// The name does not say.
    Unknown,
}

impl KeyExchange {
    /// `None` when the name does not say. Anonymous suites are ephemeral, hence forward secret
    /// (their weakness is the missing authentication, reported separately).
    pub(super) fn forward_secrecy(self) -> Option<bool> {
        match self {
            KeyExchange::Tls13 | KeyExchange::Ecdhe | KeyExchange::Dhe => Some(true),
            KeyExchange::Anonymous => Some(true),
            KeyExchange::Rsa | KeyExchange::StaticDh | KeyExchange::StaticEcdh => Some(false),
            KeyExchange::Psk => Some(false),
            KeyExchange::Unknown => None,
        }
    }
}

/// A weakness a cipher name (or the bits figure beside it) reveals. Ordered as reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CipherWeakness {
    /// RC4 / ARCFOUR.
    Rc4,
    /// No encryption at all.
    Null,
    /// Export grade (40 or 56 bits).
    Export,
    /// Single DES, RC2 or IDEA.
    Des,
    /// Triple DES.
    TripleDes,
    /// No server authentication.
    Anonymous,
    /// HMAC-MD5 as the record MAC.
    Md5,
    /// RSA key transport, static (EC)DH or a bare pre-shared key.
    NoForwardSecrecy,
    /// Effective strength below 128 bits.
    ShortKey,
}

impl CipherWeakness {
    /// Every weakness, in report order.
    pub const ALL: [CipherWeakness; 9] = [
        CipherWeakness::Rc4,
        CipherWeakness::Null,
        CipherWeakness::Export,
        CipherWeakness::Des,
        CipherWeakness::TripleDes,
        CipherWeakness::Anonymous,
        CipherWeakness::Md5,
        CipherWeakness::NoForwardSecrecy,
        CipherWeakness::ShortKey,
    ];

    /// The finding code of the JSON contract.
    pub fn code(self) -> &'static str {
        match self {
            CipherWeakness::Rc4 => "cipher-rc4",
            CipherWeakness::Null => "cipher-null",
            CipherWeakness::Export => "cipher-export",
            CipherWeakness::Des => "cipher-des",
            CipherWeakness::TripleDes => "cipher-3des",
            CipherWeakness::Anonymous => "cipher-anon",
            CipherWeakness::Md5 => "cipher-md5",
            CipherWeakness::NoForwardSecrecy => "cipher-no-pfs",
            CipherWeakness::ShortKey => "cipher-short-key",
        }
    }

    /// Errors are ciphers that give no real confidentiality; the rest are warnings.
    pub fn is_error(self) -> bool {
        use CipherWeakness::{Des, Export, Null, Rc4};
        matches!(self, Rc4 | Null | Export | Des)
    }

    /// One short sentence for people.
    pub fn describe(self) -> &'static str {
        match self {
            CipherWeakness::Rc4 => "RC4 is prohibited (RFC 7465)",
            CipherWeakness::Null => "the NULL cipher does not encrypt at all",
            CipherWeakness::Export => {
                "export-grade ciphers were weakened on purpose to 40 or 56 bits"
            }
            CipherWeakness::Des => "single DES, RC2 and IDEA are obsolete ciphers",
            CipherWeakness::TripleDes => "3DES has a 64-bit block (Sweet32) and 112-bit strength",
            CipherWeakness::Anonymous => "anonymous key exchange does not authenticate the server",
            CipherWeakness::Md5 => "the record MAC uses MD5",
            CipherWeakness::NoForwardSecrecy => {
                "no forward secrecy: the server's key would decrypt recorded traffic"
            }
            CipherWeakness::ShortKey => "the effective key strength is below 128 bits",
        }
    }

    const fn bit(self) -> u16 {
        1 << self as u16
    }
}

impl fmt::Display for CipherWeakness {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A set of [`CipherWeakness`], iterated in report order.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct WeaknessSet(u16);

impl WeaknessSet {
    /// No weakness.
    pub const EMPTY: WeaknessSet = WeaknessSet(0);

    /// Adds a weakness.
    pub fn insert(&mut self, weakness: CipherWeakness) {
        self.0 |= weakness.bit();
    }

    /// Whether the set holds `weakness`.
    pub fn contains(self, weakness: CipherWeakness) -> bool {
        self.0 & weakness.bit() != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// How many weaknesses the set holds.
    pub fn len(self) -> usize {
        self.iter().count()
    }

    /// The weaknesses, in report order.
    pub fn iter(self) -> impl Iterator<Item = CipherWeakness> {
        CipherWeakness::ALL
            .into_iter()
            .filter(move |weakness| self.contains(*weakness))
    }
}

impl fmt::Debug for WeaknessSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl FromIterator<CipherWeakness> for WeaknessSet {
    fn from_iter<I: IntoIterator<Item = CipherWeakness>>(weaknesses: I) -> Self {
        let mut set = WeaknessSet::EMPTY;
        weaknesses
            .into_iter()
            .for_each(|weakness| set.insert(weakness));
        set
    }
}

/// Everything a cipher name says. Options are `None` when the name cannot tell: never a guess.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CipherProfile {
    /// The naming scheme.
    pub family: CipherFamily,
    /// How the key was agreed.
    pub key_exchange: KeyExchange,
    /// Whether recorded traffic stays safe if the server's key leaks later.
    pub forward_secrecy: Option<bool>,
    /// Whether the bulk cipher is an AEAD (GCM, CCM, ChaCha20-Poly1305).
    pub aead: Option<bool>,
    /// The suite exists only in TLS 1.3.
    pub tls13_suite: bool,
    /// The name cannot have been negotiated below TLS 1.2 (AEAD, or a SHA-256/384 MAC outside
    /// the PSK suites, which RFC 5487/5489 allow from TLS 1.0) and is not a 1.3-only suite.
    /// For one pre-1.3 suite this means "TLS 1.2 exactly"; a bare cipher or an Exim session
    /// description may also come from TLS 1.3.
    pub needs_tls12: bool,
    /// Effective strength of the bulk cipher: 3DES 112, DES 56, export 40/56, NULL 0.
    pub nominal_bits: Option<u16>,
    /// What is weak about it, `ShortKey` included when `nominal_bits` < 128.
    pub weaknesses: WeaknessSet,
}

impl CipherProfile {
    /// The profile of a name that says nothing: all `None`, no weaknesses.
    pub(super) fn unknown(family: CipherFamily) -> Self {
        CipherProfile {
            family,
            key_exchange: KeyExchange::Unknown,
            forward_secrecy: None,
            aead: None,
            tls13_suite: false,
            needs_tls12: false,
            nominal_bits: None,
            weaknesses: WeaknessSet::EMPTY,
        }
    }
}

/// Reads a cipher name as written on a Received line (any case, surrounding blanks ignored).
///
/// ```
/// use hoptls_core::tls::{CipherWeakness, KeyExchange, profile_cipher};
///
/// let profile = profile_cipher("DES-CBC3-SHA");
/// assert_eq!(profile.key_exchange, KeyExchange::Rsa);
/// assert_eq!(profile.nominal_bits, Some(112));
/// assert!(profile.weaknesses.contains(CipherWeakness::TripleDes));
/// assert!(profile.weaknesses.contains(CipherWeakness::NoForwardSecrecy));
/// ```
pub fn profile_cipher(name: &str) -> CipherProfile {
    profile_cache::get_or_read(name, read_profile)
}

/// What [`profile_cipher`] returns, read from the name itself.
fn read_profile(name: &str) -> CipherProfile {
    let name = name.trim();
    if name.eq_ignore_ascii_case(GOOGLE_PLACEHOLDER) {
        return CipherProfile::unknown(CipherFamily::GooglePlaceholder);
    }
    read_suite(name).map_or_else(
        || CipherProfile::unknown(CipherFamily::Unrecognised),
        Suite::profile,
    )
}

/// The weakness implied by the used-bits figure written on the line, if any.
pub fn weakness_for_bits(bits: u32) -> Option<CipherWeakness> {
    (bits < STRONG_BITS).then_some(CipherWeakness::ShortKey)
}

/// Whether a negotiated version and a suite can go together. Mismatches: TLS 1.3 with a
/// pre-1.3 suite, a 1.3-only suite with TLS 1.2 or older, and a suite that needs TLS 1.2 with
/// anything older. Names that do not pin the version (bare, session form, `OTHER`,
/// unrecognised) match whatever they can.
pub fn version_matches_cipher(version: TlsVersion, cipher: &CipherProfile) -> bool {
    if cipher.tls13_suite {
        return version == TlsVersion::Tls13;
    }
    if cipher.needs_tls12 && version < TlsVersion::Tls12 {
        return false;
    }
    !(cipher.family.names_pre_tls13_suite() && version == TlsVersion::Tls13)
}

/// Below this many effective bits a key is short (NIST SP 800-131A's floor).
const STRONG_BITS: u32 = 128;

/// What Gmail wrote between 2007 and 2012 instead of a suite.
const GOOGLE_PLACEHOLDER: &str = "OTHER";

#[cfg(test)]
mod tests {
    use super::CipherWeakness::{
        Anonymous, Des, Export, Md5, NoForwardSecrecy, Null, Rc4, ShortKey, TripleDes,
    };
    use super::*;

    #[test]
    fn the_memo_gives_what_reading_gives() {
        let names = [
            "TLS_AES_256_GCM_SHA384",
            "ecdhe-rsa-aes256-gcm-sha384",
            " DES-CBC3-SHA ",
            "OTHER",
            "not a cipher",
            "",
        ];
        for round in 0..3 {
            for name in names {
                assert_eq!(
                    profile_cipher(name),
                    read_profile(name),
                    "{name:?} round {round}"
                );
            }
        }
        // Past the memo's size it starts afresh and still answers right.
        for n in 0..1_200 {
            let name = format!("TLS_AES_{n}_GCM_SHA384");
            assert_eq!(profile_cipher(&name), read_profile(&name));
        }
        let long = format!("{}-SHA", "AES".repeat(40));
        assert_eq!(profile_cipher(&long), read_profile(&long));
    }

    #[test]
    fn weakness_codes_and_severities_follow_the_contract() {
        let cases = [
            (Rc4, "cipher-rc4", true),
            (Null, "cipher-null", true),
            (Export, "cipher-export", true),
            (Des, "cipher-des", true),
            (TripleDes, "cipher-3des", false),
            (Anonymous, "cipher-anon", false),
            (Md5, "cipher-md5", false),
            (NoForwardSecrecy, "cipher-no-pfs", false),
            (ShortKey, "cipher-short-key", false),
        ];
        assert_eq!(cases.map(|(weakness, ..)| weakness), CipherWeakness::ALL);
        let mut descriptions = Vec::new();
        for (weakness, code, is_error) in cases {
            assert_eq!(weakness.code(), code);
            assert_eq!(weakness.to_string(), code);
            assert_eq!(weakness.is_error(), is_error, "{code}");
            let description = weakness.describe();
            assert!(!description.is_empty(), "{code}");
            assert!(
                !description.ends_with('.'),
                "{code}: a phrase, not a paragraph"
            );
            assert!(
                !descriptions.contains(&description),
                "{code} repeats a description"
            );
            descriptions.push(description);
        }
        assert!(Rc4.describe().contains("RFC 7465"));
    }

    #[test]
    fn weakness_for_bits_flags_under_128() {
        let cases = [
            (0, Some(ShortKey)),
            (40, Some(ShortKey)),
            (56, Some(ShortKey)),
            (112, Some(ShortKey)),
            (127, Some(ShortKey)),
            (128, None),
            (168, None),
            (256, None),
            (u32::MAX, None),
        ];
        for (bits, expected) in cases {
            assert_eq!(weakness_for_bits(bits), expected, "{bits}");
        }
    }

    #[test]
    fn version_matches_cipher_spots_impossible_pairs() {
        use TlsVersion::{Ssl3, Tls10, Tls11, Tls12, Tls13};
        #[rustfmt::skip]
        let cases = [
            (Tls13, "TLS_AES_256_GCM_SHA384", true),
            (Tls13, "TLS13_AES_256_GCM_SHA384", true),
            (Tls13, "AEAD-AES256-GCM-SHA384", true),
            (Tls12, "TLS_AES_256_GCM_SHA384", false),
            (Tls10, "TLS_CHACHA20_POLY1305_SHA256", false),
            (Tls13, "ECDHE-RSA-AES256-GCM-SHA384", false),
            (Tls13, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", false),
            (Tls13, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384_P384", false),
            (Tls13, "ECDHE_RSA_AES_256_GCM_SHA384", false),
            (Tls12, "ECDHE-RSA-AES256-GCM-SHA384", true),
            (Tls11, "ECDHE-RSA-AES256-GCM-SHA384", false),
            (Tls10, "AES256-SHA256", false),
            (Tls10, "PSK-AES128-CBC-SHA256", true),
            (Tls10, "ECDHE-RSA-AES128-SHA", true),
            (Tls11, "ECDHE-RSA-AES128-SHA", true),
            (Ssl3, "RC4-MD5", true),
            // Names that do not pin the version allow whatever they can.
            (Tls13, "ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_256_GCM", true),
            (Tls12, "ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_256_GCM", true),
            (Tls11, "ECDHE_SECP256R1__RSA_SHA256__AES_128_GCM", false),
            (Tls13, "AES-256-GCM", true),
            (Tls10, "AES-256-GCM", false),
            (Tls13, "OTHER", true),
            (Ssl3, "OTHER", true),
            (Tls13, "DESIRE", true),
        ];
        for (version, name, expected) in cases {
            let profile = profile_cipher(name);
            assert_eq!(
                version_matches_cipher(version, &profile),
                expected,
                "{version} {name}"
            );
        }
    }

    #[test]
    fn google_placeholder_says_nothing() {
        for name in ["OTHER", "other", " Other "] {
            let expected = CipherProfile::unknown(CipherFamily::GooglePlaceholder);
            assert_eq!(profile_cipher(name), expected, "{name:?}");
        }
        assert_eq!(profile_cipher("OTHERS").family, CipherFamily::Unrecognised);
    }

    #[test]
    fn unknown_profiles_guess_nothing() {
        let profile = CipherProfile::unknown(CipherFamily::Unrecognised);
        assert_eq!(profile.key_exchange, KeyExchange::Unknown);
        assert_eq!(profile.forward_secrecy, None);
        assert_eq!(profile.aead, None);
        assert_eq!(profile.nominal_bits, None);
        assert!(!profile.tls13_suite && !profile.needs_tls12);
        assert!(profile.weaknesses.is_empty());
    }

    #[test]
    fn weakness_set_behaves_as_an_ordered_set() {
        let set: WeaknessSet = [ShortKey, Rc4, Md5, Rc4].into_iter().collect();
        assert_eq!(set.iter().collect::<Vec<_>>(), [Rc4, Md5, ShortKey]);
        assert_eq!(set.len(), 3);
        assert!(!set.is_empty());
        assert!(set.contains(Md5));
        assert!(!set.contains(Null));
        assert_eq!(format!("{set:?}"), "{Rc4, Md5, ShortKey}");

        let mut every = WeaknessSet::EMPTY;
        assert!(every.is_empty());
        assert_eq!(every.len(), 0);
        CipherWeakness::ALL
            .into_iter()
            .for_each(|weakness| every.insert(weakness));
        assert_eq!(every.iter().collect::<Vec<_>>(), CipherWeakness::ALL);
        assert_eq!(WeaknessSet::default(), WeaknessSet::EMPTY);
    }
}
