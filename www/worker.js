// Runs hoptls-wasm off the page's thread, so that a large input never freezes the page.
// Requests: {id, type: "text", text, settings} | {id, type: "files", files: File[], settings}
//         | {id, type: "example", name, settings} | {id, type: "rerun", settings}
//         | {id, type: "check", settings} | {type: "forget"}.
// `settings` is {redact, hosts, networks, authserv}: a boolean and three arrays of strings.
// Answer: {type: "result", id, inputs: [{json, errors, authTrust}], text?, settingsError?}, where
// `json` is the contract array exactly as hoptls-wasm printed it (null when the input could not
// be read) and `authTrust` the codes saying why each authentication result is trusted or not.
// "check" only reads the settings, when there is nothing to analyse: {type: "checked", id,
// settingsError?}.
//
// The inputs of the newest request are kept here, in this worker's memory only, so that
// turning redaction on or changing the trust settings analyses them again without asking for
// them again; "forget" (the page's Clear) drops them.

import init, { Analyser, version } from "./pkg/hoptls_wasm.js";

// Pasted text is named as hoptls names standard input (hoptls_wasm::PASTED).
const PASTED = "-";
// Examples are the page's own files; the name comes from a button, but is checked anyway.
const EXAMPLE = /^[a-z0-9-]+\.eml$/;

// Whether the module started; nothing is analysed when it did not.
const ready = init().then(
  () => {
    postMessage({ type: "ready", version: version() });
    return true;
  },
  (error) => {
    postMessage({ type: "fatal", message: `The analyser could not start: ${error}` });
    return false;
  },
);

// What the newest request gave: [{name, bytes} | {name, text} | {error}].
let kept = [];

const list = (value) => (Array.isArray(value) ? value.map(String) : []);

/** One analysis: every kept input through one Analyser, so that redaction tokens are shared. */
function analyse(inputs, settings) {
  let analyser;
  try {
    analyser = new Analyser(settings?.redact === true, list(settings?.hosts), list(settings?.networks), list(settings?.authserv));
  } catch (error) {
    // hoptls-wasm names the field and the entry.
    return { inputs: [], settingsError: error instanceof Error ? error.message : String(error) };
  }
  try {
    return { inputs: inputs.map((input) => run(analyser, input)) };
  } finally {
    analyser.free();
  }
}

function run(analyser, input) {
  if (input.error) return { json: null, errors: [input.error], authTrust: "[]" };
  try {
    const result = "text" in input ? analyser.analyzeText(input.name, input.text) : analyser.analyze(input.name, input.bytes);
    const answer = { json: result.json, errors: result.errors, authTrust: result.authTrust };
    result.free();
    return answer;
  } catch (error) {
    // hoptls-wasm throws an Error whose message names the input.
    return { json: null, errors: [error instanceof Error ? error.message : String(error)], authTrust: "[]" };
  }
}

async function readFiles(files) {
  const inputs = [];
  for (const file of files) {
    try {
      inputs.push({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
    } catch (error) {
      inputs.push({ error: `${file.name}: cannot read the file (${error.message})` });
    }
  }
  return inputs;
}

async function example(name) {
  if (!EXAMPLE.test(name)) return [{ error: `${name}: not an example` }];
  try {
    // The only request the page makes after loading: one of its own files, on its own server.
    const response = await fetch(new URL(`./examples/${name}`, import.meta.url));
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return [{ name, bytes: new Uint8Array(await response.arrayBuffer()) }];
  } catch (error) {
    return [{ error: `${name}: example not loaded (${error.message}); run scripts/build-www` }];
  }
}

async function handle(data) {
  let text;
  switch (data.type) {
    case "text":
      kept = [{ name: PASTED, text: data.text }];
      break;
    case "files":
      kept = await readFiles(data.files);
      break;
    case "example":
      kept = await example(data.name);
      if (kept[0].bytes) text = new TextDecoder().decode(kept[0].bytes);
      break;
    case "rerun":
      break;
    case "check": {
      const { settingsError } = analyse([], data.settings);
      postMessage({ type: "checked", id: data.id, ...(settingsError === undefined ? {} : { settingsError }) });
      return;
    }
    case "forget":
      kept = [];
      return;
    default:
      return;
  }
  const answer = analyse(kept, data.settings);
  postMessage({ type: "result", id: data.id, ...answer, ...(text === undefined ? {} : { text }) });
}

// One request at a time, in the order sent: reading files takes a while, and a request sent
// meanwhile must find `kept` as the requests before it left it.
let queue = ready;
addEventListener("message", ({ data }) => {
  queue = queue.then(async () => {
    if (await ready) await handle(data);
  }).catch((error) => postMessage({ type: "fatal", message: `The analyser failed: ${error}` }));
});
