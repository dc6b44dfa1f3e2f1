// Builds the picture from hoptls/1 contract objects, and from nothing else: the timeline and
// the verdict here, the trust boundary and authentication results in trust.js, the building
// blocks — and the rule that data is only ever inserted as text — in elements.js.

import { VERDICTS, badge, el, findingsList, isCount, stateOf } from "./elements.js";
import { INTEGRITY, authSummary, authTable, boundaryLine, hopAuth, integrityView, resultWord, roleTag, trustView } from "./trust.js";

/** How the page names an input: pasted text is `-` in the JSON, as standard input is. */
export function describeSource(source) {
  const text = String(source);
  if (text === "-") return "pasted text";
  const pastedMbox = /^-#(\d+)$/.exec(text);
  if (pastedMbox) return `pasted text, message ${pastedMbox[1]}`;
  return text;
}

/** The same wording as the command-line tool: 59 s, 1 min 5 s, 3 h 2 min, 2 d 4 h. */
export function duration(seconds) {
  const sign = seconds < 0 ? "−" : "";
  const s = Math.abs(seconds);
  let text;
  if (s < 60) text = `${s} s`;
  else if (s < 3600) text = s % 60 === 0 ? `${Math.floor(s / 60)} min` : `${Math.floor(s / 60)} min ${s % 60} s`;
  else if (s < 86400) {
    const minutes = Math.floor((s % 3600) / 60);
    text = minutes === 0 ? `${Math.floor(s / 3600)} h` : `${Math.floor(s / 3600)} h ${minutes} min`;
  } else {
    const hours = Math.floor((s % 86400) / 3600);
    text = hours === 0 ? `${Math.floor(s / 86400)} d` : `${Math.floor(s / 86400)} d ${hours} h`;
  }
  return sign + text;
}

/** An RFC 3339 timestamp as written, made easier to read; the offset is kept as written. */
function when(timestamp) {
  const parts = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d(?:\.\d+)?)(Z|[+-]\d\d:\d\d)$/.exec(timestamp);
  return parts ? `${parts[1]} ${parts[2]} ${parts[3]}` : String(timestamp);
}

/** The sending host of a hop as [main name, the rest], or null when the line has no from part. */
function sender(from) {
  if (!from) return null;
  const main = from.name ?? from.rdns ?? from.ip;
  if (main === null || main === undefined) return null;
  const rest = [];
  if (from.rdns && from.rdns !== main) rest.push(from.rdns);
  if (from.ip && from.ip !== main) rest.push(`[${from.ip}]`);
  return [String(main), rest.join(" ")];
}

function host(parts, fallback) {
  if (!parts) return el("span", "host unknown-host", fallback);
  const [main, rest] = parts;
  return el("span", "host-group", el("span", "host", main), rest ? el("span", "detail", ` (${rest})`) : null);
}

function fact(list, term, value) {
  if (value === null || value === undefined || value === "") return;
  list.append(el("dt", null, term), el("dd", null, String(value)));
}

function delayView(hop, position, longest) {
  const view = el("span", "delay");
  const delay = hop.delay_seconds;
  let text;
  if (isCount(delay)) {
    const track = el("span", "delay-track");
    const bar = el("span", "delay-bar");
    track.setAttribute("aria-hidden", "true");
    // A share of the longest delay of this message; set through the CSSOM, which the CSP allows.
    const share = longest > 0 ? Math.min(100, (Math.abs(delay) / longest) * 100) : 0;
    bar.style.width = `${share === 0 ? 0 : Math.max(share, 2).toFixed(1)}%`;
    track.append(bar);
    view.append(track);
    text = delay < 0 ? `${duration(delay)} (clock skew)` : `+${duration(delay)}`;
    if (delay < 0) view.classList.add("skew");
  } else {
    text = position === 0 ? "first hop" : "delay unknown";
  }
  view.append(el("span", `delay-text${isCount(delay) && delay < 0 ? " skew" : ""}`, text));
  return view;
}

function hopItem(hop, position, report, reportId, longest) {
  const state = stateOf(hop);
  const item = el("li", `hop state-${state}`);
  item.id = `${reportId}-hop-${position + 1}`;
  const weakest = report.summary && report.summary.weakest_hop === hop.index;
  if (weakest) item.classList.add("weakest");
  if (hop.claimed === true) item.classList.add("claimed");
  if (hop.role === "boundary") item.classList.add("boundary");

  const head = el("div", "hop-head",
    el("span", "hop-number", `Hop ${String(hop.index)}`),
    badge(state),
    weakest ? el("span", "weakest-tag", "weakest hop") : null,
    roleTag(hop, report));
  if (hop.with) head.append(el("span", "mono", `with ${String(hop.with)}`));

  const route = el("p", "route",
    host(sender(hop.from), "unknown sender"),
    el("span", "arrow", "→"),
    hop.by ? el("span", "host", String(hop.by)) : el("span", "host unknown-host", "unknown receiver"));

  const timing = el("div", "when",
    el("span", "time", hop.timestamp ? when(hop.timestamp) : "time not recorded"),
    delayView(hop, position, longest));

  const facts = el("dl", "facts");
  const tls = hop.tls;
  if (tls) {
    const raw = tls.version_raw && tls.version_raw !== tls.version ? ` (written “${tls.version_raw}”)` : "";
    fact(facts, "TLS version", tls.version ? `${tls.version}${raw}` : tls.version_raw ? `“${tls.version_raw}”` : "not recorded");
    fact(facts, "Cipher", tls.cipher ? `${tls.cipher}${isCount(tls.bits) ? ` (${tls.bits} bits)` : ""}` : isCount(tls.bits) ? `${tls.bits} bits` : "not recorded");
    fact(facts, "Key exchange", tls.key_exchange);
    fact(facts, "Client certificate", tls.client_cert);
  }
  fact(facts, "Why", hop.evidence);
  fact(facts, "Written by", hop.mta);
  fact(facts, "Id", hop.id);
  fact(facts, "For", hop.for);
  fact(facts, "Via", hop.via);

  const raw = el("details", "raw",
    el("summary", null, "Received line"),
    el("pre", null, el("code", null, String(hop.raw ?? ""))));

  item.append(el("span", "node"), el("div", "hop-card", head, route, timing, facts, hopAuth(hop, report, reportId), findingsList(hop.findings), raw));
  return item;
}

function verdictView(report, reportId) {
  const summary = report.summary ?? {};
  const verdict = VERDICTS[summary.verdict] ?? VERDICTS.unknown;
  const hops = Array.isArray(report.hops) ? report.hops : [];
  const position = hops.findIndex((hop) => hop.index === summary.weakest_hop);
  const link = () => {
    const a = el("a", null, `hop ${String(summary.weakest_hop)}`);
    a.href = `#${reportId}-hop-${position + 1}`;
    return a;
  };

  const reason = el("p", "reason");
  if (position >= 0 && summary.verdict === "plaintext") reason.append("Weakest: ", link(), " travelled in plaintext");
  else if (position >= 0 && summary.verdict === "weak") reason.append("Weakest: ", link(), " has weak TLS");
  else if (position >= 0 && summary.verdict === "unknown") reason.append("Weakest: ", link(), " does not say how it travelled");
  else if (summary.verdict === "unknown") reason.append("No hop crossed a network");
  else if (summary.verdict === "encrypted") reason.append("Every hop that crossed a network used TLS");
  if (summary.weakest_version) reason.append(`${reason.childNodes.length ? "; " : ""}lowest TLS version ${String(summary.weakest_version)}`);

  const counts = [
    `${summary.hop_count} hops: ${summary.tls_hops} TLS`,
    `${summary.plaintext_hops} plaintext`,
    `${summary.local_hops} local`,
    `${summary.unknown_hops} not recorded`,
  ].join(", ");
  const claimed = isCount(summary.claimed_hops) && summary.claimed_hops > 0 ? ` · ${summary.claimed_hops} claimed by the sender` : "";
  const transit = isCount(summary.total_delay_seconds) ? ` · ${duration(summary.total_delay_seconds)} in transit` : "";

  // The verdict judges every hop; where the receiver's hops and the claimed ones disagree, both
  // halves are shown, since only the first can be believed.
  let split = null;
  const trusted = VERDICTS[summary.trusted_verdict];
  const claimedVerdict = VERDICTS[summary.claimed_verdict];
  if (trusted && (summary.trusted_verdict !== summary.verdict || (claimedVerdict && summary.claimed_verdict !== summary.verdict))) {
    split = el("p", "split",
      el("span", "split-part", "Receiver’s hops: ", badge(trusted.state, trusted.word)),
      claimedVerdict ? el("span", "split-part", "Claimed hops: ", badge(claimedVerdict.state, claimedVerdict.word)) : null);
  }

  return el("div", `verdict state-${verdict.state}`,
    badge(verdict.state, verdict.word),
    reason.childNodes.length ? reason : null,
    el("p", "counts", counts + claimed + transit),
    split);
}

function endpoint(role, hostView, last) {
  return el("li", `endpoint${last ? " last" : ""}`, el("span", "node"), el("span", "role", role), " ", hostView);
}

/** One message: heading, verdict, the timeline from origin to mailbox, message findings. */
export function reportView(report, number, note = { why: [], redacted: false, namedAuthserv: false }) {
  const reportId = `m${number}`;
  const message = report.message ?? {};
  const article = el("article", "report");
  article.id = reportId;
  article.setAttribute("aria-labelledby", `${reportId}-title`);

  const title = el("h3", null, message.subject ? String(message.subject) : "(no subject)");
  title.id = `${reportId}-title`;
  const parts = [el("span", "source", describeSource(report.source))];
  if (message.from) parts.push(el("span", null, `from ${String(message.from)}`));
  if (message.date) parts.push(el("span", null, when(message.date)));
  if (message.message_id) parts.push(el("span", "mono", `<${String(message.message_id)}>`));
  if (note.redacted) parts.push(el("span", "redacted-tag", "redacted"));
  const meta = el("p", "meta", ...parts.flatMap((part, i) => (i === 0 ? [part] : [" · ", part])));

  const hops = Array.isArray(report.hops) ? report.hops : [];
  const delays = hops.map((hop) => hop.delay_seconds).filter(isCount).map(Math.abs);
  const longest = delays.length ? Math.max(...delays) : 0;

  const timeline = el("ol", "timeline");
  timeline.setAttribute("aria-label", "Hops from origin to mailbox");
  if (hops.length === 0) {
    timeline.append(el("li", "endpoint last", el("span", "node"), "No Received headers: nothing says how this message travelled."));
  } else {
    timeline.append(endpoint("origin", host(sender(hops[0].from), "unknown sender"), false));
    hops.forEach((hop, position) => {
      if (hop.role === "boundary" && position > 0 && hops[position - 1].claimed === true) timeline.append(boundaryLine(report, hop));
      timeline.append(hopItem(hop, position, report, reportId, longest));
    });
    const lastBy = hops[hops.length - 1].by;
    timeline.append(endpoint("mailbox", lastBy ? el("span", "host", String(lastBy)) : el("span", "host", "unknown"), true));
  }

  // The two halves side by side: how the message travelled, and who checked the sender.
  const transport = el("div", "half transport-half");
  transport.setAttribute("aria-labelledby", `${reportId}-transport-heading`);
  const transportHeading = el("h4", null, "How it travelled");
  transportHeading.id = `${reportId}-transport-heading`;
  transport.append(transportHeading, verdictView(report, reportId));
  if (message.tls_required) {
    const value = String(message.tls_required);
    transport.append(el("p", "tls-required", el("strong", null, `TLS-Required: ${value === "no" ? "No" : value}`),
      value === "no" ? " — the sender asked that delivery go ahead even without TLS (RFC 8689)" : null));
  }
  const halves = el("div", "halves", transport, authSummary(report, reportId, note));

  article.append(title, meta, halves, trustView(report, reportId));
  const integrity = integrityView(report, reportId);
  if (integrity) article.append(integrity);
  article.append(timeline);
  const table = authTable(report, reportId, note);
  if (table) article.append(table);
  const rest = (Array.isArray(report.findings) ? report.findings : []).filter((finding) => !INTEGRITY.has(finding.code));
  const findings = findingsList(rest);
  if (findings) article.append(el("div", "message-findings", el("h4", null, "About the whole message"), findings));
  return article;
}

/** The table of several messages: one row each, linking to its picture. */
export function summaryTable(reports) {
  const table = el("table", "summary");
  table.append(el("caption", null, `${reports.length} messages`));
  const head = el("tr", null);
  for (const [word, optional] of [["Message", false], ["Verdict", false], ["Receiver’s hops", false], ["SPF", false], ["DKIM", false], ["DMARC", false], ["Hops", true], ["Lowest TLS", false], ["Weakest hop", true], ["In transit", true]]) {
    const th = el("th", optional ? "optional" : null, word);
    th.scope = "col";
    head.append(th);
  }
  table.append(el("thead", null, head));
  const body = el("tbody", null);
  reports.forEach((report, position) => {
    const summary = report.summary ?? {};
    const verdict = VERDICTS[summary.verdict] ?? VERDICTS.unknown;
    const trusted = VERDICTS[summary.trusted_verdict] ?? VERDICTS.unknown;
    const result = (value) => (typeof value === "string" ? resultWord(value) : "—");
    const link = el("a", null, describeSource(report.source));
    link.href = `#m${position + 1}`;
    const subject = report.message && report.message.subject ? el("div", "detail", String(report.message.subject)) : null;
    body.append(el("tr", null,
      el("td", "source", link, subject),
      el("td", null, badge(verdict.state, verdict.word)),
      el("td", null, badge(trusted.state, trusted.word)),
      el("td", null, result(summary.spf)),
      el("td", null, result(summary.dkim)),
      el("td", null, result(summary.dmarc)),
      el("td", "optional", `${summary.hop_count} (${summary.tls_hops} TLS, ${summary.plaintext_hops} plaintext)`),
      el("td", null, summary.weakest_version ? String(summary.weakest_version) : "—"),
      el("td", "optional", isCount(summary.weakest_hop) ? String(summary.weakest_hop) : "—"),
      el("td", "optional", isCount(summary.total_delay_seconds) ? duration(summary.total_delay_seconds) : "—")));
  });
  table.append(body);
  return el("div", "table-wrap", table);
}

/** Everything below the input: what could not be read, the table, one picture per message. */
export function resultsView(reports, failures, notes = []) {
  const view = document.createDocumentFragment();
  if (failures.length) {
    const list = el("ul", null);
    for (const failure of failures) list.append(el("li", null, String(failure)));
    view.append(el("div", "failures", el("p", null, "Could not be read as a message:"), list));
  }
  if (reports.length > 1) view.append(summaryTable(reports));
  reports.forEach((report, position) => view.append(reportView(report, position + 1, notes[position])));
  return view;
}
