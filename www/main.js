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

const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });

// Each request has a number; an answer to anything but the newest is dropped, so that a slow
// answer never overwrites a newer one.
let latest = 0;
let reports = [];

function say(text, isError = false) {
  status.textContent = text;
  status.classList.toggle("error", isError);
}

function request(message, what) {
  latest += 1;
  say(`Analysing ${what}…`);
  worker.postMessage({ ...message, id: latest });
}

function clearResults() {
  latest += 1;
  reports = [];
  output.replaceChildren();
  download.disabled = true;
}

function show(answer) {
  reports = [];
  const failures = [];
  for (const input of answer.inputs) {
    // The worker hands over the contract JSON exactly as hoptls-wasm printed it.
    if (input.json !== null) reports.push(...JSON.parse(input.json));
    failures.push(...input.errors);
  }
  output.replaceChildren(resultsView(reports, failures));
  download.disabled = reports.length === 0;
  const counted = reports.length === 1
    ? `1 message analysed (${describeSource(reports[0].source)})`
    : `${reports.length} messages analysed`;
  const failed = failures.length ? `; ${failures.length} could not be read` : "";
  say(counted + failed, reports.length === 0);
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
    case "result":
      if (data.id !== latest) return;
      if (typeof data.text === "string") paste.value = data.text;
      show(data);
      break;
  }
});
worker.addEventListener("error", () => say("The analyser failed to start.", true));

// Pasted text is analysed as it is typed or pasted (after a short pause), or at once on Analyze.
let pause = 0;
function analysePaste() {
  clearTimeout(pause);
  if (paste.value.trim() === "") {
    clearResults();
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
  clearResults();
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

// The JSON is made here, from the objects on screen: a Blob, never an upload.
download.addEventListener("click", () => {
  const blob = new Blob([`${JSON.stringify(reports, null, 2)}\n`], { type: "application/json" });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = "hoptls.json";
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 0);
});
