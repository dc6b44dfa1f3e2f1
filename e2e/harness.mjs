// What the browser tests share: the page served by scripts/serve-www on 127.0.0.1, Debian's
// chromium driven by playwright-core, and a fresh page per test with every request recorded
// (anything not local is aborted), CSP violations and console errors collected.

import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, before } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
// Without the background-networking flags chromium tries to reach its vendor's services.
const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

export const fixture = (path) => readFileSync(join(ROOT, "fixtures/eml", path));
export const golden = (path) => JSON.parse(readFileSync(join(ROOT, "fixtures/eml", path.replace(/\.eml$/, ".json")), "utf8"));
export const headerBlock = (bytes) => bytes.toString("utf8").split("\n\n")[0] + "\n";

let server;
let origin;
let browser;

async function startServer() {
  server = spawn(join(ROOT, "scripts/serve-www"), ["0"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  server.stderr.on("data", (chunk) => { log += chunk; });
  return new Promise((resolve, reject) => {
    let out = "";
    server.stdout.on("data", (chunk) => {
      out += chunk;
      const found = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (found) resolve(`http://127.0.0.1:${found[1]}`);
    });
    server.on("exit", (code) => reject(new Error(`serve-www exited with ${code}: ${out}${log}`)));
  });
}

/** Starts the server and the browser before the tests of the calling file, stops them after. */
export function useBrowser() {
  before(async () => {
    origin = await startServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  });
  after(async () => {
    await browser?.close();
    server?.kill();
  });
}

export const pageOrigin = () => origin;

// Whether a URL stays on this machine: the page's own server, or a blob the page made itself.
export const isLocal = (url) => url.startsWith(`${origin}/`) || url.startsWith(`blob:${origin}/`);

/**
 * A fresh page, loaded and ready (the worker has the module). `requests` lists every request
 * of the page and its worker; anything not local is aborted and listed in `outside` as well.
 */
export async function openPage({ colorScheme = "light", viewport = { width: 1000, height: 900 } } = {}) {
  const context = await browser.newContext({ colorScheme, viewport, acceptDownloads: true, serviceWorkers: "block" });
  const requests = [];
  const outside = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    outside.push(url);
    return route.abort();
  });
  context.on("request", (request) => requests.push(request.url()));
  const page = await context.newPage();
  const problems = [];
  page.on("console", (message) => { if (message.type() === "error") problems.push(message.text()); });
  page.on("pageerror", (error) => problems.push(String(error)));
  // Any refused load, script or style would show here; none is ever expected.
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (event) => {
      window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => document.getElementById("status").textContent.startsWith("Ready"));
  const check = async () => {
    assert.deepEqual(outside, [], "requests that left the machine");
    assert.deepEqual(requests.filter((url) => !isLocal(url)), []);
    assert.deepEqual(await page.evaluate(() => window.__violations), [], "CSP violations");
    assert.deepEqual(problems, [], "console errors");
  };
  return { page, context, requests, outside, check };
}

/** Waits for the answer to the newest request and returns the status line. */
export async function settled(page) {
  await page.waitForFunction(() => /analysed|could not be read|not applied/.test(document.getElementById("status").textContent));
  return page.textContent("#status");
}

/** Picks fixture files (by their path under fixtures/eml) as a person would, named as the browser names them. */
export async function pick(page, paths) {
  await page.setInputFiles("#files", paths.map((path) => ({
    name: path.split("/").pop(), mimeType: "message/rfc822", buffer: fixture(path),
  })));
}

/** What the picture says of each hop of one message. */
export function hopsShown(page, report = "#m1") {
  return page.$$eval(`${report} li.hop`, (hops) => hops.map((hop) => ({
    number: hop.querySelector(".hop-number").textContent,
    state: hop.querySelector(".hop-head .state").textContent,
    role: hop.querySelector(".hop-head .role-tag")?.textContent ?? null,
    claimed: hop.classList.contains("claimed"),
    weakest: hop.classList.contains("weakest"),
    facts: Object.fromEntries([...hop.querySelectorAll("dl.facts dt")].map((dt) => [dt.textContent, dt.nextElementSibling.textContent])),
    route: hop.querySelector(".route").textContent,
    raw: hop.querySelector("details pre").textContent,
  })));
}

// The words the page uses for the contract's states.
export const STATE_WORDS = { tls: "TLS", weak: "Weak TLS", plaintext: "Plaintext", local: "Local", unknown: "Not recorded" };
export const VERDICT_WORDS = { encrypted: "Encrypted", weak: "Weak TLS", plaintext: "Plaintext", unknown: "Unknown" };
export const stateWord = (hop) => (hop.encryption === "tls" && hop.weak ? STATE_WORDS.weak : STATE_WORDS[hop.encryption]);

/**
 * What header text could have turned into, if it were ever inserted as markup: elements that
 * are not the page's own, event-handler attributes, links other than the page's own anchors,
 * style attributes other than the delay bar's width, stylesheets other than style.css.
 */
export function intrusions(page) {
  return page.evaluate(() => ({
    scripts: [...document.scripts].map((s) => s.getAttribute("src")),
    foreign: document.querySelectorAll("img, iframe, object, embed, style, base, form, input:not(#files, #redact, #trusted-hosts, #trusted-networks, #trusted-authserv), video, audio, svg:not(.state svg), script:not([src='main.js']), b, i").length,
    handlers: [...document.querySelectorAll("*")].flatMap((node) => [...node.attributes].filter((a) => a.name.startsWith("on")).map((a) => `${node.tagName} ${a.name}`)),
    links: [...document.querySelectorAll("a")].map((a) => a.getAttribute("href")).filter((href) => !/^#m\d+(-hop-\d+|-auth)?$/.test(href)),
    styles: [...document.querySelectorAll("[style]")].filter((node) => !node.classList.contains("delay-bar") || !/^width: [\d.]+%;$/.test(node.getAttribute("style"))).length,
    stylesheets: document.styleSheets.length,
    background: getComputedStyle(document.body).backgroundImage,
  }));
}

/** Nothing of the above: what `intrusions` must give. */
export const NO_INTRUSION = { scripts: ["main.js"], foreign: 0, handlers: [], links: [], styles: 0, stylesheets: 1, background: "none" };
