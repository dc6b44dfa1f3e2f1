// The web page end to end, in Debian's chromium driven by playwright-core: the page is served
// by scripts/serve-www on 127.0.0.1 and used as a person would — pasting, picking and dropping
// files, clicking examples, reading the picture, downloading the JSON — while every request
// the browser makes is recorded.
//
// Run by scripts/test after scripts/build-www: `cd e2e && npm ci && node --test`.
// UPDATE_SCREENSHOT=1 also writes docs/screenshot.png (it is always written under target/).

import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
// Without the background-networking flags chromium tries to reach its vendor's services.
const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

const fixture = (path) => readFileSync(join(ROOT, "fixtures/eml", path));
const golden = (path) => JSON.parse(readFileSync(join(ROOT, "fixtures/eml", path.replace(/\.eml$/, ".json")), "utf8"));
const headerBlock = (bytes) => bytes.toString("utf8").split("\n\n")[0] + "\n";

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

before(async () => {
  origin = await startServer();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
});

after(async () => {
  await browser?.close();
  server?.kill();
});

// Whether a URL stays on this machine: the page's own server, or a blob the page made itself.
const isLocal = (url) => url.startsWith(`${origin}/`) || url.startsWith(`blob:${origin}/`);

/**
 * A fresh page, loaded and ready (the worker has the module). `requests` lists every request
 * of the page and its worker; anything not local is aborted and listed in `outside` as well.
 */
async function openPage({ colorScheme = "light", viewport = { width: 1000, height: 900 } } = {}) {
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
async function settled(page) {
  await page.waitForFunction(() => /analysed|could not be read/.test(document.getElementById("status").textContent));
  return page.textContent("#status");
}

/** What the picture says of each hop of one message. */
function hopsShown(page, report = "#m1") {
  return page.$$eval(`${report} li.hop`, (hops) => hops.map((hop) => ({
    number: hop.querySelector(".hop-number").textContent,
    state: hop.querySelector(".hop-head .state").textContent,
    weakest: hop.classList.contains("weakest"),
    facts: Object.fromEntries([...hop.querySelectorAll("dl.facts dt")].map((dt) => [dt.textContent, dt.nextElementSibling.textContent])),
    route: hop.querySelector(".route").textContent,
    raw: hop.querySelector("details pre").textContent,
  })));
}

// The words the page uses for the contract's states.
const STATE_WORDS = { tls: "TLS", weak: "Weak TLS", plaintext: "Plaintext", local: "Local", unknown: "Not recorded" };
const VERDICT_WORDS = { encrypted: "Encrypted", weak: "Weak TLS", plaintext: "Plaintext", unknown: "Unknown" };
const stateWord = (hop) => (hop.encryption === "tls" && hop.weak ? STATE_WORDS.weak : STATE_WORDS[hop.encryption]);

describe("the hoptls page", () => {
  test("pasted headers are analysed as typed, with no request, and drawn hop by hop", async () => {
    const { page, context, requests, check } = await openPage();
    const expected = golden("plaintext/relay-drops-tls.eml");
    const sent = requests.length;
    // fill() fires the input event: the page analyses after its pause, with no button.
    await page.fill("#paste", headerBlock(fixture("plaintext/relay-drops-tls.eml")));
    assert.match(await settled(page), /^1 message analysed \(pasted text\)/);

    const hops = await hopsShown(page);
    assert.deepEqual(hops.map((hop) => hop.state), ["TLS", "TLS", "Plaintext", "Local"]);
    assert.deepEqual(hops.map((hop) => hop.state), expected.hops.map(stateWord));
    assert.deepEqual(hops.map((hop) => hop.facts["TLS version"] ?? null), ["TLSv1.3", "TLSv1.2", null, null]);
    assert.equal(hops[0].facts.Cipher, "TLS_AES_256_GCM_SHA384 (256 bits)");
    assert.deepEqual(hops.map((hop) => hop.weakest), [false, false, true, false]);
    assert.deepEqual(hops.map((hop) => hop.raw), expected.hops.map((hop) => hop.raw));
    assert.match(hops[2].route, /relay\.example\.net.*→mx\.example\.com/);

    assert.equal(await page.textContent("#m1 .verdict .state"), "Plaintext");
    assert.equal(await page.textContent("#m1 .verdict .reason"), "Weakest: hop 3 travelled in plaintext; lowest TLS version TLSv1.2");
    assert.equal(await page.textContent("#m1 .endpoint:first-child .host"), "[192.0.2.7]");
    assert.equal(await page.textContent("#m1 .endpoint.last .host"), "imap.example.com");
    assert.deepEqual(await page.$$eval("#m1 .delay-text", (spans) => spans.map((s) => s.textContent)), ["first hop", "+1 s", "+2 s", "+1 s"]);
    assert.equal(await page.$("table.summary"), null, "no table for one message");

    // The Analyze button gives the same answer at once.
    await page.click("#analyze");
    await settled(page);
    assert.equal((await hopsShown(page)).length, 4);
    assert.equal(requests.length, sent, `requests while analysing: ${requests.slice(sent)}`);
    await check();
    await context.close();
  });

  test("files from the picker are analysed together, summarised, and downloaded as the CLI's JSON", async () => {
    const { page, context, requests, check } = await openPage();
    const names = ["weak/gmail-tls10-3des.eml", "chains/exim-496-tls13.eml"];
    const sent = requests.length;
    await page.setInputFiles("#files", names.map((path) => ({
      name: path.split("/")[1], mimeType: "message/rfc822", buffer: fixture(path),
    })));
    assert.equal(await settled(page), "2 messages analysed");
    const rows = await page.$$eval("table.summary tbody tr", (trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
    const links = await page.$$eval("table.summary tbody td.source a", (as) => as.map((a) => a.textContent));
    assert.deepEqual(links, ["gmail-tls10-3des.eml", "exim-496-tls13.eml"]);
    assert.deepEqual(rows.map((row) => row[1]), ["Weak TLS", "Encrypted"]);
    assert.deepEqual(rows.map((row) => row[3]), names.map((path) => golden(path).summary.weakest_version));
    assert.deepEqual((await hopsShown(page, "#m1")).map((hop) => hop.state), golden(names[0]).hops.map(stateWord));
    assert.deepEqual((await hopsShown(page, "#m2")).map((hop) => hop.state), golden(names[1]).hops.map(stateWord));
    assert.equal(requests.length, sent, `requests while analysing: ${requests.slice(sent)}`);

    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
    assert.equal(download.suggestedFilename(), "hoptls.json");
    const downloaded = JSON.parse(readFileSync(await download.path(), "utf8"));
    const expected = names.map((path) => ({ ...golden(path), source: path.split("/")[1] }));
    assert.deepEqual(downloaded, expected, "the download is the contract, as hoptls --format json prints it");
    assert.deepEqual(requests.slice(sent).filter((url) => !url.startsWith("blob:")), [], "the download fetched nothing");
    await check();
    await context.close();
  });

  test("dropped files: an mbox is split, a bad file is reported, the rest is still shown", async () => {
    const { page, context, requests, check } = await openPage();
    const one = fixture("providers/stalwart-rustls.eml").toString("utf8");
    const two = fixture("plaintext/exim-esmtpa-auth-without-tls.eml").toString("utf8");
    const mbox = `From ana@example.org Tue Dec  3 09:15:02 2024\n${one}\nFrom bo@example.net Tue Dec  3 09:16:02 2024\n${two}`;
    const sent = requests.length;
    const files = [
      { name: "inbox.mbox", text: mbox },
      { name: "weak.eml", text: fixture("weak/cpanel-exim-no-pfs.eml").toString("utf8") },
      { name: "photo.eml", text: "\u0000\u0000\u0000\u0000PNG" },
    ];
    const transfer = await page.evaluateHandle((list) => {
      const data = new DataTransfer();
      for (const { name, text } of list) data.items.add(new File([text], name));
      return data;
    }, files);
    await page.dispatchEvent("body", "dragenter", { dataTransfer: transfer });
    assert.equal(await page.isVisible("#drop-overlay"), true, "the page shows where to drop");
    await page.dispatchEvent("body", "drop", { dataTransfer: transfer });
    assert.equal(await settled(page), "3 messages analysed; 1 could not be read");
    assert.equal(await page.isVisible("#drop-overlay"), false);
    const sources = await page.$$eval("table.summary tbody td.source a", (links) => links.map((a) => a.textContent));
    assert.deepEqual(sources, ["inbox.mbox#1", "inbox.mbox#2", "weak.eml"]);
    const verdicts = await page.$$eval("table.summary tbody tr td:nth-child(2)", (tds) => tds.map((td) => td.textContent));
    assert.deepEqual(verdicts, ["Encrypted", "Plaintext", "Weak TLS"]);
    assert.match(await page.textContent(".failures"), /photo\.eml: binary data, not an email message/);
    assert.equal(requests.length, sent, `requests while analysing: ${requests.slice(sent)}`);
    await check();
    await context.close();
  });

  test("every example button loads the project's own fixture, with one request to the local server", async () => {
    const { page, context, requests, check } = await openPage();
    const examples = await page.$$eval("button[data-example]", (buttons) => buttons.map((b) => b.dataset.example));
    assert.ok(examples.length >= 3, "a few examples");
    const paths = new Map(readdirSync(join(ROOT, "fixtures/eml"), { recursive: true }).map((p) => [p.split("/").pop(), p]));
    for (const name of examples) {
      assert.ok(paths.has(name), `${name} is a fixture`);
      const sent = requests.length;
      await page.click(`button[data-example="${name}"]`);
      await page.waitForFunction((n) => document.querySelector("#m1 .meta .source")?.textContent === n, name);
      const expected = golden(paths.get(name));
      assert.equal(await page.textContent("#m1 .verdict .state"), VERDICT_WORDS[expected.summary.verdict], name);
      assert.deepEqual((await hopsShown(page)).map((hop) => hop.state), expected.hops.map(stateWord), name);
      assert.equal(await page.inputValue("#paste"), fixture(paths.get(name)).toString("utf8"), "the example is shown in the paste box");
      assert.deepEqual(requests.slice(sent), [`${origin}/examples/${name}`]);
    }
    await check();
    await context.close();
  });

  test("header text is only ever text: payloads in every shown field run nothing and load nothing", async () => {
    const { page, context, requests, check } = await openPage();
    const hostile = readFileSync(join(ROOT, "e2e/hostile.eml"), "utf8");
    const sent = requests.length;
    await page.fill("#paste", hostile);
    await page.click("#analyze");
    await settled(page);
    // The same message as a file whose name is a payload too, and a bad one whose error names it.
    await page.setInputFiles("#files", [
      { name: `"><img src=x onerror="window.__pwned='file'">.eml`, mimeType: "message/rfc822", buffer: Buffer.from(hostile) },
      { name: "<script>window.__pwned='error'</script>.eml", mimeType: "message/rfc822", buffer: Buffer.from("\0\0\0\0") },
    ]);
    assert.equal(await settled(page), `1 message analysed ("><img src=x onerror="window.__pwned='file'">.eml); 1 could not be read`);
    for (const details of await page.$$("details")) await details.evaluate((d) => { d.open = true; });
    await page.waitForTimeout(200);

    assert.equal(await page.evaluate(() => window.__pwned), undefined, "no payload ran");
    const text = await page.textContent("body");
    const report = (await page.evaluate(() => document.querySelector("#m1 .meta .source").textContent));
    assert.equal(report, `"><img src=x onerror="window.__pwned='file'">.eml`);
    // Each payload that the reading puts in a shown field is shown literally.
    for (const shown of [
      "ECDHE<img/src/onerror=window.__pwned=3>",
      "<img src=x onerror=\"window.__pwned=8\"><script>window.__pwned=9</script></textarea>",
      "javascript:window.__pwned=7",
      "</style>",
      "<script>window.__pwned='error'</script>.eml: binary data, not an email message",
    ]) {
      assert.ok(text.includes(shown), `shown as text: ${shown}`);
    }
    assert.equal(await page.textContent("#m1 h3"), "<img src=x onerror=\"window.__pwned=8\"><script>window.__pwned=9</script></textarea>");
    // Every Received line, whole, in its <pre>.
    const raws = await page.$$eval("#m1 details pre", (pres) => pres.map((p) => p.textContent));
    for (const payload of ["<svg/onload=window.__pwned=1>", "'><img/src/onerror=window.__pwned=2>", "</textarea><script>window.__pwned=12</script>", "a}*{background:url(http://203.0.113.9/css)}"]) {
      assert.ok(raws.some((raw) => raw.includes(payload)), `raw line keeps ${payload}`);
    }

    // Nothing became an element, an attribute, a link or a style.
    const dom = await page.evaluate(() => ({
      scripts: [...document.scripts].map((s) => s.getAttribute("src")),
      foreign: document.querySelectorAll("img, iframe, object, embed, style, base, form, input:not(#files), video, audio, svg:not(.state svg), script:not([src='main.js'])").length,
      handlers: [...document.querySelectorAll("*")].flatMap((node) => [...node.attributes].filter((a) => a.name.startsWith("on")).map((a) => `${node.tagName} ${a.name}`)),
      links: [...document.querySelectorAll("a")].map((a) => a.getAttribute("href")).filter((href) => !/^#m\d+(-hop-\d+)?$/.test(href)),
      styles: [...document.querySelectorAll("[style]")].filter((node) => !node.classList.contains("delay-bar") || !/^width: [\d.]+%;$/.test(node.getAttribute("style"))).length,
      stylesheets: document.styleSheets.length,
      background: getComputedStyle(document.body).backgroundImage,
    }));
    assert.deepEqual(dom, { scripts: ["main.js"], foreign: 0, handlers: [], links: [], styles: 0, stylesheets: 1, background: "none" });
    assert.equal(requests.length, sent, `requests: ${requests.slice(sent)}`);
    await check();
    await context.close();
  });

  test("connections: the page may open none, its worker only its own server", async () => {
    const { page, context, requests, outside } = await openPage();
    const sent = requests.length;
    // Both refusals come from the policies, before any request: the router never sees them.
    const fromPage = await page.evaluate(() => fetch("/index.html").then(() => "fetched", () => "refused"));
    assert.equal(fromPage, "refused", "the document's connect-src is 'none'");
    const [worker] = page.workers();
    assert.ok(worker, "the analysis runs in a worker");
    const fromWorker = await worker.evaluate(() => fetch("http://203.0.113.9/").then(() => "fetched", () => "refused"));
    assert.equal(fromWorker, "refused", "the worker's connect-src is 'self'");
    const own = await worker.evaluate(() => fetch("/index.html").then((r) => r.status));
    assert.equal(own, 200, "the worker fetches the page's own files");
    assert.deepEqual(requests.slice(sent), [`${origin}/index.html`]);
    assert.deepEqual(outside, []);
    const violations = await page.evaluate(() => window.__violations);
    // Reported twice: the <meta> policy and serve-www's header each forbid it.
    assert.deepEqual(violations, Array(2).fill(`connect-src ${origin}/index.html`));
    await context.close();
  });

  test("keyboard: a visible focus in a sensible order, examples and raw lines work with keys", async () => {
    const { page, context, check } = await openPage();
    const order = [];
    for (let i = 0; i < 5; i += 1) {
      await page.keyboard.press("Tab");
      order.push(await page.evaluate(() => document.activeElement.id || document.activeElement.dataset.example));
    }
    assert.deepEqual(order, ["paste", "analyze", "clear", "files", "relay-drops-tls.eml"]);
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, "none", "the focused button shows it");
    await page.keyboard.press("Enter");
    await settled(page);
    await page.focus("#m1 li.hop summary");
    await page.keyboard.press("Enter");
    assert.equal(await page.$eval("#m1 li.hop details", (d) => d.open), true);
    await check();
    await context.close();
  });

  for (const colorScheme of ["light", "dark"]) {
    test(`${colorScheme} mode: every state's word is readable on its background (WCAG AA)`, async () => {
      const { page, context, check } = await openPage({ colorScheme });
      await page.click('button[data-example="gmail-tls10-3des.eml"]');
      await settled(page);
      await page.click('button[data-example="sendgrid-go-timestamps.eml"]');
      await page.waitForFunction(() => document.querySelector("#m1 .meta .source")?.textContent === "sendgrid-go-timestamps.eml");
      const contrasts = await page.evaluate(() => {
        const rgb = (text) => text.match(/[\d.]+/g).slice(0, 3).map(Number);
        const luminance = (c) => {
          const [r, g, b] = c.map((v) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; });
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const ratio = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
        return [...document.querySelectorAll(".state")].map((node) => {
          const style = getComputedStyle(node);
          return [node.className, ratio(rgb(style.color), rgb(style.backgroundColor))];
        }).concat([["body", ratio(rgb(getComputedStyle(document.body).color), rgb(getComputedStyle(document.body).backgroundColor))]]);
      });
      assert.ok(new Set(contrasts.map(([name]) => name)).size >= 4, "several states on screen");
      for (const [name, ratio] of contrasts) assert.ok(ratio >= 4.5, `${name}: contrast ${ratio.toFixed(2)}`);
      const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(dark === "rgb(21, 23, 27)", colorScheme === "dark", `background ${dark}`);
      await check();
      await context.close();
    });
  }

  test("phone width: nothing is wider than the screen; the timeline screenshot for README", async () => {
    const phone = await openPage({ viewport: { width: 360, height: 740 } });
    await phone.page.click('button[data-example="relay-drops-tls.eml"]');
    await settled(phone.page);
    const widths = await phone.page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(widths[0] <= widths[1], `page ${widths[0]} px wide on a ${widths[1]} px screen`);
    await phone.check();
    await phone.context.close();

    const { page, context, check } = await openPage({ viewport: { width: 900, height: 900 } });
    await page.click('button[data-example="relay-drops-tls.eml"]');
    await settled(page);
    await page.$eval("#m1-hop-3 details", (d) => { d.open = true; });
    mkdirSync(join(ROOT, "target"), { recursive: true });
    const shot = join(ROOT, "target/page-screenshot.png");
    await (await page.$("#m1")).screenshot({ path: shot });
    if (process.env.UPDATE_SCREENSHOT) copyFileSync(shot, join(ROOT, "docs/screenshot.png"));
    await check();
    await context.close();
  });
});
