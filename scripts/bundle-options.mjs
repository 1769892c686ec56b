// The esbuild options of the bundles, shared by `npm run build` (scripts/build.mjs) and the
// benchmarks, which time the CLI exactly as it ships.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
// ESM bundles that contain CommonJS packages need a `require`.
const banner =
  'import { createRequire as __gateRequire } from "node:module"; const require = __gateRequire(import.meta.url);';

// `deploy-gate --version` prints package.json's version, written into the bundle here.
const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

export const common = {
  absWorkingDir: root,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  legalComments: "none",
  define: { __DEPLOY_GATE_VERSION__: JSON.stringify(version) },
  logLevel: "warning",
  banner: { js: banner },
};

/**
 * The CLI and the action: one build with code splitting. Each entry (cli.js, action.js) loads the
 * code they share from chunks/, and what only some commands use (the AWS SDK, the checklist and
 * protection commands) sits in chunks of its own, read only when a run needs it.
 */
export const frontEnds = (outdir) => ({
  ...common,
  entryPoints: { cli: "src/cli/index.ts", action: "src/action/index.ts" },
  outdir,
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  // The SDK's ES modules, not its CommonJS: only the commands the check sends are kept.
  // (No other dependency of the two bundles resolves differently: checked on their metafiles.)
  mainFields: ["module", "main"],
});
