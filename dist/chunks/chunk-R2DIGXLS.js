import { createRequire as __gateRequire } from "node:module"; const require = __gateRequire(import.meta.url);

// src/core/report/cut.ts
var CUT = "\u2026";
var oneLine = (text) => text.replace(/\s+/g, " ");
function excerpt(text, max = 160) {
  const flat = oneLine(text).trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}${CUT}` : flat;
}
function tail(text, lines, max) {
  const all = text.split("\n");
  const kept = all.slice(-lines).join(" ");
  const short = kept.slice(-max);
  return all.length > lines || short.length < kept.length ? `${CUT}${short}` : short;
}

export {
  CUT,
  oneLine,
  excerpt,
  tail
};
