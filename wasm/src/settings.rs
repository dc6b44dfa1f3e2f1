//! The page's trust settings, as the user typed them, turned into the core's [`Options`].
//!
//! The page splits each field into entries and hands them over as they are; what a bad entry is
//! and how it is reported is decided here, in one place, so that the page shows the same
//! message the command-line tool's options would give.

use std::net::IpAddr;

use hoptls_core::{
    Options,
    host::is_domain_like,
    trust::{Network, TrustOptions},
};

/// What the page's settings say, before checking: entries as typed (blank ones are ignored).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// Replace host names, addresses, ids and mailboxes by pseudonyms (`--redact`).
    pub redact: bool,
    /// The receiver's hosts or domains (`--trusted-by`).
    pub trusted_hosts: Vec<String>,
    /// The receiver's networks, `192.0.2.0/24` or a single address (`--trusted-network`).
    pub trusted_networks: Vec<String>,
    /// The authserv-ids whose results count (`--trusted-authserv`).
    pub trusted_authserv: Vec<String>,
}

impl Settings {
    /// The core's options, or an error naming the first entry that is not what its field asks
    /// for.
    pub fn options(&self) -> Result<Options, String> {
        let trusted_hosts = entries(&self.trusted_hosts)
            .map(host)
            .collect::<Result<Vec<_>, _>>()?;
        let trusted_networks = entries(&self.trusted_networks)
            .map(|entry| {
                entry
                    .parse::<Network>()
                    .map_err(|error| format!("trusted networks: {error}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let trusted_authserv = entries(&self.trusted_authserv)
            .map(|entry| {
                if entry.chars().any(char::is_whitespace) {
                    Err(format!(
                        "trusted authserv-ids: {entry:?} holds a space; give one id per entry"
                    ))
                } else {
                    Ok(entry.to_owned())
                }
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Options {
            trust: TrustOptions {
                trusted_hosts,
                trusted_networks,
            },
            trusted_authserv,
        })
    }
}

fn entries(list: &[String]) -> impl Iterator<Item = &str> {
    list.iter()
        .map(|entry| entry.trim())
        .filter(|e| !e.is_empty())
}

/// A host or a domain; a domain already covers every host under it, so `*.example.com` and
/// `.example.com` are read as `example.com`.
fn host(entry: &str) -> Result<String, String> {
    let name = entry
        .strip_prefix("*.")
        .or_else(|| entry.strip_prefix('.'))
        .unwrap_or(entry);
    if is_domain_like(name) || name.parse::<IpAddr>().is_ok() {
        Ok(name.to_owned())
    } else {
        Err(format!(
            "trusted hosts: {entry:?} is not a host or domain name (like mx.example.com or example.com)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(hosts: &[&str], networks: &[&str], authserv: &[&str]) -> Settings {
        let owned = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect();
        Settings {
            redact: false,
            trusted_hosts: owned(hosts),
            trusted_networks: owned(networks),
            trusted_authserv: owned(authserv),
        }
    }

    #[test]
    fn no_settings_are_the_default_options() {
        assert_eq!(Settings::default().options(), Ok(Options::default()));
        assert_eq!(
            settings(&["", "  "], &[" "], &[""]).options(),
            Ok(Options::default())
        );
    }

    #[test]
    fn entries_become_options() {
        let options = settings(
            &[
                " mx.example.com ",
                "*.example.net",
                ".example.org",
                "192.0.2.1",
            ],
            &["192.0.2.0/24", "2001:db8::/32", "198.51.100.7"],
            &["mx.example.com"],
        )
        .options()
        .expect("good settings");
        assert_eq!(
            options.trust.trusted_hosts,
            ["mx.example.com", "example.net", "example.org", "192.0.2.1"]
        );
        let networks: Vec<String> = options
            .trust
            .trusted_networks
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            networks,
            ["192.0.2.0/24", "2001:db8::/32", "198.51.100.7/32"]
        );
        assert_eq!(options.trusted_authserv, ["mx.example.com"]);
    }

    #[test]
    fn a_bad_entry_is_named() {
        let cases: [(Settings, &str); 5] = [
            (
                settings(&[], &["192.0.2.0/24", "10.0.0/8"], &[]),
                "trusted networks: \"10.0.0/8\" is not an address or network (like 192.0.2.0/24)",
            ),
            (
                settings(&[], &["192.0.2.0/33"], &[]),
                "trusted networks: \"192.0.2.0/33\": the prefix length must be 0 to 32",
            ),
            (
                settings(&[], &["mx.example.com"], &[]),
                "trusted networks: \"mx.example.com\" is not an address or network (like 192.0.2.0/24)",
            ),
            (
                settings(&["mx.example.com", "ana@example.com"], &[], &[]),
                "trusted hosts: \"ana@example.com\" is not a host or domain name (like mx.example.com or example.com)",
            ),
            (
                settings(&[], &[], &["mx.example.com spf"]),
                "trusted authserv-ids: \"mx.example.com spf\" holds a space; give one id per entry",
            ),
        ];
        for (settings, expected) in cases {
            assert_eq!(settings.options(), Err(expected.to_owned()));
        }
    }
}
