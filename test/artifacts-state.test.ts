import { execFile } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import type { DeployRecord } from "../src/core/artifacts/records.js";
import { HISTORY_LIMIT } from "../src/core/artifacts/records.js";
import { StateFileStore } from "../src/core/artifacts/state-file.js";
import { runCli } from "./helpers/cli.js";
import { testRepo } from "./helpers/git-repo.js";
import { tempDir } from "./helpers/tmp.js";

const ENVS = ["e1", "e2", "e3", "e4", "e5", "e6"];

const setup = () => {
  const repo = testRepo({
    ".github/deploy-gate.yml": `version: 1
environments:
${ENVS.map((e) => `  ${e}: {}`).join("\n")}
artifacts:
  - name: tool
    path: bin/tool
    inputs: [src/**]
`,
    ".gitignore": "bin/\n.deploy-gate/\n",
    "src/main.c": "int main() {}\n",
  });
  repo.commit();
  repo.write("bin/tool", "binary");
  return repo;
};

const record = (commit: string, n = 0): DeployRecord => ({
  tool: "deploy-gate",
  version: 1,
  environment: "production",
  commit,
  recordedAt: new Date(2026, 0, 1, 0, n).toISOString(),
  artifacts: { tool: { kind: "file", digest: `sha256:${n}`, fingerprint: "sha256:f" } },
});

/** A lock file as a run that crashed long ago leaves it. */
function leftByACrash(path: string): void {
  writeFileSync(path, "99999\n");
  utimesSync(path, new Date(2000, 0, 1), new Date(2000, 0, 1));
}

describe("the state file", () => {
  it("a corrupt state file exits 2, names the file, and stays byte-identical", async () => {
    const repo = setup();
    const path = join(repo.dir, ".deploy-gate/state.json");
    for (const body of [
      "{ not json",
      '{"version": 2, "environments": {}}',
      '{"version":1,"environments":{"e1":[{}]}}',
    ]) {
      repo.write(".deploy-gate/state.json", body);
      for (const command of ["artifacts", "record"]) {
        const { code, stderr, stdout } = await runCli([command, "--env", "e1", "-C", repo.dir, "--json"]);
        expect(code).toBe(2);
        expect(stderr).toMatch(
          /^deploy-gate: .*\.deploy-gate\/state\.json: the state file (is not valid JSON|is not a deploy-gate state file)/,
        );
        expect(JSON.parse(stdout).error.file).toContain("state.json");
        expect(readFileSync(path, "utf8")).toBe(body);
      }
    }
  });

  // A symlink that points at itself cannot be read by anyone, root included (CI runs as root,
  // which a mode of 000 does not stop).
  it("an unreadable state file exits 2 and is left alone", async () => {
    const repo = setup();
    mkdirSync(join(repo.dir, ".deploy-gate"), { recursive: true });
    const path = join(repo.dir, ".deploy-gate/state.json");
    symlinkSync("state.json", path);
    for (const command of ["artifacts", "record"]) {
      const { code, stderr } = await runCli([command, "--env", "e1", "-C", repo.dir]);
      expect(code).toBe(2);
      expect(stderr).toContain("cannot be read (ELOOP)");
      expect(readlinkSync(path)).toBe("state.json");
    }
  });

  it("a state path that is a directory is unreadable: exit 2", async () => {
    const repo = setup();
    repo.write(".deploy-gate/state.json/x", "");
    const { code, stderr } = await runCli(["artifacts", "--env", "e1", "-C", repo.dir]);
    expect(code).toBe(2);
    expect(stderr).toContain("cannot be read (EISDIR)");
  });

  it("artifacts never writes the state file; a relative --state resolves against -C", async () => {
    const repo = setup();
    await runCli(["artifacts", "--env", "e1", "-C", repo.dir, "--state", "custom/state.json"]);
    expect(existsSync(join(repo.dir, "custom"))).toBe(false);
    expect(existsSync(join(repo.dir, ".deploy-gate"))).toBe(false);
    await runCli(["record", "--env", "e1", "-C", repo.dir, "--state", "custom/state.json"]);
    const state = JSON.parse(readFileSync(join(repo.dir, "custom/state.json"), "utf8"));
    expect(state.environments.e1[0]).toMatchObject({
      tool: "deploy-gate",
      commit: repo.git("rev-parse", "HEAD"),
      artifacts: { tool: { kind: "file", files: { "src/main.c": repo.git("rev-parse", "HEAD:src/main.c") } } },
    });
  });

  it("records only digests, fingerprints, commits and paths, never a variable's value", async () => {
    const repo = testRepo({
      ".github/deploy-gate.yml": `version: 1
environments:
  production:
    variables: [{ dotenv: prod.env }]
    secrets: [TOKEN]
artifacts:
  - name: web
    image: ghcr.io/acme/web@\${DIGEST}
    inputs: [web/**]
`,
      "prod.env": `DIGEST=sha256:${"b".repeat(64)}\nTOKEN=canary-secret-value-123\n`,
      "web/a": "a",
    });
    repo.commit();
    const out = await runCli(["record", "--env", "production", "-C", repo.dir, "--json"]);
    expect(out.code).toBe(0);
    const text = readFileSync(join(repo.dir, ".deploy-gate/state.json"), "utf8");
    expect(text).not.toContain("canary-secret-value-123");
    expect(out.stdout + out.stderr).not.toContain("canary-secret-value-123");
    expect(JSON.parse(out.stdout).stages[0].results[0].verdict).toBe("recorded");
  });

  it("keeps a bounded history, newest first", async () => {
    const store = new StateFileStore(join(tempDir(), "s/state.json"));
    for (let n = 0; n < HISTORY_LIMIT + 5; n++) await store.save("production", record(`c${n}`.padEnd(40, "0"), n));
    const history = await store.history("production");
    expect(history).toHaveLength(HISTORY_LIMIT);
    expect(history[0].commit.startsWith(`c${HISTORY_LIMIT + 4}`)).toBe(true);
    expect((await store.latest("production"))?.artifacts.tool.digest).toBe(`sha256:${HISTORY_LIMIT + 4}`);
    expect(await store.latest("staging")).toBeUndefined();
  });

  it("concurrent records in one process never lose or corrupt an entry", async () => {
    const repo = setup();
    const runs = await Promise.all(ENVS.map((env) => runCli(["record", "--env", env, "-C", repo.dir])));
    expect(runs.map((r) => r.code)).toEqual(ENVS.map(() => 0));
    const state = JSON.parse(readFileSync(join(repo.dir, ".deploy-gate/state.json"), "utf8"));
    expect(Object.keys(state.environments).sort()).toEqual(ENVS);
    expect(existsSync(join(repo.dir, ".deploy-gate/state.json.lock"))).toBe(false);
  });

  it("concurrent records in separate processes never corrupt the state", { tags: ["slow"] }, async () => {
    const repo = setup();
    const cli = join(import.meta.dirname, "../src/cli/index.ts");
    const run = promisify(execFile);
    await Promise.all(
      ["e1", "e2", "e3"].map((env) =>
        run(process.execPath, ["--import", "tsx", cli, "record", "--env", env, "-C", repo.dir], {
          cwd: join(import.meta.dirname, ".."),
        }),
      ),
    );
    const state = JSON.parse(readFileSync(join(repo.dir, ".deploy-gate/state.json"), "utf8"));
    expect(Object.keys(state.environments).sort()).toEqual(["e1", "e2", "e3"]);
  });

  it("a stale lock from a crashed run is taken over", async () => {
    const dir = tempDir();
    const store = new StateFileStore(join(dir, "state.json"));
    leftByACrash(join(dir, "state.json.lock"));
    await store.save("production", record("a".repeat(40)));
    expect((await store.latest("production"))?.commit).toBe("a".repeat(40));
    expect(existsSync(join(dir, "state.json.lock"))).toBe(false);
  });

  it("several runs that find the same stale lock take it over one at a time: no record is lost", {
    tags: ["slow"],
  }, async () => {
    const commits = ["a", "b", "c", "d", "e", "f"].map((c) => c.repeat(40));
    // One round passed by luck before the breaker existed; 30 rounds lost a record in a third of them.
    for (let round = 0; round < 30; round++) {
      const dir = tempDir();
      leftByACrash(join(dir, "state.json.lock"));
      await Promise.all(commits.map((c) => new StateFileStore(join(dir, "state.json")).save("production", record(c))));
      const history = await new StateFileStore(join(dir, "state.json")).history("production");
      expect(history.map((r) => r.commit).sort()).toEqual(commits);
      expect(readdirSync(dir).sort()).toEqual(["state.json"]);
    }
  });

  it("a breaker left by a run that died while breaking a stale lock does not block later runs", async () => {
    const dir = tempDir();
    leftByACrash(join(dir, "state.json.lock"));
    leftByACrash(join(dir, "state.json.lock.break"));
    await new StateFileStore(join(dir, "state.json")).save("production", record("a".repeat(40)));
    expect((await new StateFileStore(join(dir, "state.json")).latest("production"))?.commit).toBe("a".repeat(40));
    expect(readdirSync(dir).sort()).toEqual(["state.json"]);
  });
});

describe("config and usage errors", () => {
  it("a glob that matches no file is a config error naming file, line and key path", async () => {
    const repo = testRepo({
      ".github/deploy-gate.yml": `version: 1
environments:
  production: {}
artifacts:
  - name: tool
    path: bin/tool
    inputs:
      - src/**
      - vendor/**
`,
      "src/a": "a",
    });
    repo.commit();
    const { code, stderr } = await runCli(["artifacts", "--env", "production"], { cwd: repo.dir });
    expect(code).toBe(2);
    expect(stderr).toBe(
      'deploy-gate: .github/deploy-gate.yml:9: artifacts[0].inputs[1]: glob "vendor/**" matches no file in the repository, so tool could never be checked; fix the pattern or remove it\n',
    );
  });

  it("an --env the config does not define is exit 2", async () => {
    const repo = setup();
    const { code, stderr } = await runCli(["artifacts", "--env", "prod", "-C", repo.dir]);
    expect(code).toBe(2);
    expect(stderr).toContain('environment "prod" is not defined');
  });

  it("a directory that is not a git checkout is exit 2", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "c.yml"), "version: 1\nenvironments: { production: {} }\n");
    const { code, stderr } = await runCli([
      "artifacts",
      "--env",
      "production",
      "-C",
      dir,
      "--config",
      join(dir, "c.yml"),
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain("is not a git checkout");
  });

  it("prints a human report without --json", async () => {
    const repo = setup();
    const { code, stdout } = await runCli(["artifacts", "--env", "e1", "-C", repo.dir]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/✓ tool\s+first-deploy\s+no deploy of tool to e1 is recorded yet/);
  });
});

describe("environments without artifacts", () => {
  it("the baseline of an artifact is the last deploy that carried it, not a later record without it", async () => {
    const repo = testRepo({
      ".github/deploy-gate.yml": `version: 1
environments:
  production: {}
artifacts:
  - { name: tool, path: bin/tool, inputs: [src/**] }
  - { name: web, path: bin/web, inputs: [web/**] }
`,
      ".gitignore": "bin/\n",
      "src/a": "a",
      "web/a": "a",
    });
    repo.commit();
    repo.write("bin/tool", "tool v1");
    repo.write("bin/web", "web v1");
    expect((await runCli(["record", "--env", "production", "-C", repo.dir])).code).toBe(0);
    // The tool is taken out of production for a while: a deploy records only the web.
    repo.write(
      ".github/deploy-gate.yml",
      "version: 1\nenvironments:\n  production: {}\nartifacts:\n  - { name: web, path: bin/web, inputs: [web/**] }\n",
    );
    repo.commit();
    expect((await runCli(["record", "--env", "production", "-C", repo.dir])).code).toBe(0);
    // It comes back with a changed input but the old bytes: still a skipped rebuild.
    repo.git("checkout", "-q", "HEAD~1", "--", ".github/deploy-gate.yml");
    repo.write("src/a", "b");
    repo.commit();
    const out = await runCli(["artifacts", "--env", "production", "--json", "-C", repo.dir]);
    expect(out.code).toBe(1);
    expect(JSON.parse(out.stdout).stages[0].results[0]).toMatchObject({ id: "tool", verdict: "skipped-rebuild" });
  });
});

describe("the state file in the repository", () => {
  it("is never an input, even under `**` and not gitignored", async () => {
    const repo = testRepo({
      ".github/deploy-gate.yml": `version: 1
environments:
  production: {}
artifacts:
  - name: tool
    path: bin/tool
    inputs: ["**"]
`,
      ".gitignore": "bin/\n",
      "src/a": "a",
    });
    repo.commit();
    repo.write("bin/tool", "binary");
    expect((await runCli(["record", "--env", "production", "-C", repo.dir])).code).toBe(0);
    const out = await runCli(["artifacts", "--env", "production", "--json", "-C", repo.dir]);
    expect(JSON.parse(out.stdout).stages[0].results[0].verdict).toBe("unchanged");
  });
});
