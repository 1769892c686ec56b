import { chmodSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { onTestFinished } from "vitest";
import { tempDir } from "./tmp.js";

const PATH = process.env.PATH;

/**
 * Puts a `git` of the test's own first on PATH, for the rest of the test: a shell script whose
 * body `script` writes, given the real git's path and a folder of the shim's own (for its logs).
 */
export function shimGit(script: (real: string, dir: string) => string): string {
  const real = PATH?.split(":")
    .map((dir) => join(dir, "git"))
    .find((path) => existsSync(path));
  if (!real) throw new Error("git is not on PATH");
  const dir = tempDir("deploy-gate-git-shim-");
  writeFileSync(join(dir, "git"), `#!/bin/sh\n${script(real, dir)}`);
  chmodSync(join(dir, "git"), 0o755);
  process.env.PATH = `${dir}:${PATH}`;
  onTestFinished(() => {
    process.env.PATH = PATH;
  });
  return dir;
}
