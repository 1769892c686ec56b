// CI: every example workflow and action.yml must be valid against GitHub's published schemas.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const validator = require.resolve("@action-validator/cli/cli.mjs");
const files = ["action.yml", ...readdirSync("examples/workflows").map((f) => `examples/workflows/${f}`)];
let failed = 0;
for (const file of files) {
  const r = spawnSync(process.execPath, [validator, file], { encoding: "utf8" });
  if (r.status === 0) console.log(`valid: ${file}`);
  else {
    failed++;
    console.error(`invalid: ${file}\n${r.stdout}${r.stderr}`);
  }
}
process.exitCode = failed ? 1 : 0;
