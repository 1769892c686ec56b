// `npm run demo`: the gate on the embedded default. Grows with each stage (see the README).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const cli = (...args: string[]) =>
  spawnSync(process.execPath, ["dist/cli.js", ...args], { cwd: root, encoding: "utf8" });

const validated = cli("validate", "--config", "examples/deploy-gate.yml");
process.stdout.write(validated.stdout);
process.stderr.write(validated.stderr);
process.exitCode = validated.status ?? 2;
