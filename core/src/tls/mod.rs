//! What the TLS words on a Received line mean: versions, cipher suites, strength.
//!
//! Received lines copy whatever their TLS library printed, and every library spells things its
//! own way. This module turns those spellings into facts the grader can use, and says
//! plainly when a spelling tells nothing:
//!
//! * [`read_version`] reads `TLSv1.2`, `TLS1_2`, `TLS-1.2`, `TLS1` ... into a [`TlsVersion`],
//!   and keeps apart OpenSSL's non-version `TLSv1/SSLv3` and the bare `TLS`/`SSL` markers.
//! * [`profile_cipher`] reads a suite name of any family (OpenSSL, IANA, GnuTLS, Schannel,
//!   rustls, LibreSSL, Exim's GnuTLS session form, ecelerity's bare cipher) into a
//!   [`CipherProfile`]: key exchange, forward secrecy, AEAD, strength and
//!   [`CipherWeakness`]es.
//! * [`weakness_for_bits`] grades the bits figure written beside the suite, and
//!   [`version_matches_cipher`] notices a version and a suite that cannot go together.
//!
//! Nothing here guesses: a property the name does not state is `None`, and an unknown name is
//! [`CipherFamily::Unrecognised`] with no weaknesses.
//!
//! ```
//! use hoptls_core::tls::{
//!     CipherWeakness, TlsVersion, VersionReading, profile_cipher, read_version,
//!     version_matches_cipher,
//! };
//!
//! // Exchange Online: `(version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384)`
//! assert_eq!(read_version("TLS1_2"), VersionReading::Known(TlsVersion::Tls12));
//! let suite = profile_cipher("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
//! assert_eq!(suite.forward_secrecy, Some(true));
//! assert!(suite.weaknesses.is_empty());
//! assert!(version_matches_cipher(TlsVersion::Tls12, &suite));
//!
//! // Gmail in 2010: `(version=SSLv3 cipher=RC4-MD5 bits=128/128)`
//! let version = read_version("SSLv3").version();
//! assert!(version.is_some_and(TlsVersion::is_broken));
//! let weaknesses = profile_cipher("RC4-MD5").weaknesses;
//! let codes: Vec<_> = weaknesses.iter().map(CipherWeakness::code).collect();
//! assert_eq!(codes, ["cipher-rc4", "cipher-md5", "cipher-no-pfs"]);
//! ```

mod cipher;
mod suite_grammar;
mod suite_words;
mod version;

pub use cipher::{
    CipherFamily, CipherProfile, CipherWeakness, KeyExchange, WeaknessSet, profile_cipher,
    version_matches_cipher, weakness_for_bits,
};
pub use version::{TlsVersion, VersionReading, read_version};
