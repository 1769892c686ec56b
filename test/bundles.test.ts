import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { committedRepoWith } from "./helpers/preflight.js";
import { tempDir } from "./helpers/tmp.js";

const DIST = fileURLToPath(new URL("../dist", import.meta.url));
const RECORD = fileURLToPath(new URL("./helpers/record-modules.mjs", import.meta.url));
const read = (file: string) => readFileSync(file, "utf8");

/** A bundle and every chunk it imports statically: what Node reads to start it. */
function startupFiles(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  for (const m of read(entry).matchAll(/^(?:import|export)\s[^;]*?from\s*"(\.[^"]+)"|^import\s*"(\.[^"]+)"/gms)) {
    startupFiles(join(dirname(entry), m[1] ?? m[2]), seen);
  }
  return seen;
}

const holds = (files: Iterable<string>, pkg: RegExp) => [...files].filter((f) => pkg.test(read(f)));
const AWS_SDK = /\/\/ node_modules\/@aws-sdk\/client-ec2\//;

describe("the committed bundles", () => {
  it("the action and the CLI carry no Probot, in any file they load (the app's does)", () => {
    const probot = /\/\/ node_modules\/probot\//;
    const shared = readdirSync(join(DIST, "chunks")).map((f) => join(DIST, "chunks", f));
    expect(holds([join(DIST, "action.js"), join(DIST, "cli.js"), ...shared], probot)).toEqual([]);
    expect(read(join(DIST, "app.js"))).toMatch(probot);
  });

  it("the AWS SDK sits in chunks of its own: nothing the CLI or the action reads at start-up holds it", () => {
    for (const entry of ["cli.js", "action.js"]) {
      expect(holds(startupFiles(join(DIST, entry)), /\/\/ node_modules\/@(?:aws-sdk|smithy)\//)).toEqual([]);
    }
    const sdk = holds(
      readdirSync(join(DIST, "chunks")).map((f) => join(DIST, "chunks", f)),
      AWS_SDK,
    );
    expect(sdk.map((f) => basename(f))).toEqual([expect.stringMatching(/^sdk-[A-Z0-9]+\.js$/)]);
    // The app runs no preflight: its single file needs no chunk.
    expect(read(join(DIST, "app.js"))).not.toMatch(AWS_SDK);
  });

  it("a preflight without `aws` never reads the SDK's chunk; one with `aws` does", () => {
    const config = (check: string) => `version: 1\nenvironments:\n  ci: {}\npreflight:\n  - ${check}\n`;
    const { dir } = committedRepoWith({
      "aws.yml": config("{ id: a, type: aws, region: us-east-1, exists: [{ subnet: subnet-01234567 }] }"),
      "tcp.yml": config("{ id: t, type: tcp, host: 127.0.0.1, port: 9, timeout: 1s }"),
    });
    const logs = tempDir();
    const run = (check: string) => {
      const log = join(logs, `modules-${check}.log`);
      writeFileSync(log, "");
      spawnSync(
        process.execPath,
        ["--import", RECORD, join(DIST, "cli.js"), "preflight", "--env", "ci", "--config", `${check}.yml`, "-C", dir],
        {
          // No credentials anywhere: the aws check stops at wrong-target without a request.
          env: {
            PATH: process.env.PATH,
            HOME: logs,
            MODULE_LOG: log,
            AWS_EC2_METADATA_DISABLED: "true",
            AWS_CONFIG_FILE: join(dir, "none"),
            AWS_SHARED_CREDENTIALS_FILE: join(dir, "none"),
          },
          encoding: "utf8",
        },
      );
      return read(log)
        .split("\n")
        .filter((url) => url.includes("/dist/"))
        .map((url) => url.slice(url.indexOf("/dist/") + 1));
    };
    const without = run("tcp");
    expect(without).toContain("dist/cli.js");
    expect(without.some((f) => /^dist\/chunks\/sdk-/.test(f))).toBe(false);
    expect(run("aws").some((f) => /^dist\/chunks\/sdk-/.test(f))).toBe(true);
  });

  it("the CLI bundle runs on its own, as `npx deploy-gate` would run it", () => {
    const r = spawnSync(process.execPath, [join(DIST, "cli.js"), "--version"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(read(join(DIST, "cli.js")).startsWith("#!/usr/bin/env node\n")).toBe(true);
  });

  it("git records the CLI as executable, so `npm link` and a checkout run it directly", () => {
    const r = spawnSync("git", ["ls-files", "--stage", "dist/cli.js"], {
      cwd: new URL("..", import.meta.url).pathname,
      encoding: "utf8",
    });
    expect(r.stdout).toMatch(/^100755 /);
  });
});
