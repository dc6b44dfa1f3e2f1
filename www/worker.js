// Runs hoptls-wasm off the page's thread, so that a large input never freezes the page.
// Requests: {id, type: "text", text} | {id, type: "files", files: File[]} | {id, type: "example", name}.
// Answer: {type: "result", id, inputs: [{json, errors}], text?}, where `json` is the contract
// array exactly as hoptls-wasm printed it (null when the input could not be read).

import init, { analyze, analyzeText, version } from "./pkg/hoptls_wasm.js";

// Pasted text is named as hoptls names standard input (hoptls_wasm::PASTED).
const PASTED = "-";
// Examples are the page's own files; the name comes from a button, but is checked anyway.
const EXAMPLE = /^[a-z0-9-]+\.eml$/;

const ready = init().then(
  () => postMessage({ type: "ready", version: version() }),
  (error) => {
    postMessage({ type: "fatal", message: `The analyser could not start: ${error}` });
    throw error;
  },
);

function run(analysis) {
  try {
    const result = analysis();
    const answer = { json: result.json, errors: result.errors };
    result.free();
    return answer;
  } catch (error) {
    // hoptls-wasm throws an Error whose message names the input.
    return { json: null, errors: [error instanceof Error ? error.message : String(error)] };
  }
}

async function readFiles(files) {
  const inputs = [];
  for (const file of files) {
    let bytes;
    try {
      bytes = new Uint8Array(await file.arrayBuffer());
    } catch (error) {
      inputs.push({ json: null, errors: [`${file.name}: cannot read the file (${error.message})`] });
      continue;
    }
    inputs.push(run(() => analyze(file.name, bytes)));
  }
  return inputs;
}

async function example(name) {
  if (!EXAMPLE.test(name)) return { inputs: [{ json: null, errors: [`${name}: not an example`] }] };
  let bytes;
  try {
    // The only request the page makes after loading: one of its own files, on its own server.
    const response = await fetch(new URL(`./examples/${name}`, import.meta.url));
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    return { inputs: [{ json: null, errors: [`${name}: example not loaded (${error.message}); run scripts/build-www`] }] };
  }
  return { inputs: [run(() => analyze(name, bytes))], text: new TextDecoder().decode(bytes) };
}

addEventListener("message", async ({ data }) => {
  try {
    await ready;
  } catch {
    return;
  }
  let answer;
  switch (data.type) {
    case "text":
      answer = { inputs: [run(() => analyzeText(PASTED, data.text))] };
      break;
    case "files":
      answer = { inputs: await readFiles(data.files) };
      break;
    case "example":
      answer = await example(data.name);
      break;
    default:
      return;
  }
  postMessage({ type: "result", id: data.id, ...answer });
});
