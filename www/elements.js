// The building blocks of the picture, shared by render.js and trust.js.
//
// Every value in a report comes from a header, and headers are written by whoever relayed the
// message, attackers included. So data is only ever inserted as text: `el()` turns strings into
// Text nodes, attributes are set only to fixed values or to numbers the page computes, and
// no data ever reaches innerHTML, a URL or a style.

const SVG = "http://www.w3.org/2000/svg";

/** An element with a class and children; strings become Text nodes, never markup. */
export function el(tag, className, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const child of children) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

// The five states a hop can be drawn in. The word is always shown: colour is never the only cue.
const STATES = {
  lock: { word: "TLS", icon: [["rect", { x: 5, y: 11, width: 14, height: 10, rx: 2 }], ["path", { d: "M8 11V7a4 4 0 0 1 8 0v4" }]] },
  weak: { word: "Weak TLS", icon: [["rect", { x: 5, y: 11, width: 14, height: 10, rx: 2 }], ["path", { d: "M8 11V7a4 4 0 0 1 8 0v4M12 14v3" }]] },
  open: { word: "Plaintext", icon: [["rect", { x: 5, y: 11, width: 14, height: 10, rx: 2 }], ["path", { d: "M8 11V7a4 4 0 0 1 7.7-1.5" }]] },
  local: { word: "Local", icon: [["path", { d: "M4 11l8-7 8 7M6 9.5V20h12V9.5" }]] },
  unknown: { word: "Not recorded", icon: [["circle", { cx: 12, cy: 12, r: 9 }], ["path", { d: "M9.5 9.5a2.5 2.5 0 1 1 3.4 2.3c-.6.3-.9.8-.9 1.4v.8M12 17h.01" }]] },
};

export const VERDICTS = {
  encrypted: { state: "lock", word: "Encrypted" },
  weak: { state: "weak", word: "Weak TLS" },
  plaintext: { state: "open", word: "Plaintext" },
  unknown: { state: "unknown", word: "Unknown" },
};

export const SEVERITIES = new Set(["error", "warning", "info"]);

/** The drawn state of a hop, from the contract's `encryption` and `weak`. */
export function stateOf(hop) {
  switch (hop.encryption) {
    case "tls": return hop.weak === true ? "weak" : "lock";
    case "plaintext": return "open";
    case "local": return "local";
    default: return "unknown";
  }
}

export function icon(state, shapes = STATES[state].icon) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  for (const [tag, attributes] of shapes) {
    const shape = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) shape.setAttribute(name, String(value));
    svg.append(shape);
  }
  return svg;
}

/** The badge of a state: icon and word. */
export function badge(state, word = STATES[state].word) {
  return el("span", `state state-${state}`, icon(state), word);
}

export const isCount = (n) => Number.isInteger(n);


/** A list of findings, each with its severity, message and code; null when there are none. */
export function findingsList(findings) {
  if (!Array.isArray(findings) || findings.length === 0) return null;
  const list = el("ul", "findings");
  for (const finding of findings) {
    const severity = SEVERITIES.has(finding.severity) ? finding.severity : "info";
    list.append(el("li", null,
      el("span", `severity severity-${severity}`, severity), " ",
      String(finding.message ?? ""), " ",
      el("span", "code", `(${String(finding.code ?? "")})`)));
  }
  return list;
}
