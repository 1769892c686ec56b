import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const bundle = (name: string) => readFileSync(new URL(`../dist/${name}`, import.meta.url), "utf8");

describe("the committed bundles", () => {
  it("the action's bundle carries no Probot (the app's does)", () => {
    expect(bundle("action.js")).not.toMatch(/\/\/ node_modules\/probot\//);
    expect(bundle("cli.js")).not.toMatch(/\/\/ node_modules\/probot\//);
    expect(bundle("app.js")).toMatch(/\/\/ node_modules\/probot\//);
  });

  it("the CLI bundle runs on its own, as `npx deploy-gate` would run it", () => {
    const r = spawnSync(process.execPath, [new URL("../dist/cli.js", import.meta.url).pathname, "--version"], {
      encoding: "utf8",
    });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(bundle("cli.js").startsWith("#!/usr/bin/env node\n")).toBe(true);
  });

  it("git records the CLI as executable, so `npm link` and a checkout run it directly", () => {
    const r = spawnSync("git", ["ls-files", "--stage", "dist/cli.js"], {
      cwd: new URL("..", import.meta.url).pathname,
      encoding: "utf8",
    });
    expect(r.stdout).toMatch(/^100755 /);
  });
});
