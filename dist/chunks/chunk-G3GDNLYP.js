import { createRequire as __gateRequire } from "node:module"; const require = __gateRequire(import.meta.url);

// src/core/report/types.ts
var EXIT = { pass: 0, fail: 1, error: 2 };

export {
  EXIT
};
