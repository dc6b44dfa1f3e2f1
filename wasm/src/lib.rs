//! hoptls-wasm: hoptls-core for the browser.
//!
//! A thin adapter: the web page hands it a file's bytes (or pasted text) and gets back the JSON
//! contract `hoptls/1` — the same array `hoptls --format json` prints for the same input — and
//! renders from that alone. Nothing of the analysis happens in JavaScript.
//!
//! ```
//! let message = b"Received: from mx.example.net (mx.example.net [203.0.113.9])\n\
//! \t(using TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits))\n\
//! \tby mail.example.com (Postfix) with ESMTPS id 4Y2kQv1fGzz7hTqm\n\
//! \tfor <dana@example.com>; Tue,  3 Dec 2024 09:15:02 +0000 (UTC)\n\
//! Subject: hello\n\n";
//!
//! let analysis = hoptls_wasm::analyze_input("hello.eml", message)?;
//! let reports: serde_json::Value = serde_json::from_str(&analysis.json())?;
//! assert_eq!(reports[0]["source"], "hello.eml");
//! assert_eq!(reports[0]["hops"][0]["tls"]["version"], "TLSv1.2");
//! assert!(analysis.errors().is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Naming follows the command-line tool: a file is named as given, pasted text is [`PASTED`]
//! (`-`, like standard input), and the N-th message of an mbox is `name#N`.
//!
//! The page's settings — redaction and the user's own hosts, networks and authserv-ids — go
//! into an [`Analyser`], which applies them in Rust for every input of one analysis, with one
//! [`Redactor`] so that the same host gets the same token in every file given together:
//!
//! ```
//! use hoptls_wasm::{Analyser, Settings};
//!
//! let message = b"Received: from mail.example.org (mail.example.org [203.0.113.80])\n\
//! \t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))\n\
//! \tby mx.example.com (Postfix) with ESMTPS id 4Y2kQv1fGzz7hTqm\n\
//! \tfor <dana@example.com>; Tue,  3 Dec 2024 09:15:02 +0000 (UTC)\n\n";
//!
//! let settings = Settings { redact: true, ..Settings::default() };
//! let mut analyser = Analyser::with_settings(&settings)?;
//! let first = analyser.run("a.eml", message)?.json();
//! let second = analyser.run("b.eml", message)?.json();
//! assert!(!first.contains("example"));
//! assert!(first.contains("TLS_AES_256_GCM_SHA384"));
//! assert_eq!(first.replace("a.eml", "b.eml"), second); // the same tokens in both
//! # Ok::<(), String>(())
//! ```

use std::fmt::Display;

use hoptls_core::{Options, Report, mbox, redact::Redactor};
use wasm_bindgen::prelude::*;

mod settings;

pub use settings::Settings;

/// The `source` of pasted text: what `hoptls` calls standard input, so that pasting headers
/// into the page and piping them into `hoptls --format json` give the same JSON.
pub const PASTED: &str = "-";

/// What one input gave: the reports of every message that could be read, and a line for each
/// message of an mbox that could not (the others are still reported).
#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct Analysis {
    json: String,
    errors: Vec<String>,
    auth_trust: String,
}

#[wasm_bindgen]
impl Analysis {
    /// The contract objects as a JSON array, printed as `hoptls --format json` prints it.
    #[wasm_bindgen(getter)]
    pub fn json(&self) -> String {
        self.json.clone()
    }

    /// `name#N: reason` for each message of an mbox that is not a message.
    #[wasm_bindgen(getter)]
    pub fn errors(&self) -> Vec<String> {
        self.errors.clone()
    }

    /// Why each authentication result is trusted or not: a JSON array with one array per report
    /// of [`Analysis::json`], holding each entry's `trust_reason` (a field of the contract
    /// since the page needed it; kept here for the page's table).
    #[wasm_bindgen(getter, js_name = authTrust)]
    pub fn auth_trust(&self) -> String {
        self.auth_trust.clone()
    }
}

/// One analysis with the page's settings: every input given to it is read with the same
/// options, and redacted by the same [`Redactor`], in the order given.
#[wasm_bindgen]
#[derive(Debug, Default)]
pub struct Analyser {
    options: Options,
    redactor: Option<Redactor>,
}

impl Analyser {
    /// An analyser for these settings.
    ///
    /// # Errors
    ///
    /// When an entry is not what its field asks for (a network that is not `address/prefix`,
    /// a host that is not a name); the message names the field and the entry.
    pub fn with_settings(settings: &Settings) -> Result<Analyser, String> {
        Ok(Analyser {
            options: settings.options()?,
            redactor: settings.redact.then(Redactor::new),
        })
    }

    /// Analyses one input: a message, a header block, or an mbox of many.
    ///
    /// An input is read as an mbox when its name ends in `.mbox`, or when it starts with a
    /// `From ` separator line and holds more than one message. A single message saved with its
    /// `From ` line (as some mail clients write `.eml` files) stays one message named as given.
    ///
    /// # Errors
    ///
    /// When the input is a single message and is not a message at all (empty, binary, no header
    /// field); the error names the input. A bad message inside an mbox is listed in
    /// [`Analysis::errors`] instead, so that the good ones are still reported.
    pub fn run(&mut self, name: &str, bytes: &[u8]) -> Result<Analysis, String> {
        let mut reports: Vec<Report> = Vec::new();
        let mut errors = Vec::new();
        if is_mbox(name, bytes) {
            for (position, message) in mbox::split(bytes).enumerate() {
                let source = format!("{name}#{}", position + 1);
                match hoptls_core::analyze_with(&source, message, &self.options) {
                    Ok(report) => reports.push(report),
                    Err(error) => errors.push(format!("{source}: {error}")),
                }
            }
        } else {
            let report = hoptls_core::analyze_with(name, bytes, &self.options)
                .map_err(|e| format!("{name}: {e}"))?;
            reports.push(report);
        }
        // The core says why each result is trusted or not; redaction leaves that alone.
        let reasons: Vec<Vec<&str>> = reports
            .iter()
            .map(|report| report.auth.iter().map(|entry| entry.trust_reason).collect())
            .collect();
        if let Some(redactor) = &mut self.redactor {
            for report in &mut reports {
                redactor.redact(report);
            }
        }
        // The command-line tool prints the same pretty array, with a final line break.
        let json =
            serde_json::to_string_pretty(&reports).map_err(|e| format!("{name}: {e}"))? + "\n";
        let auth_trust = serde_json::to_string(&reasons).map_err(|e| format!("{name}: {e}"))?;
        Ok(Analysis {
            json,
            errors,
            auth_trust,
        })
    }
}

#[wasm_bindgen]
impl Analyser {
    /// `new Analyser(redact, trustedHosts, trustedNetworks, trustedAuthserv)`: the settings of
    /// one analysis (see [`Settings`]); throws an `Error` naming a bad entry.
    #[wasm_bindgen(constructor)]
    pub fn new(
        redact: bool,
        trusted_hosts: Vec<String>,
        trusted_networks: Vec<String>,
        trusted_authserv: Vec<String>,
    ) -> Result<Analyser, JsError> {
        Analyser::with_settings(&Settings {
            redact,
            trusted_hosts,
            trusted_networks,
            trusted_authserv,
        })
        .map_err(js_error)
    }

    /// Analyses the bytes of a file named `name`; see [`Analyser::run`].
    #[wasm_bindgen(js_name = analyze)]
    pub fn analyze_bytes(&mut self, name: &str, bytes: &[u8]) -> Result<Analysis, JsError> {
        self.run(name, bytes).map_err(js_error)
    }

    /// Analyses pasted text; `name` is normally [`PASTED`].
    #[wasm_bindgen(js_name = analyzeText)]
    pub fn analyze_text(&mut self, name: &str, text: &str) -> Result<Analysis, JsError> {
        self.run(name, text.as_bytes()).map_err(js_error)
    }
}

/// Analyses one input with no settings: what `hoptls --format json` gives; see
/// [`Analyser::run`].
///
/// # Errors
///
/// As [`Analyser::run`].
pub fn analyze_input(name: &str, bytes: &[u8]) -> Result<Analysis, String> {
    Analyser::default().run(name, bytes)
}

fn is_mbox(name: &str, bytes: &[u8]) -> bool {
    let named_mbox = name
        .rsplit_once('.')
        .is_some_and(|(_, extension)| extension.eq_ignore_ascii_case("mbox"));
    named_mbox || (mbox::looks_like_mbox(bytes) && mbox::split(bytes).nth(1).is_some())
}

/// Installs the panic hook when the module is instantiated, so that a bug shows up in the
/// console with its message rather than as a bare `unreachable` trap.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// Analyses the bytes of a file named `name` (as the user gave it); see [`analyze_input`].
#[wasm_bindgen]
pub fn analyze(name: &str, bytes: &[u8]) -> Result<Analysis, JsError> {
    analyze_input(name, bytes).map_err(js_error)
}

/// Analyses pasted text; `name` is normally [`PASTED`].
#[wasm_bindgen(js_name = analyzeText)]
pub fn analyze_text(name: &str, text: &str) -> Result<Analysis, JsError> {
    analyze_input(name, text.as_bytes()).map_err(js_error)
}

/// The version of hoptls this module was built from.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// The one way errors cross into JavaScript: a thrown `Error` whose message is the text.
fn js_error(error: impl Display) -> JsError {
    JsError::new(&error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    const MESSAGE: &str = "Received: from a.example.org (a.example.org [192.0.2.1])\n\tby b.example.com (Postfix) with ESMTP id 1; Tue,  3 Dec 2024 09:15:02 +0000\nSubject: x\n\nbody\n";

    fn sources(analysis: &Analysis) -> Vec<String> {
        let reports: Value = serde_json::from_str(&analysis.json()).expect("JSON");
        reports
            .as_array()
            .expect("an array")
            .iter()
            .map(|r| r["source"].as_str().expect("a source").to_owned())
            .collect()
    }

    #[test]
    fn a_message_is_named_as_given() {
        let analysis = analyze_input("dir/a.eml", MESSAGE.as_bytes()).expect("a message");
        assert_eq!(sources(&analysis), ["dir/a.eml"]);
        assert!(analysis.errors().is_empty());
        assert!(analysis.json().ends_with("}\n]\n"), "{}", analysis.json());
    }

    #[test]
    fn an_mbox_is_split_and_numbered_and_goes_on_past_a_bad_message() {
        let file = format!(
            "From a@example.org Tue Dec  3 09:15:02 2024\n{MESSAGE}\nFrom b@example.org Tue Dec  3 09:15:03 2024\n\u{0}\u{0}\u{0}PNG\n\nFrom c@example.org Tue Dec  3 09:15:04 2024\n{MESSAGE}"
        );
        let analysis = analyze_input("box", file.as_bytes()).expect("an mbox");
        assert_eq!(sources(&analysis), ["box#1", "box#3"]);
        assert_eq!(analysis.errors().len(), 1);
        assert!(
            analysis.errors()[0].starts_with("box#2: "),
            "{:?}",
            analysis.errors()
        );
    }

    #[test]
    fn what_is_read_as_an_mbox() {
        let one = format!("From a@example.org Tue Dec  3 09:15:02 2024\n{MESSAGE}");
        let cases: [(&str, &str, bool); 5] = [
            ("a.eml", MESSAGE, false),
            ("saved.eml", &one, false),
            ("archive.MBOX", &one, true),
            ("archive.mbox", MESSAGE, true),
            ("-", &format!("{one}\n{one}"), true),
        ];
        for (name, text, expected) in cases {
            assert_eq!(is_mbox(name, text.as_bytes()), expected, "{name}");
        }
        let single = analyze_input("saved.eml", one.as_bytes()).expect("a message");
        assert_eq!(sources(&single), ["saved.eml"]);
        let named = analyze_input("archive.mbox", MESSAGE.as_bytes()).expect("an mbox");
        assert_eq!(sources(&named), ["archive.mbox#1"]);
    }

    #[test]
    fn not_a_message_is_an_error_naming_the_input() {
        let error = analyze_input("picture.eml", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
            .expect_err("binary data");
        assert!(error.starts_with("picture.eml: "), "{error}");
        let error = analyze_input(PASTED, b"  \n").expect_err("empty");
        assert_eq!(error, "-: empty input: no header block");
    }
}
