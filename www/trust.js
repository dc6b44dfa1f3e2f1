// The other half of the picture: where the trust boundary lies, which hops are the sender's
// claims, what the receiver's checks said of the sender, and whether the chain hangs together —
// from the contract's `role`, `claimed`, `trust`, `auth` and findings, and from hoptls-wasm's
// `authTrust` codes for why each result is trusted or not. Text only, as everywhere (elements.js).

import { SEVERITIES, el, icon, isCount } from "./elements.js";

// Where a hop stands relative to the trust boundary (the contract's `role`), in words. Claimed
// hops are drawn differently as well, never by colour alone.
const ROLES = {
  boundary: (receiver) => `Boundary: entered ${receiver} here`,
  receiver: () => "Receiver’s own hop",
  local: () => "Receiver’s side, on one machine",
  sender: () => "Claimed by the sender — not verifiable",
};

const METHODS = {
  chain: "found from the chain",
  configured: "from your trust settings",
  none: "no hop to judge",
};

// Findings that say the chain of Received lines does not hang together (docs/trust.md). They
// are listed again, together, at the top of the message, so that none goes unseen.
export const INTEGRITY = new Set(["chain-break", "repeated-hop", "older-header-block", "invented-protocol", "impossible-address", "clock-skew"]);

// Authentication results as drawn: a word always, an icon and a colour besides.
const RESULT_STATES = {
  pass: "pass",
  fail: "fail",
  permerror: "fail",
  softfail: "doubt",
  neutral: "doubt",
  temperror: "doubt",
  policy: "doubt",
};
const RESULT_ICONS = {
  pass: [["path", { d: "M5 12.5l4.5 4.5L19 7.5" }]],
  fail: [["path", { d: "M6.5 6.5l11 11M17.5 6.5l-11 11" }]],
  doubt: [["path", { d: "M6 12h12" }]],
  none: [["circle", { cx: 12, cy: 12, r: 7 }]],
};

/** Why a result is trusted or not: from hoptls-wasm's `authTrust` codes (docs/web-page.md). */
function whyWords(code, entry, namedAuthserv) {
  switch (code) {
    case "trusted":
      if (namedAuthserv) return "Trusted: one of your authserv-ids, at or above the boundary";
      if (entry.authserv_id === null) return "Trusted: no authserv-id, as in Microsoft 365’s own header; at or above the boundary";
      return "Trusted: the receiver’s own authserv-id, at or above the boundary";
    case "arc-seal":
      return "Not trusted: an ARC-Seal reports the ARC chain’s validation, not a result of its own";
    case "claimed-hop":
      return `Not trusted: written at claimed hop ${String(entry.hop)}, on the sender’s side — a forgery or the sender’s own claim`;
    case "untrusted-id":
      return namedAuthserv ? "Not trusted: not one of your authserv-ids" : "Not trusted: not the receiver’s authserv-id (the topmost Authentication-Results)";
    case "sender-side":
      return "Not trusted: it stands in the part of the header the sender wrote, below the boundary";
    default:
      return entry.trusted === true ? "Trusted" : "Not trusted";
  }
}

/** The badge of an authentication result: `SPF pass`, with an icon for its kind. */
function resultBadge(label, result) {
  const known = typeof result === "string" && result !== "";
  const kind = known ? RESULT_STATES[result] ?? "none" : "none";
  const word = known ? `${label} ${result}` : `${label}: no trusted result`;
  return el("span", `state result result-${kind}`, icon(kind, RESULT_ICONS[kind]), word);
}

/** Whom the boundary hop brought the message to, for "entered … here". */
function receiverName(report, hop) {
  const trust = report.trust ?? {};
  if (trust.method === "configured") return "your hosts";
  const names = Array.isArray(trust.receiver) ? trust.receiver.map(String) : [];
  if (names.length) return names.join(" / ");
  return hop.by ? String(hop.by) : "the receiver";
}

export function roleTag(hop, report) {
  const words = ROLES[hop.role];
  if (!words) return null;
  return el("span", `role-tag role-${hop.role}`, words(receiverName(report, hop)));
}

/** The results a hop's server wrote, in one line: `spf=fail, dkim=none (trusted)`. */
export function hopAuth(hop, report, reportId) {
  const entries = (Array.isArray(report.auth) ? report.auth : []).filter((entry) => entry.hop === hop.index);
  if (entries.length === 0) return null;
  const line = el("p", "hop-auth", "Authentication results written here: ");
  for (const [trusted, word] of [[true, "trusted"], [false, "not trusted"]]) {
    const some = entries.filter((entry) => (entry.trusted === true) === trusted);
    if (some.length === 0) continue;
    if (line.childNodes.length > 1) line.append("; ");
    line.append(el("span", trusted ? "auth-trusted" : "auth-untrusted",
      `${some.map((entry) => `${String(entry.method)}=${String(entry.result)}`).join(", ")} (${word})`));
  }
  const more = el("a", null, "details");
  more.href = `#${reportId}-auth`;
  line.append(" — ", more);
  return line;
}

/** The line drawn above the boundary hop when claimed hops lie below it (above, on screen). */
export function boundaryLine(report, hop) {
  const receiver = receiverName(report, hop);
  return el("li", "trust-line",
    el("span", "trust-line-label", "Trust boundary"),
    el("span", null, ` — the hops above were written before the message reached ${receiver}: claims nobody can check. From here down, ${receiver} recorded them itself.`));
}

/** The other half: what the receiver's trusted checks said of the sender. */
export function authSummary(report, reportId, note) {
  const summary = report.summary ?? {};
  const entries = Array.isArray(report.auth) ? report.auth : [];
  const view = el("div", "half auth-half");
  view.setAttribute("aria-labelledby", `${reportId}-auth-heading`);
  const heading = el("h4", null, "Who checked the sender");
  heading.id = `${reportId}-auth-heading`;
  view.append(heading);
  const box = el("div", "auth-box");
  view.append(box);
  if (entries.length === 0) {
    box.append(el("p", "auth-none", "No Authentication-Results: nothing in the header says whether the sender was checked."));
    return view;
  }
  box.append(el("p", "auth-badges", resultBadge("SPF", summary.spf), resultBadge("DKIM", summary.dkim), resultBadge("DMARC", summary.dmarc)));
  const untrusted = entries.filter((entry) => entry.trusted !== true).length;
  const whose = note.namedAuthserv ? "your authserv-ids" : "the receiver’s own authserv-id";
  const link = el("a", null, untrusted === 1 ? "1 result is not trusted" : `${untrusted} results are not trusted`);
  link.href = `#${reportId}-auth`;
  box.append(el("p", "auth-note", `Only results of ${whose}, written at or above the boundary, count here. `,
    untrusted ? link : "Every result is trusted.", untrusted ? "." : null));
  return view;
}

/** Where the boundary lies, how it was found, and the core's own explanation. */
export function trustView(report, reportId) {
  const trust = report.trust ?? {};
  const hops = Array.isArray(report.hops) ? report.hops : [];
  const line = el("p", "trust-where", el("strong", null, "Trust boundary: "));
  const position = hops.findIndex((hop) => hop.index === trust.boundary);
  if (position >= 0) {
    const a = el("a", null, `hop ${String(trust.boundary)}`);
    a.href = `#${reportId}-hop-${position + 1}`;
    line.append(a);
  } else {
    line.append("none");
  }
  line.append(` (${METHODS[trust.method] ?? "unknown method"})`);
  return el("div", "trust", line, trust.explanation ? el("p", "explanation", String(trust.explanation)) : null);
}

/** The chain-integrity findings of the message and of its hops, together. */
export function integrityView(report, reportId) {
  const items = [];
  for (const finding of Array.isArray(report.findings) ? report.findings : []) {
    if (INTEGRITY.has(finding.code)) items.push([null, finding]);
  }
  const hops = Array.isArray(report.hops) ? report.hops : [];
  hops.forEach((hop, position) => {
    for (const finding of Array.isArray(hop.findings) ? hop.findings : []) {
      if (INTEGRITY.has(finding.code)) items.push([position, finding]);
    }
  });
  if (items.length === 0) return null;
  const list = el("ul", "findings");
  for (const [position, finding] of items) {
    const severity = SEVERITIES.has(finding.severity) ? finding.severity : "info";
    const item = el("li", null);
    if (position !== null) {
      const a = el("a", null, `hop ${String(hops[position].index)}`);
      a.href = `#${reportId}-hop-${position + 1}`;
      item.append(a, ": ");
    }
    item.append(el("span", `severity severity-${severity}`, severity), " ", String(finding.message ?? ""), " ",
      el("span", "code", `(${String(finding.code ?? "")})`));
    list.append(item);
  }
  return el("div", "integrity", el("h4", null, `Chain integrity: ${items.length === 1 ? "1 problem" : `${items.length} problems`}`), list);
}

const AUTH_COLUMNS = [["Method", false], ["Result", false], ["Authserv-id", false], ["Header", true], ["Hop", false], ["Trusted", false], ["Properties", false]];

/** Every authentication result, trusted or not, and why. */
export function authTable(report, reportId, note) {
  const entries = Array.isArray(report.auth) ? report.auth : [];
  if (entries.length === 0) return null;
  const hops = Array.isArray(report.hops) ? report.hops : [];
  const table = el("table", "auth-table");
  table.append(el("caption", null, `Authentication results (${entries.length})`));
  const head = el("tr", null);
  for (const [word, optional] of AUTH_COLUMNS) {
    const th = el("th", optional ? "optional" : null, word);
    th.scope = "col";
    head.append(th);
  }
  table.append(el("thead", null, head));
  const body = el("tbody", null);
  entries.forEach((entry, position) => {
    const trusted = entry.trusted === true;
    const why = whyWords(note.why[position], entry, note.namedAuthserv);
    const hopPosition = hops.findIndex((hop) => hop.index === entry.hop);
    let hopCell = "—";
    if (hopPosition >= 0) {
      hopCell = el("a", null, String(entry.hop));
      hopCell.href = `#${reportId}-hop-${hopPosition + 1}`;
    }
    const properties = el("ul", "properties");
    for (const [name, value] of Object.entries(entry.properties ?? {})) {
      properties.append(el("li", null, el("code", null, `${name}=${String(value)}`)));
    }
    const header = `${String(entry.header ?? "")}${isCount(entry.instance) ? ` i=${entry.instance}` : ""}`;
    const cells = [
      el("td", "mono nowrap", String(entry.method ?? "")),
      el("td", "nowrap", resultWord(entry.result)),
      el("td", "mono wrap", entry.authserv_id === null || entry.authserv_id === undefined ? "(none)" : String(entry.authserv_id)),
      el("td", "optional wrap", header),
      el("td", "nowrap", hopCell),
      el("td", "why", el("span", trusted ? "trust-mark trusted-mark" : "trust-mark untrusted-mark", trusted ? "✓ " : "✗ "), why),
      el("td", "wrap", properties.childNodes.length ? properties : "—"),
    ];
    // At phone width each row is drawn as a card, its cells labelled by these fixed words.
    cells.forEach((cell, column) => { cell.dataset.label = AUTH_COLUMNS[column][0]; });
    body.append(el("tr", trusted ? "trusted" : "untrusted", ...cells));
  });
  table.append(body);
  const wrap = el("div", "table-wrap auth", table);
  wrap.id = `${reportId}-auth`;
  return wrap;
}

export function resultWord(result) {
  const text = String(result ?? "");
  const kind = RESULT_STATES[text] ?? "none";
  return el("span", `result-word result-${kind}`, text);
}
