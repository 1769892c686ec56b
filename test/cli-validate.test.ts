import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { tempDir } from "./helpers/tmp.js";

const repoWith = (config: string | undefined) => {
  const dir = tempDir();
  if (config !== undefined) {
    mkdirSync(join(dir, ".github"));
    writeFileSync(join(dir, ".github/deploy-gate.yml"), config);
  }
  return dir;
};

describe("deploy-gate validate", () => {
  it("exits 0 and summarises a valid config found through -C", async () => {
    const dir = repoWith("version: 1\nenvironments:\n  production: {}\n");
    const { code, stdout, stderr } = await runCli(["validate", "-C", dir]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain("1 environment(s) (production)");
  });

  it("validates the example config shipped in examples/", async () => {
    const { code } = await runCli(["validate", "--config", "examples/deploy-gate.yml"]);
    expect(code).toBe(0);
  });

  it("exits 2 with one line FILE:LINE: key.path: message on stderr, no stack", async () => {
    const dir = repoWith("version: 1\npreflight:\n  - id: x\n    type: nope\n");
    const { code, stdout, stderr } = await runCli(["validate"], { cwd: dir });
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      'deploy-gate: .github/deploy-gate.yml:4: preflight[0].type: unknown check type "nope" (expected one of env, http, tcp, dns, command, k8s-refs, images-pinned, aws)\n',
    );
  });

  it("with --json, stdout carries exactly one error document", async () => {
    const dir = repoWith("version: 1\nbogus: true\n");
    const { code, stdout } = await runCli(["validate", "--json", "-C", dir]);
    expect(code).toBe(2);
    const doc = JSON.parse(stdout);
    expect(doc).toEqual({
      version: 1,
      ok: false,
      error: {
        message: 'unknown key "bogus"',
        file: expect.stringContaining("deploy-gate.yml"),
        line: 2,
        path: "bogus",
      },
      errors: [
        {
          message: 'unknown key "bogus"',
          file: expect.stringContaining("deploy-gate.yml"),
          line: 2,
          path: "bogus",
        },
      ],
    });
  });

  it("a config with several problems reports all of them: one line each, and `errors` under --json", async () => {
    const dir = repoWith("versoin: 1\nenviroments:\n  production: {}\ndefaults: { retries: -1 }\n");
    const text = await runCli(["validate"], { cwd: dir });
    expect(text.code).toBe(2);
    expect(text.stderr).toBe(
      [
        "deploy-gate: .github/deploy-gate.yml:1: version: is required (expected 1)",
        'deploy-gate: .github/deploy-gate.yml:1: versoin: unknown key "versoin"; did you mean "version"?',
        'deploy-gate: .github/deploy-gate.yml:2: enviroments: unknown key "enviroments"; did you mean "environments"?',
        "deploy-gate: .github/deploy-gate.yml:4: defaults.retries: must be at least 0",
        "",
      ].join("\n"),
    );
    expect(text.stderr).not.toContain("more problem");
    const json = await runCli(["validate", "--json"], { cwd: dir });
    const doc = JSON.parse(json.stdout);
    expect(doc.error).toEqual(doc.errors[0]);
    expect(doc.errors.map((e: { path: string; line: number }) => `${e.line}:${e.path}`)).toEqual([
      "1:version",
      "1:versoin",
      "2:enviroments",
      "4:defaults.retries",
    ]);
  });

  it("a missing config is exit 2, never a pass", async () => {
    const dir = repoWith(undefined);
    const { code, stderr } = await runCli(["validate", "-C", dir]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/deploy-gate\.yml: no such file; create it with at least `version: 1`/);
  });

  it("--json on success prints the summary document", async () => {
    const dir = repoWith("version: 1\nchecklist:\n  items: [{ id: a, text: b }]\n");
    const { stdout } = await runCli(["validate", "--json", "-C", dir]);
    expect(JSON.parse(stdout)).toMatchObject({ version: 1, ok: true, checklistItems: 1 });
  });
});

describe("usage", () => {
  it("an unknown command is exit 2", async () => {
    const { code, stderr } = await runCli(["bogus"]);
    expect(code).toBe(2);
    expect(stderr).toContain("unknown command 'bogus'");
  });

  it("a missing --env is exit 2, with the error document under --json", async () => {
    const { code, stdout } = await runCli(["preflight", "--json"]);
    expect(code).toBe(2);
    expect(JSON.parse(stdout).error.message).toContain("--env");
  });

  it("an --env without a value is a usage error, not an environment named after the next option", async () => {
    const { code, stdout } = await runCli(["artifacts", "--env", "--json"]);
    expect(code).toBe(2);
    expect(JSON.parse(stdout).error.message).toContain('"--json" is an option, not an environment name');
  });

  it("checklist refuses refs git would read as options", async () => {
    const dir = repoWith("version: 1\nchecklist:\n  items: [{ id: a, text: b }]\n");
    const { code, stderr } = await runCli([
      "checklist",
      "--base=--output=/tmp/deploy-gate-x",
      "--head",
      "HEAD",
      "-C",
      dir,
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain('--base "--output=/tmp/deploy-gate-x" is not a git ref');
  });

  it("--help is exit 0 and lists the commands", async () => {
    const { code, stdout } = await runCli(["--help"]);
    expect(code).toBe(0);
    for (const command of ["gate", "artifacts", "record", "preflight", "checklist", "validate", "schema"]) {
      expect(stdout).toContain(command);
    }
  });
});
