import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it, onTestFinished } from "vitest";
import { runCli } from "./helpers/cli.js";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

/** The option flags a command's --help lists, in order. */
async function optionsOf(command: string): Promise<string[]> {
  const { stdout } = await runCli([command, "--help"]);
  const block = stdout.split("\nOptions:\n")[1].split("\n\n")[0];
  return [...block.matchAll(/^ {2}(-{1,2}[A-Za-z][\w-]*)/gm)].map((m) => m[1]).filter((f) => f !== "-h");
}

describe("--help", () => {
  it("the top level lists every command, an example and the exit codes", async () => {
    const { code, stdout } = await runCli(["--help"]);
    expect(code).toBe(0);
    for (const command of ["gate", "artifacts", "record", "preflight", "checklist", "validate", "schema"]) {
      expect(stdout).toContain(command);
    }
    expect(stdout).toContain("$ deploy-gate gate --env production");
    expect(stdout).toMatch(/Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 /);
  });

  it.each([
    ["gate", ["--env", "-C", "--config", "--state", "--json", "--strict"]],
    ["artifacts", ["--env", "-C", "--config", "--state", "--json", "--strict"]],
    ["record", ["--env", "-C", "--config", "--state", "--json"]],
    ["preflight", ["--env", "-C", "--config", "--json", "--strict"]],
    ["checklist", ["--base", "--head", "--audit", "--pr", "--repo", "-C", "--config", "--json"]],
    ["validate", ["-C", "--config", "--json"]],
  ])("%s lists only the options it uses, required ones first", async (command, flags) => {
    expect(await optionsOf(command)).toEqual(flags);
  });

  it.each(["gate", "artifacts", "record", "preflight", "checklist"])(
    "%s marks its required options and shows an example and its exit codes",
    async (command) => {
      const { stdout } = await runCli([command, "--help"]);
      const required = command === "checklist" ? ["--base <ref>", "--head <ref>"] : ["--env <name>"];
      for (const flag of required) expect(stdout).toMatch(new RegExp(`${flag}.*\\(required\\)`));
      expect(stdout).toContain(`$ deploy-gate ${command} --`);
      expect(stdout).toMatch(/Exit codes:\n {2}0 [^\n]+\n/);
      expect(stdout).toMatch(/\n {2}2 [^\n]+/);
    },
  );

  it("an option a command does not use is a usage error there", async () => {
    const { code, stderr } = await runCli(["validate", "--strict"]);
    expect(code).toBe(2);
    expect(stderr).toContain("unknown option '--strict'");
  });
});

describe("--version", () => {
  it("prints package.json's version", async () => {
    const { code, stdout } = await runCli(["--version"]);
    expect(code).toBe(0);
    expect(stdout).toBe(`${pkg.version}\n`);
  });

  it("a bundle prints the version the build wrote into it, not a constant in the source", async () => {
    // Inside the checkout, so the bundle's external packages resolve from node_modules.
    const dir = mkdtempSync(fileURLToPath(new URL("../node_modules/.deploy-gate-test-", import.meta.url)));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const outfile = join(dir, "cli.mjs");
    await build({
      entryPoints: [fileURLToPath(new URL("../src/cli/index.ts", import.meta.url))],
      outfile,
      bundle: true,
      platform: "node",
      format: "esm",
      packages: "external",
      logLevel: "silent",
      define: { __DEPLOY_GATE_VERSION__: JSON.stringify("9.8.7-test") },
    });
    const r = spawnSync(process.execPath, [outfile, "--version"], {
      encoding: "utf8",
      cwd: fileURLToPath(new URL("..", import.meta.url)),
    });
    expect(r.stdout).toBe("9.8.7-test\n");
  });
});
