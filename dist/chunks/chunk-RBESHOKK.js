import { createRequire as __gateRequire } from "node:module"; const require = __gateRequire(import.meta.url);

// src/core/config/duration.ts
var UNITS = { ms: 1, s: 1e3, m: 6e4 };
var DURATION_PATTERN = /^([0-9]+)(ms|s|m)$/;
var MAX_DURATION = "24h (1440m)";
var MAX_DURATION_MS = 24 * 60 * 6e4;
function parseDuration(text) {
  const match = DURATION_PATTERN.exec(text);
  if (!match) throw new Error(`not a duration: "${text}" (write e.g. 500ms, 5s or 2m)`);
  return Number(match[1]) * UNITS[match[2]];
}

export {
  DURATION_PATTERN,
  MAX_DURATION,
  MAX_DURATION_MS,
  parseDuration
};
