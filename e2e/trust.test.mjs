// The other half of the page, end to end in headless chromium: hop roles and the trust
// boundary, the authentication results and why each is trusted or not, chain integrity,
// TLS-Required, the redact switch and the trust settings — each compared with what hoptls-core
// says: the fixtures' golden JSON, and e2e/golden/*.json, which `cargo test -p hoptls-wasm
// --test options` makes with the core from e2e/golden/scenarios.json.
//
// The page's own rendering of three trust fixtures is kept as text in e2e/golden/*.txt, so that
// a change in what the page shows appears in review; UPDATE_GOLDEN=1 rewrites those files.

import { strict as assert } from "node:assert";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import {
  NO_INTRUSION, ROOT, VERDICT_WORDS, fixture, golden, headerBlock, hopsShown, intrusions, openPage, pick, settled,
  stateWord, useBrowser,
} from "./harness.mjs";

useBrowser();

const GOLDEN = join(ROOT, "e2e/golden");
const scenarios = JSON.parse(readFileSync(join(GOLDEN, "scenarios.json"), "utf8"));
const scenario = (file) => {
  const found = scenarios.find((s) => s.golden === file);
  assert.ok(found, `${file} in scenarios.json`);
  return { ...found, expected: JSON.parse(readFileSync(join(GOLDEN, file), "utf8")) };
};

// The words of docs/web-page.md for each role.
function roleWord(hop, report) {
  const receiver = report.trust.method === "configured" ? "your hosts" : report.trust.receiver.join(" / ");
  return {
    boundary: `Boundary: entered ${receiver} here`,
    receiver: "Receiver’s own hop",
    local: "Receiver’s side, on one machine",
    sender: "Claimed by the sender — not verifiable",
  }[hop.role];
}
const METHOD_WORDS = { chain: "found from the chain", configured: "from your trust settings", none: "no hop to judge" };
const INTEGRITY = new Set(["chain-break", "repeated-hop", "older-header-block", "invented-protocol", "impossible-address", "clock-skew"]);
const resultBadge = (label, result) => (result === null ? `${label}: no trusted result` : `${label} ${result}`);

/** What the page shows of one message's trust and authentication. */
function trustShown(page, report) {
  return page.$eval(report, (article) => ({
    verdict: article.querySelector(".verdict .state").textContent,
    split: [...article.querySelectorAll(".verdict .split .state")].map((s) => s.textContent),
    badges: [...article.querySelectorAll(".auth-badges .state")].map((s) => s.textContent),
    authNone: article.querySelector(".auth-none")?.textContent ?? null,
    where: article.querySelector(".trust-where").textContent,
    explanation: article.querySelector(".trust .explanation")?.textContent ?? null,
    // Which hop comes right after the boundary line, if there is one.
    lines: [...article.querySelectorAll(".timeline > li.trust-line")].map((line) => line.nextElementSibling.querySelector(".hop-number").textContent),
    hopAuth: [...article.querySelectorAll("li.hop")].map((hop) => hop.querySelector(".hop-auth")?.textContent ?? null),
    table: [...article.querySelectorAll("table.auth-table tbody tr")].map((tr) => ({
      trusted: tr.classList.contains("trusted"),
      cells: [...tr.cells].map((td) => td.textContent),
      properties: [...tr.querySelectorAll("ul.properties li")].map((li) => li.textContent),
    })),
    integrity: [...article.querySelectorAll(".integrity li .code")].map((c) => c.textContent),
    rest: [...article.querySelectorAll(".message-findings li .code")].map((c) => c.textContent),
    tlsRequired: article.querySelector(".tls-required")?.textContent ?? null,
  }));
}

/** Everything the fixture's golden JSON says that the page must show, as the page shows it. */
function expectedTrust(report) {
  const s = report.summary;
  const differ = s.trusted_verdict !== s.verdict || (s.claimed_verdict !== null && s.claimed_verdict !== s.verdict);
  const boundary = report.hops.findIndex((hop) => hop.role === "boundary");
  return {
    verdict: VERDICT_WORDS[s.verdict],
    split: differ ? [s.trusted_verdict, s.claimed_verdict].filter((v) => v !== null).map((v) => VERDICT_WORDS[v]) : [],
    badges: report.auth.length ? [resultBadge("SPF", s.spf), resultBadge("DKIM", s.dkim), resultBadge("DMARC", s.dmarc)] : [],
    where: `Trust boundary: ${report.trust.boundary === null ? "none" : `hop ${report.trust.boundary}`} (${METHOD_WORDS[report.trust.method]})`,
    explanation: report.trust.explanation,
    lines: boundary > 0 && report.hops[boundary - 1].claimed ? [`Hop ${report.hops[boundary].index}`] : [],
    table: report.auth.map((entry) => ({
      trusted: entry.trusted,
      method: entry.method,
      result: entry.result,
      authserv: entry.authserv_id ?? "(none)",
      header: entry.instance === null ? entry.header : `${entry.header} i=${entry.instance}`,
      hop: entry.hop === null ? "—" : String(entry.hop),
      why: entry.trusted ? /^✓ Trusted/ : /^✗ Not trusted: /,
      properties: Object.entries(entry.properties).map(([k, v]) => `${k}=${v}`),
    })),
  };
}

function assertTrust(shown, report, name) {
  const expected = expectedTrust(report);
  assert.equal(shown.verdict, expected.verdict, `${name}: verdict`);
  assert.deepEqual(shown.split, expected.split, `${name}: the verdicts of the two halves`);
  assert.deepEqual(shown.badges, expected.badges, `${name}: trusted SPF, DKIM, DMARC`);
  if (report.auth.length === 0) assert.match(shown.authNone, /^No Authentication-Results/, name);
  assert.equal(shown.where, expected.where, `${name}: where the boundary is`);
  assert.equal(shown.explanation, expected.explanation, `${name}: the core's explanation`);
  assert.deepEqual(shown.lines, expected.lines, `${name}: the boundary line stands right above the boundary hop`);
  assert.equal(shown.table.length, expected.table.length, `${name}: one row per result`);
  shown.table.forEach((row, i) => {
    const want = expected.table[i];
    const [method, result, authserv, header, hop, why] = row.cells;
    assert.deepEqual([row.trusted, method, result, authserv, header, hop], [want.trusted, want.method, want.result, want.authserv, want.header, want.hop], `${name}: result ${i + 1}`);
    assert.match(why, want.why, `${name}: result ${i + 1} says whether it is trusted, and why`);
    assert.deepEqual(row.properties, want.properties, `${name}: result ${i + 1} properties`);
  });
  report.hops.forEach((hop, i) => {
    const written = report.auth.filter((entry) => entry.hop === hop.index);
    if (written.length === 0) assert.equal(shown.hopAuth[i], null, `${name}: hop ${hop.index} wrote no result`);
    else for (const entry of written) assert.ok(shown.hopAuth[i].includes(`${entry.method}=${entry.result}`), `${name}: hop ${hop.index} shows ${entry.method}`);
  });
}

/** The page's visible text of one message, one line per rendered line, spaces collapsed. */
const normalise = (text) => `${text.split("\n").map((line) => line.replace(/\s+/g, " ").trim()).filter(Boolean).join("\n")}\n`;

/** Dotted names with an alphabetic top label in a header block (not `header.from=`-like keys). */
function hostNames(text) {
  const names = new Set();
  for (const match of text.matchAll(/[A-Za-z0-9._-]+/g)) {
    const word = match[0].replace(/^\.+|\.+$/g, "").toLowerCase();
    const labels = word.split(".");
    const property = text[match.index + match[0].length] === "=";
    if (!property && labels.length >= 2 && labels.every((l) => l !== "") && /^[a-z]{2,}$/.test(labels.at(-1))) names.add(word);
  }
  return [...names];
}

/** The addresses a message's hops recorded, without loopback (which redaction keeps). */
function addresses(report) {
  return report.hops.flatMap((hop) => [hop.from?.ip]).filter((ip) => ip && !/^127\.|^::1$/.test(ip));
}
// An address as a whole word: 192.0.2.1 must not match inside 192.0.2.12.
const addressIn = (text, ip) => new RegExp(`(?<![\\w.:])${ip.replace(/[.]/g, "\\.")}(?![\\w.:])`).test(text);

async function download(page) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), "utf8") };
}

async function visibleText(page) {
  for (const details of await page.$$("#output details")) await details.evaluate((d) => { d.open = true; });
  return page.evaluate(() => document.body.innerText);
}

describe("trust, authentication and sharing on the page", () => {
  test("trust fixtures: roles, the boundary, claimed hops, both verdicts and every auth result as the golden JSON says", async () => {
    const { page, context, requests, check } = await openPage();
    const names = ["trust/forged-long-claimed-chain.eml", "trust/forged-ar-below-boundary.eml", "trust/m365-inbound-edge.eml", "trust/gmail-to-gmail-workspace.eml", "trust/foreign-authserv-above.eml"];
    const sent = requests.length;
    await pick(page, names);
    assert.equal(await settled(page), `${names.length} messages analysed`);
    const rows = await page.$$eval("table.summary tbody tr", (trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
    for (const [i, name] of names.entries()) {
      const report = golden(name);
      const hops = await hopsShown(page, `#m${i + 1}`);
      assert.deepEqual(hops.map((hop) => hop.role), report.hops.map((hop) => roleWord(hop, report)), `${name}: roles`);
      assert.deepEqual(hops.map((hop) => hop.claimed), report.hops.map((hop) => hop.claimed), `${name}: claimed hops drawn as claims`);
      assert.deepEqual(hops.map((hop) => hop.state), report.hops.map(stateWord), `${name}: states`);
      assertTrust(await trustShown(page, `#m${i + 1}`), report, name);
      // The summary table: the verdict, the receiver's hops' verdict, and the trusted results.
      const s = report.summary;
      assert.deepEqual(rows[i].slice(1, 6), [VERDICT_WORDS[s.verdict], VERDICT_WORDS[s.trusted_verdict], s.spf ?? "—", s.dkim ?? "—", s.dmarc ?? "—"], `${name}: summary row`);
    }
    // Claimed hops look different: a dashed card, not only a different word.
    const styles = await page.$$eval("#m1 li.hop .hop-card", (cards) => cards.map((card) => getComputedStyle(card).borderTopStyle));
    assert.deepEqual(styles, golden(names[0]).hops.map((hop) => (hop.claimed ? "dashed" : "solid")));
    assert.equal(requests.length, sent, `requests while analysing: ${requests.slice(sent)}`);
    await check();
    await context.close();
  });

  test("chain-integrity findings are gathered at the top, and TLS-Required: No is shown", async () => {
    const { page, context, check } = await openPage();
    const names = [
      "trust/claimed-chain-break.eml", "trust/repeated-hop.eml", "trust/forwarded-pasted-block.eml", "trust/invented-protocol-nnfmp.eml",
      "trust/impossible-address.eml", "trust/clock-skew-claimed.eml", "trust/tls-required-no-plaintext-boundary.eml",
    ];
    await pick(page, names);
    await settled(page);
    const seen = new Set();
    for (const [i, name] of names.entries()) {
      const report = golden(name);
      const shown = await trustShown(page, `#m${i + 1}`);
      const codes = [...report.findings, ...report.hops.flatMap((hop) => hop.findings)].map((f) => f.code);
      assert.deepEqual(shown.integrity, codes.filter((code) => INTEGRITY.has(code)).map((code) => `(${code})`), `${name}: integrity box`);
      assert.deepEqual(shown.rest, report.findings.map((f) => f.code).filter((code) => !INTEGRITY.has(code)).map((code) => `(${code})`), `${name}: the other message findings`);
      for (const code of codes) seen.add(code);
      if (report.message.tls_required === "no") assert.match(shown.tlsRequired, /^TLS-Required: No — the sender asked/, name);
      else assert.equal(shown.tlsRequired, null, name);
    }
    for (const code of INTEGRITY) assert.ok(seen.has(code), `a fixture shows ${code}`);
    // Hop findings are in their hop's card too, and the box links to it.
    const link = await page.$eval("#m5 .integrity li a", (a) => a.getAttribute("href"));
    assert.match(link, /^#m5-hop-\d+$/);
    assert.match(await page.textContent(`${link} ul.findings`), /impossible-address/);
    await check();
    await context.close();
  });

  test("the page's rendering of three trust fixtures matches its golden text", async () => {
    const { page, context, check } = await openPage();
    const update = Boolean(process.env.UPDATE_GOLDEN);
    const differences = [];
    for (const name of ["trust/forged-long-claimed-chain.eml", "trust/forged-ar-below-boundary.eml", "trust/m365-inbound-edge.eml"]) {
      const file = name.split("/").pop();
      await pick(page, [name]);
      await page.waitForFunction((n) => document.querySelector("#m1 .meta .source")?.textContent === n, file);
      const text = normalise(await page.evaluate(() => document.getElementById("m1").innerText));
      const path = join(GOLDEN, file.replace(/\.eml$/, ".txt"));
      if (update) writeFileSync(path, text);
      else if (readFileSync(path, "utf8") !== text) {
        writeFileSync(join(ROOT, "target", file.replace(/\.eml$/, ".actual.txt")), text);
        differences.push(`${path} differs (actual in target/; UPDATE_GOLDEN=1 rewrites it)`);
      }
    }
    assert.deepEqual(differences, []);
    await check();
    await context.close();
  });

  test("redact: the picture and the download hide every host and address of the input, and keep every TLS fact", async () => {
    const { page, context, requests, check } = await openPage();
    const { files, expected } = scenario("redacted.json");
    await pick(page, files);
    await settled(page);
    const before = await Promise.all(files.map((_, i) => hopsShown(page, `#m${i + 1}`)));
    const trustBefore = await Promise.all(files.map((_, i) => trustShown(page, `#m${i + 1}`)));
    assert.equal(await page.isChecked("#redact"), false, "off by default");
    assert.match((await page.textContent("#redact-note")).replace(/\s+/g, " "), /keeps protocols, TLS versions, ciphers/);

    // The switch analyses the same files again, redacted, with no request and one set of tokens.
    const sent = requests.length;
    await page.check("#redact");
    await page.waitForFunction(() => /redacted$/.test(document.getElementById("status").textContent));
    assert.equal(await page.textContent("#status"), "2 messages analysed; redacted");
    assert.equal(requests.length, sent, "nothing fetched");

    const text = await visibleText(page);
    const saved = await download(page);
    assert.equal(saved.name, "hoptls-redacted.json");
    assert.deepEqual(JSON.parse(saved.text), expected, "the download is what hoptls-core's Redactor gives for both files together");
    const originals = files.map((path) => golden(path));
    const names = [...new Set(files.flatMap((path) => hostNames(headerBlock(fixture(path)))))];
    assert.ok(names.length >= 10, `names to look for: ${names}`);
    for (const name of names) {
      assert.ok(!text.toLowerCase().includes(name), `the page still shows ${name}`);
      assert.ok(!saved.text.toLowerCase().includes(name), `the download still holds ${name}`);
    }
    for (const ip of originals.flatMap(addresses)) {
      assert.ok(!addressIn(text, ip), `the page still shows ${ip}`);
      assert.ok(!addressIn(saved.text, ip), `the download still holds ${ip}`);
    }
    // Every TLS fact, state, role and verdict is as before.
    for (const [i] of files.entries()) {
      const after = await hopsShown(page, `#m${i + 1}`);
      const facts = (hops) => hops.map((hop) => [hop.number, hop.state, hop.claimed, hop.weakest, hop.facts["TLS version"], hop.facts.Cipher, hop.facts["Key exchange"]]);
      assert.deepEqual(facts(after), facts(before[i]));
      // The roles too; the boundary now names the receiver by its token.
      assert.deepEqual(after.map((hop) => hop.role), expected[i].hops.map((hop) => roleWord(hop, expected[i])));
      assert.match(after.find((hop) => hop.role.startsWith("Boundary")).role, /^Boundary: entered d\d+\.invalid here$/);
      const trustAfter = await trustShown(page, `#m${i + 1}`);
      for (const key of ["verdict", "split", "badges", "where", "lines", "integrity"]) assert.deepEqual(trustAfter[key], trustBefore[i][key], key);
      assert.deepEqual(trustAfter.table.map((row) => [row.trusted, row.cells[0], row.cells[1], row.cells[5]]), trustBefore[i].table.map((row) => [row.trusted, row.cells[0], row.cells[1], row.cells[5]]));
    }
    assert.match(await page.textContent("#m1 .meta"), /redacted/);

    // Off again: the originals are back.
    await page.uncheck("#redact");
    await page.waitForFunction(() => /analysed$/.test(document.getElementById("status").textContent));
    assert.ok((await visibleText(page)).includes("vps-2291.example.net"));
    assert.equal((await download(page)).name, "hoptls.json");
    assert.equal(requests.filter((url) => !url.startsWith("blob:")).length, sent, "nothing fetched");
    await check();
    await context.close();
  });

  for (const file of ["trusted-hosts.json", "trusted-authserv.json"]) {
    test(`trust settings (${file.replace(".json", "")}): the page moves the boundary and trusts the ids as hoptls-core does`, async () => {
      const { page, context, requests, check } = await openPage();
      const { files, hosts, networks, authserv, expected, what } = scenario(file);
      const sent = requests.length;
      await page.click("#settings summary");
      await page.fill("#trusted-hosts", hosts.join(", "));
      await page.fill("#trusted-networks", networks.join(" "));
      await page.fill("#trusted-authserv", authserv.join(",  "));
      await page.press("#trusted-authserv", "Enter");
      assert.match(await page.textContent("#settings-state"), /^Applied: /);
      await pick(page, files);
      await settled(page);
      const saved = await download(page);
      assert.deepEqual(JSON.parse(saved.text), expected, what);
      const [report] = expected;
      const hops = await hopsShown(page);
      assert.deepEqual(hops.map((hop) => hop.role), report.hops.map((hop) => roleWord(hop, report)));
      assertTrust(await trustShown(page, "#m1"), report, what);

      // Reset: the same message again, judged from the chain, as its fixture's golden says.
      await page.click("#reset-settings");
      const chain = golden(files[0]);
      const { where } = expectedTrust(chain);
      const trusted = chain.auth.filter((entry) => entry.trusted).length;
      await page.waitForFunction(([w, t]) => document.querySelector("#m1 .trust-where")?.textContent === w
        && document.querySelectorAll("#m1 table.auth-table tr.trusted").length === t, [where, trusted]);
      assert.match(await page.textContent("#settings-state"), /^Not set/);
      assertTrust(await trustShown(page, "#m1"), chain, `${files[0]} after reset`);
      assert.equal(requests.filter((url) => !url.startsWith("blob:")).length, sent, "settings are applied with no request");
      await check();
      await context.close();
    });
  }

  test("trust settings: a bad entry is named and nothing is shown; nothing is kept after a reload", async () => {
    const { page, context, check } = await openPage();
    // Read at once, even with nothing to analyse yet.
    await page.click("#settings summary");
    await page.fill("#trusted-networks", "2001:db8::/129");
    await page.click("#apply-settings");
    await page.waitForFunction(() => /not applied/.test(document.getElementById("status").textContent));
    assert.equal(await page.textContent("#settings-error"), 'Not applied: trusted networks: "2001:db8::/129": the prefix length must be 0 to 128');
    await page.fill("#trusted-networks", "");
    await page.click("#apply-settings");
    await page.waitForFunction(() => /^Trust settings applied/.test(document.getElementById("status").textContent));
    assert.equal(await page.isVisible("#settings-error"), false);

    await pick(page, ["trust/forged-long-claimed-chain.eml"]);
    await settled(page);
    await page.fill("#trusted-networks", "203.0.113.0/24, 10.0.0/8");
    await page.click("#apply-settings");
    await page.waitForFunction(() => /not applied/.test(document.getElementById("status").textContent));
    assert.equal(await page.textContent("#status"), 'Trust settings not applied: trusted networks: "10.0.0/8" is not an address or network (like 192.0.2.0/24)');
    assert.equal(await page.isVisible("#settings-error"), true);
    assert.match(await page.textContent("#settings-error"), /"10\.0\.0\/8"/);
    assert.equal(await page.$("#m1"), null, "no picture made without the settings asked for");
    assert.equal(await page.isDisabled("#download"), true);

    await page.fill("#trusted-networks", "203.0.113.0/24 10.0.0.0/8");
    await page.fill("#trusted-hosts", "example.com");
    await page.click("#apply-settings");
    await settled(page);
    assert.equal(await page.isVisible("#settings-error"), false);
    assert.match(await page.textContent("#m1 .trust-where"), /from your trust settings/);
    await page.check("#redact");
    await page.waitForFunction(() => /redacted$/.test(document.getElementById("status").textContent));

    // Persisted nowhere: no storage, no cookie, and a reload starts empty.
    const stored = await page.evaluate(async () => ({
      local: localStorage.length, session: sessionStorage.length, cookie: document.cookie,
      databases: (await indexedDB.databases()).length,
    }));
    assert.deepEqual(stored, { local: 0, session: 0, cookie: "", databases: 0 });
    await page.reload();
    await page.waitForFunction(() => document.getElementById("status").textContent.startsWith("Ready"));
    const after = await page.evaluate(() => ["trusted-hosts", "trusted-networks", "trusted-authserv"].map((id) => document.getElementById(id).value).concat(document.getElementById("redact").checked));
    assert.deepEqual(after, ["", "", "", false]);
    await check();
    await context.close();
  });

  test("keyboard: the trust settings and the redact switch work from the keyboard", async () => {
    const { page, context, check } = await openPage();
    await page.focus('button[data-example="forged-ar-below-boundary.eml"]');
    await page.keyboard.press("Enter");
    await settled(page);
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.parentElement.id), "settings", "the settings come after the examples");
    await page.keyboard.press("Enter");
    assert.equal(await page.$eval("#settings", (d) => d.open), true);
    const order = [];
    for (let i = 0; i < 6; i += 1) {
      await page.keyboard.press("Tab");
      order.push(await page.evaluate(() => document.activeElement.id));
    }
    assert.deepEqual(order, ["trusted-hosts", "trusted-networks", "trusted-authserv", "apply-settings", "reset-settings", "redact"]);
    await page.focus("#trusted-authserv");
    await page.keyboard.type("nobody.example.net");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelectorAll("#m1 table.auth-table tr.trusted").length === 0);
    await page.focus("#redact");
    await page.keyboard.press("Space");
    await page.waitForFunction(() => /redacted$/.test(document.getElementById("status").textContent));
    assert.notEqual(await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle), "none", "the switch shows its focus");
    await check();
    await context.close();
  });

  test("payloads in authserv-ids, properties, reasons and settings are text and run nothing", async () => {
    const { page, context, requests, check } = await openPage();
    const hostile = readFileSync(join(ROOT, "e2e/hostile-auth.eml"), "utf8");
    const sent = requests.length;
    await page.fill("#paste", hostile);
    await page.click("#analyze");
    await settled(page);
    const shown = await trustShown(page, "#m1");
    const cells = shown.table.map((row) => row.cells.join(" | "));
    for (const payload of [
      "<script>", "<b>", "<img/src/onerror=window.__pwned=31>",
      "header.s=<svg onload=window.__pwned=25>", "smtp.mailfrom=<img src=x onerror=window.__pwned=27>",
      "reason=</style><style>*{color:red}</style>", "reason=forged <a href=javascript:window.__pwned=32>below</a>",
    ]) {
      assert.ok(cells.some((cell) => cell.includes(payload)), `shown as text: ${payload}\n${cells.join("\n")}`);
    }
    assert.equal(shown.tlsRequired, "TLS-Required: no<img/src/onerror=window.__pwned=33>");
    assert.deepEqual(shown.table.map((row) => row.trusted), [true, true, true, false, false, false]);
    assert.deepEqual(await intrusions(page), NO_INTRUSION);

    // The same payloads as the user's own settings: `<b>` names the ARC results' id.
    await page.click("#settings summary");
    await page.fill("#trusted-authserv", "<b>");
    await page.click("#apply-settings");
    await page.waitForFunction(() => document.querySelectorAll("#m1 table.auth-table tr.trusted").length === 1);
    assert.match((await trustShown(page, "#m1")).table[3].cells[5], /^✓ Trusted: one of your authserv-ids/);
    await page.fill("#trusted-hosts", "<img src=x onerror=window.__pwned=40>");
    await page.click("#apply-settings");
    await page.waitForFunction(() => /not applied/.test(document.getElementById("status").textContent));
    assert.equal(await page.textContent("#settings-error"), 'Not applied: trusted hosts: "<img" is not a host or domain name (like mx.example.com or example.com)');

    await page.waitForTimeout(200);
    assert.equal(await page.evaluate(() => window.__pwned), undefined, "no payload ran");
    assert.deepEqual(await intrusions(page), NO_INTRUSION);
    assert.equal(requests.length, sent, `requests: ${requests.slice(sent)}`);
    await check();
    await context.close();
  });
});
