// Bundles the three front ends into dist/. Deterministic: CI rebuilds and diffs dist/.

import { chmodSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
// ESM bundles that contain CommonJS packages need a `require`.
const banner =
  'import { createRequire as __gateRequire } from "node:module"; const require = __gateRequire(import.meta.url);';

// `deploy-gate --version` prints package.json's version, written into the bundle here.
const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

const bundles = [
  { entry: "src/cli/index.ts", out: "dist/cli.js" },
  { entry: "src/action/index.ts", out: "dist/action.js" },
  { entry: "src/app/server.ts", out: "dist/app.js" },
];

await Promise.all(
  bundles.map(({ entry, out }) =>
    build({
      absWorkingDir: root,
      entryPoints: [entry],
      outfile: out,
      bundle: true,
      platform: "node",
      target: "node20",
      format: "esm",
      banner: { js: entry.includes("cli") ? `#!/usr/bin/env node\n${banner}` : banner },
      legalComments: "none",
      define: { __DEPLOY_GATE_VERSION__: JSON.stringify(version) },
      logLevel: "warning",
    }),
  ),
);
// `npm link` and `bin` run the CLI directly: keep it executable, as git records it (100755).
chmodSync(new URL("../dist/cli.js", import.meta.url), 0o755);
