//! One message from header block to report: the steps of [`crate::analyze_with`].

use crate::{
    Error, Options,
    auth::{AuthHeader, read_auth_header},
    findings::Finding,
    host::same_host,
    limits::{MAX_RECEIVED_HEADERS, MAX_VALUE_BYTES},
    message::{
        BlockEnd, HeaderBlock, floor_char_boundary, read_header_block_ending, read_message_fields,
    },
    received::{self, Received},
    report::{AuthEntry, Hop, MessageInfo, Report, SCHEMA},
    timeline, trust, verdict,
};

/// A Received header of the block: its value and where the field stands in the block.
struct ReceivedField<'a> {
    value: &'a str,
    position: usize,
}

pub(crate) fn analyze_text_with(
    source: &str,
    text: &str,
    end: BlockEnd,
    options: &Options,
) -> Result<Report, Error> {
    let block = read_header_block_ending(text, end)?;
    let mut findings = block.findings.clone();
    let message = read_message_fields(&block, &mut findings);

    let mut fields = received_fields(&block);
    if fields.len() > MAX_RECEIVED_HEADERS {
        findings.push(Finding::warning(
            "received-limit",
            format!(
                "{} Received headers; only the newest {MAX_RECEIVED_HEADERS} were analysed",
                fields.len()
            ),
        ));
        fields.truncate(MAX_RECEIVED_HEADERS);
    }
    // Header order is newest first; the contract's order is origin first.
    fields.reverse();

    let parsed: Vec<Received<'_>> = fields
        .iter()
        .map(|field| {
            received::parse(&field.value[..floor_char_boundary(field.value, MAX_VALUE_BYTES)])
        })
        .collect();

    let delays = timeline::delays(&parsed);
    let decision = trust::decide(&parsed, &options.trust);
    findings.extend(timeline::chain_breaks(&parsed));
    findings.extend(timeline::repeated_hops(&parsed));
    findings.extend(timeline::older_blocks(
        &parsed,
        &delays,
        &resent_hops(&block, &fields),
    ));
    let total_delay_seconds = timeline::total_delay(&parsed);

    let hops: Vec<Hop> = parsed
        .into_iter()
        .zip(&fields)
        .zip(delays)
        .zip(&decision.roles)
        .enumerate()
        .map(|(position, (((line, field), delay), role))| {
            let index = position + 1;
            let claimed = *role == trust::Role::Sender;
            let integrity = if claimed {
                timeline::claim_problems(&line)
            } else {
                Vec::new()
            };
            // Only the part that was read is kept: `raw` stays within the limit too.
            let read = &field.value[..floor_char_boundary(field.value, MAX_VALUE_BYTES)];
            let mut hop = verdict::hop_of(index, line, read, delay, *role);
            if read.len() < field.value.len() {
                hop.findings.push(crate::value_too_long());
            }
            if let Some(delay) = delay.filter(|d| *d < 0) {
                hop.findings.push(timeline::clock_skew(index, delay));
            }
            hop.findings.extend(integrity);
            hop
        })
        .collect();

    let sender_side = decision
        .trust
        .boundary
        .and_then(|index| fields.get(index - 1))
        .map(|boundary| sender_side_start(&block, boundary.position));
    let auth = auth_entries(&block, &fields, &hops, sender_side, options);
    let summary = verdict::summarize(&hops, total_delay_seconds, &auth);
    Ok(Report {
        schema: SCHEMA,
        source: source.to_owned(),
        message: MessageInfo {
            message_id: message.message_id,
            subject: message.subject,
            from: message.from,
            date: message.date,
            tls_required: message.tls_required,
        },
        hops,
        findings,
        summary,
        trust: decision.trust,
        auth,
    })
}

fn received_fields<'a>(block: &HeaderBlock<'a>) -> Vec<ReceivedField<'a>> {
    block
        .fields
        .iter()
        .enumerate()
        .filter(|(_, field)| field.is("Received"))
        .map(|(position, field)| ReceivedField {
            value: field.value,
            position,
        })
        .collect()
}

/// Hops (origin-first indexes, 1-based) that sit below a `Resent-*` field: they carried the
/// message the first time, before it was resent.
fn resent_hops(block: &HeaderBlock<'_>, fields: &[ReceivedField<'_>]) -> Vec<usize> {
    let Some(first_resent) = block
        .fields
        .iter()
        .position(|field| field.name.len() > 7 && field.name[..7].eq_ignore_ascii_case("Resent-"))
    else {
        return Vec::new();
    };
    fields
        .iter()
        .enumerate()
        .filter(|(_, field)| field.position > first_resent)
        .map(|(index, _)| index + 1)
        .collect()
}

/// Where the part of the header that the sender wrote begins: the first field below the
/// boundary hop's Received line that is another Received line (a claimed hop) or a field of the
/// message itself (From, Subject, Message-ID, …). Receivers write their results above their
/// Received line, or — like Gmail — in a block of trace fields right below it; anything past
/// that block was already in the header when the message reached the receiver.
fn sender_side_start(block: &HeaderBlock<'_>, boundary_position: usize) -> usize {
    const MESSAGE_FIELDS: [&str; 14] = [
        "Received",
        "From",
        "To",
        "Cc",
        "Subject",
        "Date",
        "Message-ID",
        "MIME-Version",
        "Content-Type",
        "Reply-To",
        "In-Reply-To",
        "References",
        "DKIM-Signature",
        "Sender",
    ];
    block.fields[boundary_position + 1..]
        .iter()
        .position(|field| MESSAGE_FIELDS.iter().any(|name| field.is(name)))
        .map_or(block.fields.len(), |offset| boundary_position + 1 + offset)
}

/// The authentication results of the header, each attached to the hop whose server wrote it
/// and judged trusted or not.
///
/// A server adds its Authentication-Results as it receives the message, above the Received
/// line it writes: a result belongs to the hop whose `by` host its authserv-id names, or else to
/// the nearest Received header below it. Only results of a trusted authserv-id count — those
/// named with `--trusted-authserv`, or by default the id of the topmost Authentication-Results
/// (the receiver's own; a Microsoft header without an id counts as the receiver's) — and never
/// one written on the sender's side: attached to a claimed hop, or standing where the sender's
/// part of the header begins (see [`sender_side_start`]).
fn auth_entries(
    block: &HeaderBlock<'_>,
    fields: &[ReceivedField<'_>],
    hops: &[Hop],
    sender_side: Option<usize>,
    options: &Options,
) -> Vec<AuthEntry> {
    let mut results = Vec::new();
    for (position, field) in block.fields.iter().enumerate() {
        let Some(header) = AuthHeader::of_field(field.name) else {
            continue;
        };
        let value = &field.value[..floor_char_boundary(field.value, MAX_VALUE_BYTES)];
        for result in read_auth_header(header, value) {
            results.push((position, result));
        }
    }
    let topmost_id = results
        .iter()
        .find(|(_, r)| r.header == AuthHeader::AuthenticationResults)
        .map(|(_, r)| r.authserv_id.clone());
    // Authserv-ids are host or domain names: compared as host names are.
    let is_trusted_id = |id: &Option<String>| -> bool {
        if options.trusted_authserv.is_empty() {
            match (id, &topmost_id) {
                (None, _) => true,
                (Some(id), Some(Some(top))) => same_host(id, top),
                (Some(_), _) => false,
            }
        } else {
            id.as_deref().is_some_and(|id| {
                options
                    .trusted_authserv
                    .iter()
                    .any(|trusted| same_host(trusted, id))
            })
        }
    };
    results
        .into_iter()
        .map(|(position, result)| {
            let hop = result
                .authserv_id
                .as_deref()
                .and_then(|id| {
                    hops.iter()
                        .rev()
                        .find(|hop| hop.by.as_deref().is_some_and(|by| same_host(by, id)))
                        .map(|hop| hop.index)
                })
                .or_else(|| {
                    fields
                        .iter()
                        .enumerate()
                        .filter(|(_, field)| field.position > position)
                        .map(|(index, _)| index + 1)
                        .max()
                });
            let trust_reason = if result.header == AuthHeader::ArcSeal {
                "arc-seal"
            } else if hop.is_some_and(|index| hops[index - 1].claimed) {
                "claimed-hop"
            } else if !is_trusted_id(&result.authserv_id) {
                "untrusted-id"
            } else if sender_side.is_some_and(|start| position >= start) {
                "sender-side"
            } else {
                "trusted"
            };
            AuthEntry {
                method: result.method,
                result: result.result,
                authserv_id: result.authserv_id,
                header: result.header.as_str(),
                instance: result.instance,
                hop,
                trusted: trust_reason == "trusted",
                properties: result.properties,
                trust_reason,
            }
        })
        .collect()
}
