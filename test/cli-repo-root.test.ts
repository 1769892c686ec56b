import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { testRepo } from "./helpers/git-repo.js";
import { tempDir } from "./helpers/tmp.js";

const CONFIG = `version: 1
environments:
  production: {}
artifacts:
  - { name: tool, path: bin/tool, inputs: ["src/**"] }
`;

function repoWithSubfolder() {
  const repo = testRepo({
    ".github/deploy-gate.yml": CONFIG,
    "src/deep/a.go": "a\n",
    ".gitignore": "bin/\n.deploy-gate/\n",
  });
  repo.commit();
  repo.write("bin/tool", "built");
  return repo;
}

describe("the CLI finds the repository root as git does", () => {
  it("run from a subfolder, it finds .github/deploy-gate.yml at the root", async () => {
    const repo = repoWithSubfolder();
    const { code, stdout, stderr } = await runCli(["validate"], { cwd: join(repo.dir, "src/deep") });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain("1 environment(s) (production)");
  });

  it("-C naming a subfolder works the same", async () => {
    const repo = repoWithSubfolder();
    expect((await runCli(["validate", "-C", join(repo.dir, "src")])).code).toBe(0);
  });

  it("a relative --state resolves against the root, not the subfolder", async () => {
    const repo = repoWithSubfolder();
    const sub = join(repo.dir, "src/deep");
    const out = await runCli(["record", "--env", "production", "--state", "gate-state.json"], { cwd: sub });
    expect(out.code).toBe(0);
    expect(existsSync(join(repo.dir, "gate-state.json"))).toBe(true);
    expect(existsSync(join(sub, "gate-state.json"))).toBe(false);
  });

  it("a relative --config resolves against the root", async () => {
    const repo = repoWithSubfolder();
    repo.write("ci/gate.yml", "version: 1\n");
    const { code, stdout } = await runCli(["validate", "--config", "ci/gate.yml"], { cwd: join(repo.dir, "src") });
    expect(code).toBe(0);
    expect(stdout).toMatch(/ci\/gate\.yml is valid/);
  });

  it("outside any repository the directory itself is the root", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "gate.yml"), "version: 1\n");
    expect((await runCli(["validate", "--config", "gate.yml"], { cwd: dir })).code).toBe(0);
  });
});

describe("-C names a directory that exists", () => {
  it("-C /nonexistent says the directory does not exist (exit 2)", async () => {
    const missing = join(tempDir(), "nonexistent");
    const { code, stderr, stdout } = await runCli(["validate", "-C", missing, "--json"]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `deploy-gate: -C ${missing}: the directory ${missing} does not exist; pass the repository's path\n`,
    );
    expect(JSON.parse(stdout).error.message).toContain("does not exist");
  });

  it("-C naming a file says it is not a directory", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "file"), "");
    const { code, stderr } = await runCli(["preflight", "--env", "x", "-C", join(dir, "file")]);
    expect(code).toBe(2);
    expect(stderr).toContain("is not a directory");
  });
});
