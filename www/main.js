// The page: takes pasted text, files and examples, hands them to the worker (where hoptls runs
// as WebAssembly), and draws what comes back. Nothing here analyses anything, and nothing is
// sent anywhere: the only requests this page can make are for its own files.

import { describeSource, resultsView } from "./render.js";

const $ = (id) => document.getElementById(id);
const paste = $("paste");
const files = $("files");
const status = $("status");
const output = $("output");
const download = $("download");
const overlay = $("drop-overlay");
const redact = $("redact");
const settingsError = $("settings-error");
const settingsState = $("settings-state");
const fields = { hosts: $("trusted-hosts"), networks: $("trusted-networks"), authserv: $("trusted-authserv") };

const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });

// Each request has a number; an answer to anything but the newest is dropped, so that a slow
// answer never overwrites a newer one.
let latest = 0;
let reports = [];
// Whether the worker holds an input that "rerun" can analyse again, or will once it has
// handled the requests sent so far (it handles them in order).
let holdsInput = false;
// The settings the newest request was sent with, to draw its answer with.
let latestSettings = null;
// Whether the reports on screen are redacted (the download is named so).
let shownRedacted = false;
// The trust settings applied with the Apply button; redaction is read from its switch.
let applied = { hosts: [], networks: [], authserv: [] };

/** The entries of a settings field: separated by white space or commas, blanks dropped. */
const entries = (input) => input.value.split(/[\s,]+/).filter((entry) => entry !== "");

/** The settings of the next analysis: they go to the worker, where hoptls applies them. */
function settings() {
  return { redact: redact.checked, ...applied };
}

function say(text, isError = false) {
  status.textContent = text;
  status.classList.toggle("error", isError);
}

function request(message, what) {
  latest += 1;
  const current = settings();
  latestSettings = current;
  if (message.type !== "rerun") holdsInput = true;
  say(`Analysing ${what}${current.redact ? ", redacted" : ""}…`);
  worker.postMessage({ ...message, id: latest, settings: current });
}

function clearResults() {
  latest += 1;
  reports = [];
  output.replaceChildren();
  download.disabled = true;
}

/** Clear: the results go, and the worker forgets the input it kept for "rerun". */
function forget() {
  clearResults();
  holdsInput = false;
  worker.postMessage({ type: "forget" });
}

/** The same input again, with the settings as they are now (redaction switched, trust applied). */
function rerun() {
  if (holdsInput) request({ type: "rerun" }, "again");
  // Nothing to analyse yet: the settings are still read now, so that a bad entry shows at once.
  else worker.postMessage({ type: "check", id: latest, settings: settings() });
}

function settingsRefused(message) {
  settingsError.textContent = `Not applied: ${message}`;
  settingsError.hidden = false;
  $("settings").open = true;
  say(`Trust settings not applied: ${message}`, true);
}

function show(answer, used) {
  if (typeof answer.settingsError === "string") {
    // Nothing was analysed: a picture made without the settings asked for would mislead.
    clearResults();
    settingsRefused(answer.settingsError);
    return;
  }
  reports = [];
  shownRedacted = used.redact;
  const notes = [];
  const failures = [];
  for (const input of answer.inputs) {
    // The worker hands over the contract JSON exactly as hoptls-wasm printed it, and beside
    // it why each authentication result is trusted or not.
    if (input.json !== null) {
      const some = JSON.parse(input.json);
      const why = JSON.parse(input.authTrust);
      some.forEach((report, position) => {
        reports.push(report);
        notes.push({ why: Array.isArray(why[position]) ? why[position] : [], redacted: used.redact, namedAuthserv: used.authserv.length > 0 });
      });
    }
    failures.push(...input.errors);
  }
  output.replaceChildren(resultsView(reports, failures, notes));
  download.disabled = reports.length === 0;
  const counted = reports.length === 1
    ? `1 message analysed (${describeSource(reports[0].source)})`
    : `${reports.length} messages analysed`;
  const failed = failures.length ? `; ${failures.length} could not be read` : "";
  say(counted + failed + (used.redact && reports.length ? "; redacted" : ""), reports.length === 0);
}

worker.addEventListener("message", ({ data }) => {
  switch (data.type) {
    case "ready":
      $("version").textContent = `hoptls ${data.version}`;
      if (latest === 0) say("Ready. Paste headers, open files, or try an example.");
      break;
    case "fatal":
      say(data.message, true);
      break;
    case "checked":
      if (data.id !== latest) return;
      if (typeof data.settingsError === "string") settingsRefused(data.settingsError);
      else say("Trust settings applied. Paste headers, open files, or try an example.");
      break;
    case "result":
      if (data.id !== latest) return;
      if (typeof data.text === "string") paste.value = data.text;
      show(data, latestSettings);
      break;
  }
});
worker.addEventListener("error", () => say("The analyser failed to start.", true));

// Pasted text is analysed as it is typed or pasted (after a short pause), or at once on Analyze.
let pause = 0;
function analysePaste() {
  clearTimeout(pause);
  if (paste.value.trim() === "") {
    forget();
    say("Paste headers, open files, or try an example.");
    return;
  }
  request({ type: "text", text: paste.value }, "the pasted text");
}
paste.addEventListener("input", () => {
  clearTimeout(pause);
  pause = setTimeout(analysePaste, 300);
});
$("analyze").addEventListener("click", analysePaste);
$("clear").addEventListener("click", () => {
  clearTimeout(pause);
  paste.value = "";
  files.value = "";
  forget();
  say("Paste headers, open files, or try an example.");
  paste.focus();
});

function analyseFiles(list) {
  if (list.length === 0) return;
  request({ type: "files", files: list }, list.length === 1 ? "1 file" : `${list.length} files`);
}
files.addEventListener("change", () => analyseFiles([...files.files]));

for (const button of document.querySelectorAll("button[data-example]")) {
  button.addEventListener("click", () => request({ type: "example", name: button.dataset.example }, "the example"));
}

// Files dropped anywhere on the page. The counter follows dragenter/dragleave pairs, which
// fire for every child element crossed.
let dragDepth = 0;
const carriesFiles = (event) => event.dataTransfer && [...event.dataTransfer.types].includes("Files");
document.addEventListener("dragenter", (event) => {
  if (!carriesFiles(event)) return;
  dragDepth += 1;
  overlay.hidden = false;
});
document.addEventListener("dragleave", (event) => {
  if (!carriesFiles(event)) return;
  dragDepth = Math.max(0, dragDepth - 1);
  if (dragDepth === 0) overlay.hidden = true;
});
document.addEventListener("dragover", (event) => {
  if (carriesFiles(event)) event.preventDefault();
});
document.addEventListener("drop", (event) => {
  if (!carriesFiles(event)) return;
  event.preventDefault();
  dragDepth = 0;
  overlay.hidden = true;
  analyseFiles([...event.dataTransfer.files]);
});

// Redaction and trust settings are applied by hoptls in the worker, to the input it kept.
redact.addEventListener("change", rerun);

function describeSettings() {
  const named = [
    applied.hosts.length ? `${applied.hosts.length} host${applied.hosts.length === 1 ? "" : "s"}` : null,
    applied.networks.length ? `${applied.networks.length} network${applied.networks.length === 1 ? "" : "s"}` : null,
    applied.authserv.length ? `${applied.authserv.length} authserv-id${applied.authserv.length === 1 ? "" : "s"}` : null,
  ].filter(Boolean);
  settingsState.textContent = named.length ? `Applied: ${named.join(", ")}.` : "Not set: the boundary is found from the chain.";
}

function applySettings() {
  applied = { hosts: entries(fields.hosts), networks: entries(fields.networks), authserv: entries(fields.authserv) };
  settingsError.hidden = true;
  settingsError.textContent = "";
  describeSettings();
  rerun();
}
$("apply-settings").addEventListener("click", applySettings);
for (const input of Object.values(fields)) {
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      applySettings();
    }
  });
}
$("reset-settings").addEventListener("click", () => {
  for (const input of Object.values(fields)) input.value = "";
  applySettings();
});

// The JSON is made here, from the objects on screen (redacted when they are): a Blob, never an
// upload. Only the contract objects: the page's notes on them are not part of it.
download.addEventListener("click", () => {
  const blob = new Blob([`${JSON.stringify(reports, null, 2)}\n`], { type: "application/json" });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = shownRedacted ? "hoptls-redacted.json" : "hoptls.json";
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 0);
});
