// Bundles the three front ends into dist/. Deterministic: CI rebuilds and diffs dist/.
//
// The CLI and the action are one build with code splitting: each entry (dist/cli.js,
// dist/action.js) loads the code they share from dist/chunks/, and the AWS SDK, which only the
// `aws` check and `identity.aws_account` use, sits in a chunk of its own (dist/chunks/sdk-*.js)
// that is read only when a config uses them. The app (dist/app.js) stays one file: its container
// copies that file alone.

import { chmodSync, readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
// ESM bundles that contain CommonJS packages need a `require`.
const banner =
  'import { createRequire as __gateRequire } from "node:module"; const require = __gateRequire(import.meta.url);';

// `deploy-gate --version` prints package.json's version, written into the bundle here.
const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  legalComments: "none",
  define: { __DEPLOY_GATE_VERSION__: JSON.stringify(version) },
  logLevel: "warning",
};

// Chunks whose source is gone must not linger (CI fails on files the commit lacks).
rmSync(new URL("../dist/chunks", import.meta.url), { recursive: true, force: true });

await Promise.all([
  build({
    ...common,
    entryPoints: { cli: "src/cli/index.ts", action: "src/action/index.ts" },
    outdir: "dist",
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    // The SDK's ES modules, not its CommonJS: only the commands the check sends are kept.
    // (No other dependency of the two bundles resolves differently: checked on their metafiles.)
    mainFields: ["module", "main"],
    banner: { js: banner },
  }),
  build({ ...common, entryPoints: ["src/app/server.ts"], outfile: "dist/app.js", banner: { js: banner } }),
]);
// `npm link` and `bin` run the CLI directly: keep it executable, as git records it (100755).
chmodSync(new URL("../dist/cli.js", import.meta.url), 0o755);
