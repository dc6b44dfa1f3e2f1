// The web page end to end, in Debian's chromium driven by playwright-core: the page is served
// by scripts/serve-www on 127.0.0.1 and used as a person would — pasting, picking and dropping
// files, clicking examples, reading the picture, downloading the JSON — while every request
// the browser makes is recorded.
//
// Run by scripts/test after scripts/build-www: `cd e2e && npm ci && node --test`. The trust
// boundary, authentication results, redaction and trust settings are tested in trust.test.mjs.
// UPDATE_SCREENSHOT=1 also writes docs/screenshot.png and docs/screenshot-trust.png (they are
// always written under target/).

import { strict as assert } from "node:assert";
import { copyFileSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import {
  NO_INTRUSION, ROOT, VERDICT_WORDS, fixture, golden, headerBlock, hopsShown, intrusions, openPage, pageOrigin, pick, settled,
  stateWord, useBrowser,
} from "./harness.mjs";

useBrowser();

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
    // Receiver's hops (the trusted verdict), SPF, DKIM, DMARC, hops, lowest TLS.
    assert.deepEqual(rows.map((row) => row[2]), names.map((path) => VERDICT_WORDS[golden(path).summary.trusted_verdict]));
    assert.deepEqual(rows.map((row) => row.slice(3, 6)), names.map((path) => ["spf", "dkim", "dmarc"].map((m) => golden(path).summary[m] ?? "—")));
    assert.deepEqual(rows.map((row) => row[7]), names.map((path) => golden(path).summary.weakest_version));
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
      assert.deepEqual(requests.slice(sent), [`${pageOrigin()}/examples/${name}`]);
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
    assert.deepEqual(await intrusions(page), NO_INTRUSION);
    assert.equal(requests.length, sent, `requests: ${requests.slice(sent)}`);
    await check();
    await context.close();
  });

  test("connections: the page may open none, its worker only its own server", async () => {
    const { page, context, requests, outside } = await openPage();
    const origin = pageOrigin();
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
    test(`${colorScheme} mode: every state's word, role and result is readable on its background (WCAG AA)`, async () => {
      const { page, context, check } = await openPage({ colorScheme });
      // Weak TLS, not recorded, plaintext, TLS and local hops; claimed hops, a boundary, and
      // trusted and untrusted authentication results that failed, passed or say nothing.
      await pick(page, ["weak/gmail-tls10-3des.eml", "providers/sendgrid-go-timestamps.eml", "trust/forged-ar-below-boundary.eml", "trust/exim-opendmarc-fail.eml"]);
      await settled(page);
      const contrasts = await page.evaluate(() => {
        const rgba = (text) => text.match(/[\d.]+/g).map(Number);
        const luminance = (c) => {
          const [r, g, b] = c.map((v) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; });
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const ratio = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
        // The colour behind an element: its own, or the nearest ancestor's that is not transparent.
        const behind = (node) => {
          for (let at = node; at; at = at.parentElement) {
            const colour = rgba(getComputedStyle(at).backgroundColor);
            if (colour.length < 4 || colour[3] > 0) return colour.slice(0, 3);
          }
          return [255, 255, 255];
        };
        const selectors = [".state", ".role-tag", ".result-word", "table.auth-table tr.untrusted td", ".trust-line", ".trust .explanation", ".auth-note", ".hint", ".severity", ".hop-auth .auth-untrusted", "body"];
        return selectors.flatMap((selector) => [...document.querySelectorAll(selector)].map((node) => [
          `${selector} ${node.className}`, ratio(rgba(getComputedStyle(node).color).slice(0, 3), behind(node)),
        ]));
      });
      const kinds = new Set(contrasts.map(([name]) => name));
      for (const kind of ["state state-weak", "state state-unknown", "state state-open", "state state-lock", "state state-local", "state result result-fail", "state result result-pass", "role-tag role-sender", "role-tag role-boundary"]) {
        assert.ok([...kinds].some((name) => name.endsWith(kind)), `${kind} on screen`);
      }
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
    // The authentication table, as one card per result, and the settings, open.
    await phone.page.click('button[data-example="forged-ar-below-boundary.eml"]');
    await phone.page.waitForFunction(() => document.querySelector("#m1 .meta .source")?.textContent === "forged-ar-below-boundary.eml");
    await phone.page.click("#settings summary");
    const wide = await phone.page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth, document.querySelector("#m1 .auth .table-wrap, #m1 .auth").scrollWidth]);
    assert.ok(wide[0] <= wide[1] && wide[2] <= wide[1], `page ${wide[0]} px and table ${wide[2]} px wide on a ${wide[1]} px screen`);
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

    // And one of the other half: forged "pass" results below the boundary, for docs/web-page.md.
    await page.click('button[data-example="forged-ar-below-boundary.eml"]');
    await page.waitForFunction(() => document.querySelector("#m1 .meta .source")?.textContent === "forged-ar-below-boundary.eml");
    const trustShot = join(ROOT, "target/page-screenshot-trust.png");
    await (await page.$("#m1")).screenshot({ path: trustShot });
    if (process.env.UPDATE_SCREENSHOT) copyFileSync(trustShot, join(ROOT, "docs/screenshot-trust.png"));
    await check();
    await context.close();
  });
});
