//! The summary as tables for people.

use super::{AUTH_METHODS, ENCRYPTIONS, PolicyTally, Summary, VERDICTS};

impl Summary {
    /// The summary as tables for people; long lists are cut at `rows` rows (the JSON form
    /// has them all).
    pub fn to_text(&self, policy: Option<&PolicyTally>, color: bool) -> String {
        use std::fmt::Write as _;

        use crate::output::{
            table::{ANSI_RESET, verdict_ansi},
            text::printable,
        };

        const ROWS: usize = 20;
        let mut out = String::new();
        let percent = |n: usize, of: usize| {
            if of == 0 {
                String::new()
            } else {
                format!("{:.1} %", n as f64 * 100.0 / of as f64)
            }
        };
        let name = |key: &String, none: &str| {
            if key.is_empty() {
                none.to_owned()
            } else {
                printable(key)
            }
        };

        let _ = writeln!(
            out,
            "{} messages, {} hops; {} inputs could not be read",
            self.messages, self.hops, self.failed
        );

        let mut rows = Vec::new();
        for (verdict, n) in VERDICTS.iter().zip(self.verdicts) {
            let word = if color {
                format!("{}{}{ANSI_RESET}", verdict_ansi(*verdict), verdict.as_str())
            } else {
                verdict.as_str().to_owned()
            };
            rows.push(vec![word, n.to_string(), percent(n, self.messages)]);
        }
        section(
            &mut out,
            "messages by verdict",
            &["verdict", "messages", "share"],
            rows,
            ROWS,
        );

        let mut rows = Vec::new();
        for (verdict, n) in VERDICTS.iter().zip(self.trusted_verdicts) {
            rows.push(vec![
                verdict.as_str().to_owned(),
                n.to_string(),
                percent(n, self.messages),
            ]);
        }
        section(
            &mut out,
            "messages by trusted verdict (the hops above the trust boundary)",
            &["verdict", "messages", "share"],
            rows,
            ROWS,
        );

        let rows: Vec<Vec<String>> = AUTH_METHODS
            .iter()
            .zip(&self.auth)
            .map(|(method, counts)| {
                let results: Vec<String> = counts
                    .iter()
                    .map(|(result, n)| {
                        format!(
                            "{} {n}",
                            result.as_deref().map_or("absent".to_owned(), printable)
                        )
                    })
                    .collect();
                vec![(*method).to_owned(), results.join(" · ")]
            })
            .collect();
        section(
            &mut out,
            "trusted authentication results (messages)",
            &["method", "results"],
            rows,
            ROWS,
        );

        let mut rows: Vec<Vec<String>> = ENCRYPTIONS
            .iter()
            .zip(self.encryptions)
            .map(|(e, n)| vec![e.as_str().to_owned(), n.to_string(), percent(n, self.hops)])
            .collect();
        rows.push(vec![
            "  of which weak TLS".to_owned(),
            self.weak_hops.to_string(),
            percent(self.weak_hops, self.hops),
        ]);
        section(
            &mut out,
            "hops by encryption",
            &["encryption", "hops", "share"],
            rows,
            ROWS,
        );

        let tls = self.encryptions[0];
        let rows = self
            .tls_versions()
            .map(|(v, n)| {
                vec![
                    v.unwrap_or("not recorded").to_owned(),
                    n.to_string(),
                    percent(n, tls),
                ]
            })
            .collect();
        section(
            &mut out,
            "TLS versions (TLS hops)",
            &["version", "hops", "share"],
            rows,
            ROWS,
        );

        let rows = self
            .ciphers()
            .into_iter()
            .map(|(c, s)| {
                vec![
                    printable(c),
                    s.hops.to_string(),
                    s.weaknesses
                        .iter()
                        .map(|w| w.as_ref())
                        .collect::<Vec<_>>()
                        .join(" "),
                ]
            })
            .collect();
        section(
            &mut out,
            "ciphers",
            &["cipher", "hops", "weaknesses"],
            rows,
            ROWS,
        );

        let rows = self
            .relays()
            .into_iter()
            .map(|(h, r)| {
                vec![
                    name(h, "(no by)"),
                    r.plaintext.to_string(),
                    r.weak.to_string(),
                    r.hops.to_string(),
                    r.example.as_deref().map(printable).unwrap_or_default(),
                ]
            })
            .collect();
        section(
            &mut out,
            "relays with plaintext or weak hops",
            &["relay (by)", "plaintext", "weak", "hops", "example"],
            rows,
            ROWS,
        );

        let rows = self
            .domains()
            .into_iter()
            .map(|(d, s)| {
                vec![
                    name(d, "(no address)"),
                    s.plaintext.to_string(),
                    s.weak.to_string(),
                    s.messages.to_string(),
                    s.example.as_deref().map(printable).unwrap_or_default(),
                ]
            })
            .collect();
        section(
            &mut out,
            "sender domains with plaintext or weak messages",
            &["From domain", "plaintext", "weak", "messages", "example"],
            rows,
            ROWS,
        );

        let rows = self
            .skews()
            .into_iter()
            .map(|(h, s)| {
                vec![
                    name(h, "(no by)"),
                    s.hops.to_string(),
                    crate::output::text::duration(s.largest),
                    s.example.as_deref().map(printable).unwrap_or_default(),
                ]
            })
            .collect();
        section(
            &mut out,
            "clock skews (a hop earlier than the one before)",
            &["relay (by)", "hops", "largest", "example"],
            rows,
            ROWS,
        );

        let mut rows: Vec<Vec<String>> = self
            .failures
            .iter()
            .map(|(s, e)| vec![printable(s), printable(e)])
            .collect();
        if self.failed > self.failures.len() {
            rows.push(vec![
                format!("… {} more", self.failed - self.failures.len()),
                String::new(),
            ]);
        }
        section(
            &mut out,
            "could not be read",
            &["input", "error"],
            rows,
            usize::MAX,
        );

        if let Some(policy) = policy {
            let rows = policy
                .conditions
                .iter()
                .zip(&policy.counts)
                .map(|(c, (n, example))| {
                    vec![
                        c.to_string(),
                        n.to_string(),
                        example.as_deref().map(printable).unwrap_or_default(),
                    ]
                })
                .collect();
            section(
                &mut out,
                &format!(
                    "--fail-on: {} messages violate the policy",
                    policy.violating
                ),
                &["condition", "messages", "example"],
                rows,
                usize::MAX,
            );
        }
        out
    }
}

/// A titled table; nothing but the title and "none" when `rows` is empty.
fn section(out: &mut String, title: &str, header: &[&str], rows: Vec<Vec<String>>, limit: usize) {
    use std::fmt::Write as _;

    use comfy_table::{CellAlignment, LineStyle, Table, TableStyle};

    const STYLE: TableStyle =
        TableStyle::new().header_separator(LineStyle::none().fill('─').junction('─'));

    let _ = writeln!(out, "\n{title}");
    if rows.is_empty() {
        let _ = writeln!(out, "  none");
        return;
    }
    let total = rows.len();
    let mut table = Table::new();
    table.load_style(STYLE).set_header(header.iter().copied());
    for row in rows.into_iter().take(limit) {
        table.add_row(row);
    }
    for (index, column) in table.column_iter_mut().enumerate() {
        column.set_padding((2, 0));
        // Counts and shares line up on the right.
        if index > 0
            && matches!(
                header[index],
                "messages" | "hops" | "share" | "plaintext" | "weak"
            )
        {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    for line in table.lines() {
        let _ = writeln!(out, "{}", line.trim_end());
    }
    if total > limit {
        let _ = writeln!(
            out,
            "  … {} more (all of them with --format json)",
            total - limit
        );
    }
}
