// Bundles the three front ends into dist/. Deterministic: CI rebuilds and diffs dist/.
//
// The CLI and the action share chunks in dist/chunks/ (scripts/bundle-options.mjs). The app
// (dist/app.js) stays one file: its container copies that file alone.

import { chmodSync, rmSync } from "node:fs";
import { build } from "esbuild";
import { common, frontEnds } from "./bundle-options.mjs";

// Chunks whose source is gone must not linger (CI fails on files the commit lacks).
rmSync(new URL("../dist/chunks", import.meta.url), { recursive: true, force: true });

await Promise.all([
  build(frontEnds("dist")),
  build({ ...common, entryPoints: ["src/app/server.ts"], outfile: "dist/app.js" }),
]);
// `npm link` and `bin` run the CLI directly: keep it executable, as git records it (100755).
chmodSync(new URL("../dist/cli.js", import.meta.url), 0o755);
