//! Why each authentication result is trusted or not, for the page's table.
//!
//! The contract says only `trusted: true|false`. The core decides it as one conjunction (see
//! `auth_entries` in hoptls-core's analysis and docs/trust.md): not an ARC-Seal, a trusted
//! authserv-id, not attached to a claimed hop, not standing in the sender's part of the header.
//! The page says which part failed, and that is worked out here, in Rust, from the report and
//! the options it was made with — before redaction, since the ids are compared as written.

use hoptls_core::{Options, Report, host::same_host};

/// Trusted: a trusted authserv-id, at or above the boundary.
pub const TRUSTED: &str = "trusted";
/// An ARC-Seal reports the validation of the ARC chain; it is never trusted on its own.
pub const ARC_SEAL: &str = "arc-seal";
/// Attached to a claimed hop: written on the sender's side, whatever id it names.
pub const CLAIMED_HOP: &str = "claimed-hop";
/// Its authserv-id is not a trusted one (the receiver's own, or those the user named).
pub const UNTRUSTED_ID: &str = "untrusted-id";
/// A trusted id, but the field stands where the sender's part of the header begins (below the
/// boundary hop's Received line and its trace fields): already there when the message arrived.
pub const SENDER_SIDE: &str = "sender-side";

/// One code per entry of `report.auth`, in order.
pub fn auth_reasons(report: &Report, options: &Options) -> Vec<&'static str> {
    // The core trusts by default the id of the topmost Authentication-Results; `auth` keeps the
    // header's order, so that is the first such entry.
    let topmost = report
        .auth
        .iter()
        .find(|entry| entry.header == "Authentication-Results")
        .map(|entry| entry.authserv_id.as_deref());
    let id_is_trusted = |id: Option<&str>| {
        if options.trusted_authserv.is_empty() {
            match (id, topmost) {
                (None, _) => true,
                (Some(id), Some(Some(top))) => same_host(id, top),
                (Some(_), _) => false,
            }
        } else {
            id.is_some_and(|id| options.trusted_authserv.iter().any(|t| same_host(t, id)))
        }
    };
    report
        .auth
        .iter()
        .map(|entry| {
            let claimed_hop = entry
                .hop
                .and_then(|index| report.hops.get(index.wrapping_sub(1)))
                .is_some_and(|hop| hop.claimed);
            if entry.trusted {
                TRUSTED
            } else if entry.header == "ARC-Seal" {
                ARC_SEAL
            } else if claimed_hop {
                CLAIMED_HOP
            } else if !id_is_trusted(entry.authserv_id.as_deref()) {
                UNTRUSTED_ID
            } else {
                SENDER_SIDE
            }
        })
        .collect()
}
