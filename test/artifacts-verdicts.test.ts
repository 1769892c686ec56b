import { readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { recordArtifacts, runArtifactsStage } from "../src/core/artifacts/stage.js";
import { StateFileStore } from "../src/core/artifacts/state-file.js";
import { parseConfig } from "../src/core/config/load.js";
import { runCli } from "./helpers/cli.js";
import { type TestRepo, testRepo } from "./helpers/git-repo.js";

const CONFIG = `version: 1
environments:
  production: {}
  staging: {}
artifacts:
  - name: tool
    path: bin/tool
    inputs: [cmd/tool/**, go.mod]
`;

function setup(config = CONFIG): TestRepo {
  const repo = testRepo({
    ".github/deploy-gate.yml": config,
    ".gitignore": "bin/\n.deploy-gate/\n*.log\n",
    "cmd/tool/main.go": "package main // v1\n",
    "go.mod": "module tool\n",
    "README.md": "docs\n",
  });
  repo.commit("initial");
  repo.write("bin/tool", "binary v1");
  return repo;
}

const artifacts = async (repo: TestRepo, ...extra: string[]) => {
  const run = await runCli(["artifacts", "--env", "production", "--json", "-C", repo.dir, ...extra]);
  const doc = JSON.parse(run.stdout);
  return { ...run, doc, result: doc.stages?.[0]?.results?.[0] };
};
const record = (repo: TestRepo, env = "production") => runCli(["record", "--env", env, "-C", repo.dir]);

describe("artifact verdicts on real repositories", () => {
  it("first-deploy when nothing is recorded, then unchanged after record", async () => {
    const repo = setup();
    const first = await artifacts(repo);
    expect(first.code).toBe(0);
    expect(first.result).toMatchObject({ id: "tool", status: "pass", verdict: "first-deploy" });
    expect(first.doc.commit).toBe(repo.git("rev-parse", "HEAD"));
    expect(first.result.file).toMatch(/\.github\/deploy-gate\.yml$/);
    expect(first.result.line).toBe(6);
    expect((await record(repo)).code).toBe(0);
    const again = await artifacts(repo);
    expect(again.result).toMatchObject({ status: "pass", verdict: "unchanged" });
  });

  it("skipped-rebuild names the changed inputs and the baseline commit; rebuilt once rebuilt", async () => {
    const repo = setup();
    await record(repo);
    const baseline = repo.git("rev-parse", "HEAD").slice(0, 7);
    repo.write("cmd/tool/main.go", "package main // v2 fix\n");
    repo.write("README.md", "more docs\n");
    repo.commit("the fix");
    const skipped = await artifacts(repo);
    expect(skipped.code).toBe(1);
    expect(skipped.result).toMatchObject({ status: "fail", verdict: "skipped-rebuild" });
    expect(skipped.result.message).toBe(
      `inputs changed (cmd/tool/main.go) but the artifact is byte-identical to the one deployed at ${baseline}; rebuild it (the build skipped it) before deploying`,
    );
    repo.write("bin/tool", "binary v2");
    const rebuilt = await artifacts(repo);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.result).toMatchObject({ status: "pass", verdict: "rebuilt" });
  });

  it("names the first three changed paths and how many more", async () => {
    const repo = setup();
    await record(repo);
    for (const n of [1, 2, 3, 4, 5]) repo.write(`cmd/tool/f${n}.go`, `package main // ${n}\n`);
    repo.commit();
    const { result } = await artifacts(repo);
    expect(result.message).toMatch(
      /^inputs changed \(cmd\/tool\/f1\.go, cmd\/tool\/f2\.go, cmd\/tool\/f3\.go, and 2 more\)/,
    );
  });

  it("the rollback: the older commit's inputs with the newer deployed artifact is skipped-rebuild", async () => {
    const repo = setup();
    const older = repo.git("rev-parse", "HEAD");
    await record(repo);
    repo.write("cmd/tool/main.go", "package main // v2\n");
    const newer = repo.commit("v2");
    repo.write("bin/tool", "binary v2");
    await record(repo);
    repo.git("checkout", "-q", older);
    const { result, code } = await artifacts(repo);
    expect(code).toBe(1);
    expect(result.verdict).toBe("skipped-rebuild");
    expect(result.message).toContain(`deployed at ${newer.slice(0, 7)}`);
    expect(result.message).toContain("cmd/tool/main.go");
  });

  it("undeclared-change warns (exit 0) and --strict makes it fail", async () => {
    const repo = setup();
    await record(repo);
    repo.write("bin/tool", "binary built with another compiler");
    const warned = await artifacts(repo);
    expect(warned.code).toBe(0);
    expect(warned.result).toMatchObject({ status: "warn", verdict: "undeclared-change" });
    const strict = await artifacts(repo, "--strict");
    expect(strict.code).toBe(1);
    expect(strict.result.status).toBe("fail");
  });

  it("missing whether or not a baseline exists; record refuses with exit 1 and writes nothing", async () => {
    const repo = setup();
    repo.remove("bin/tool");
    const before = await artifacts(repo);
    expect(before.code).toBe(1);
    expect(before.result).toMatchObject({ status: "fail", verdict: "missing" });
    expect(before.result.message).toContain("bin/tool is not there");
    const refused = await record(repo);
    expect(refused.code).toBe(1);
    expect(() => readFileSync(join(repo.dir, ".deploy-gate/state.json"))).toThrow();
    repo.write("bin/tool", "binary v1");
    await record(repo);
    const state = readFileSync(join(repo.dir, ".deploy-gate/state.json"));
    repo.remove("bin/tool");
    expect((await artifacts(repo)).result.verdict).toBe("missing");
    expect((await record(repo)).code).toBe(1);
    expect(readFileSync(join(repo.dir, ".deploy-gate/state.json")).equals(state)).toBe(true);
  });

  it("work-tree edits count by content; a touched but unchanged input stays unchanged; ignored files never count", async () => {
    const repo = setup();
    await record(repo);
    utimesSync(join(repo.dir, "cmd/tool/main.go"), new Date(2001, 1, 1), new Date(2001, 1, 1));
    repo.write("cmd/tool/debug.log", "ignored by .gitignore");
    expect((await artifacts(repo)).result.verdict).toBe("unchanged");
    repo.write("cmd/tool/extra.go", "package main // untracked\n");
    const untracked = await artifacts(repo);
    expect(untracked.result.verdict).toBe("skipped-rebuild");
    expect(untracked.result.message).toContain("cmd/tool/extra.go");
    repo.remove("cmd/tool/extra.go");
    repo.write("go.mod", "module tool\n\ngo 1.22\n");
    const modified = await artifacts(repo);
    expect(modified.result.verdict).toBe("skipped-rebuild");
    expect(modified.result.message).toContain("(go.mod)");
  });

  it("a deleted input changes the fingerprint", async () => {
    const repo = setup();
    repo.write("cmd/tool/old.go", "package main\n");
    repo.commit();
    await record(repo);
    repo.remove("cmd/tool/old.go");
    const { result } = await artifacts(repo);
    expect(result.verdict).toBe("skipped-rebuild");
    expect(result.message).toContain("cmd/tool/old.go");
  });

  it("a directory rebuilt with the same bytes but new mtimes and order is unchanged; an exec bit is a change", async () => {
    const repo = setup(CONFIG.replace("path: bin/tool", "path: dist"));
    repo.write("dist/a.js", "a");
    repo.write("dist/sub/b.js", "b");
    await record(repo);
    repo.remove("dist");
    repo.write("dist/sub/b.js", "b");
    repo.write("dist/a.js", "a");
    utimesSync(join(repo.dir, "dist/a.js"), new Date(2030, 1, 1), new Date(2030, 1, 1));
    repo.write("dist/empty/.keep-nothing", "");
    repo.remove("dist/empty/.keep-nothing");
    expect((await artifacts(repo)).result.verdict).toBe("unchanged");
    repo.write("dist/a.js", "a", 0o755);
    expect((await artifacts(repo)).result.verdict).toBe("undeclared-change");
  });

  it("a baseline commit absent from the clone still gets its verdict, and says to use fetch-depth: 0", async () => {
    const repo = setup();
    await record(repo);
    const path = join(repo.dir, ".deploy-gate/state.json");
    const state = JSON.parse(readFileSync(path, "utf8"));
    const entry = state.environments.production[0];
    entry.commit = "0123456789abcdef0123456789abcdef01234567";
    delete entry.artifacts.tool.files;
    entry.artifacts.tool.fingerprint = "sha256:from-a-commit-this-clone-lacks";
    writeFileSync(path, JSON.stringify(state));
    const { result } = await artifacts(repo);
    expect(result.verdict).toBe("skipped-rebuild");
    expect(result.message).toContain("inputs changed since 0123456");
    expect(result.message).toContain("use fetch-depth: 0");
  });

  it("without per-path ids in the record, the baseline commit's tree names the paths", async () => {
    const repo = setup();
    await record(repo);
    const path = join(repo.dir, ".deploy-gate/state.json");
    const state = JSON.parse(readFileSync(path, "utf8"));
    delete state.environments.production[0].artifacts.tool.files;
    writeFileSync(path, JSON.stringify(state));
    repo.write("go.mod", "module tool2\n");
    repo.commit();
    expect((await artifacts(repo)).result.message).toMatch(/^inputs changed \(go\.mod\)/);
  });

  it("environments are separate baselines, and artifacts outside the environment are skipped", async () => {
    const repo = setup(
      `${CONFIG}  - name: prod-only\n    path: bin/tool\n    inputs: [go.mod]\n    environments: [production]\n`,
    );
    await record(repo, "staging");
    const prod = await artifacts(repo);
    expect(prod.doc.stages[0].results.map((r: { verdict: string }) => r.verdict)).toEqual([
      "first-deploy",
      "first-deploy",
    ]);
    const staging = await runCli(["artifacts", "--env", "staging", "--json", "-C", repo.dir]);
    expect(JSON.parse(staging.stdout).stages[0].results).toEqual([
      expect.objectContaining({ id: "tool", verdict: "unchanged" }),
    ]);
  });
});

describe("wrong-revision from the record", () => {
  it("an artifact built from another commit whose inputs differ fails; a legitimate reuse passes", async () => {
    const repo = setup();
    const a = repo.git("rev-parse", "HEAD");
    await record(repo);
    repo.write("cmd/tool/main.go", "package main // v2\n");
    repo.commit();
    repo.write("bin/tool", "binary v2");
    await record(repo);
    repo.write("cmd/tool/main.go", "package main // v3\n");
    repo.commit();
    repo.write("bin/tool", "binary v1");
    const wrong = await artifacts(repo);
    expect(wrong.code).toBe(1);
    expect(wrong.result.verdict).toBe("wrong-revision");
    expect(wrong.result.message).toContain(`built from ${a.slice(0, 7)}`);
    // Back to v1's inputs: the v1 binary is a legitimate reuse, rebuilt against the v2 baseline.
    repo.write("cmd/tool/main.go", "package main // v1\n");
    repo.commit();
    const reuse = await artifacts(repo);
    expect(reuse.code).toBe(0);
    expect(reuse.result.verdict).toBe("rebuilt");
  });
});

describe("input globs", () => {
  it("match as picomatch does, dot files included, with the fast paths for plain paths and dir/**", async () => {
    const { inputMatcher } = await import("../src/core/artifacts/fingerprint.js");
    const m = inputMatcher(["src/**", "go.mod", "a/*.js", "{b,c}/**", "./d/**", "e\\*/**"]);
    const cases: [string, number][] = [
      ["src/a", 0],
      ["src/.hidden", 0],
      ["src", 0],
      ["srcx/a", -1],
      ["go.mod", 1],
      ["go.modx", -1],
      ["a/x.js", 2],
      ["a/b/x.js", -1],
      ["c/r/s", 3],
      ["e*/f", 5],
      ["ex/f", -1],
    ];
    for (const [path, index] of cases) expect([path, m.match(path)]).toEqual([path, index]);
  });
});

describe("work-tree hashing", () => {
  it("a changed symlink input is a change; re-pointing it back is not", async () => {
    const { symlinkSync, unlinkSync } = await import("node:fs");
    const repo = setup(`${CONFIG.replace("[cmd/tool/**, go.mod]", "[cmd/tool/**, go.mod, current]")}`);
    symlinkSync("go.mod", join(repo.dir, "current"));
    repo.commit();
    await record(repo);
    unlinkSync(join(repo.dir, "current"));
    symlinkSync("README.md", join(repo.dir, "current"));
    expect((await artifacts(repo)).result.verdict).toBe("skipped-rebuild");
    unlinkSync(join(repo.dir, "current"));
    symlinkSync("go.mod", join(repo.dir, "current"));
    expect((await artifacts(repo)).result.verdict).toBe("unchanged");
  });
});

describe("fingerprint determinism", () => {
  const CONFIG_ALL = `version: 1
environments:
  production: {}
artifacts:
  - name: tool
    path: bin/tool
    inputs: [src/**]
`;
  // git lists by UTF-8 bytes; "😀" sorts after "！" there but before it in UTF-16.
  const NAMES = ["src/a-b", "src/a.b", "src/a/x", "src/a0", "src/！.txt", "src/😀.txt", "src/z.txt"];

  it("the same files fingerprint the same whether committed or still untracked", async () => {
    const repo = testRepo({
      ".github/deploy-gate.yml": CONFIG_ALL,
      ".gitignore": "bin/\n.deploy-gate/\n",
      "src/m": "m",
    });
    repo.commit();
    for (const name of NAMES) repo.write(name, name);
    repo.write("bin/tool", "binary");
    expect((await record(repo)).code).toBe(0);
    repo.commit("add them");
    expect((await artifacts(repo)).result.verdict).toBe("unchanged");
    repo.remove("src/a0");
    const { result } = await artifacts(repo);
    expect(result.verdict).toBe("skipped-rebuild");
    expect(result.message).toContain("(src/a0)");
  });
});

describe("a record without per-path ids (more inputs than a record lists)", () => {
  it("each artifact names its own changed inputs from git's diff since their shared baseline", async () => {
    const config = `version: 1
environments:
  production: {}
artifacts:
  - { name: api, path: bin/api, inputs: [api/**] }
  - { name: web, path: bin/web, inputs: [web/**] }
`;
    const repo = testRepo({
      ".github/deploy-gate.yml": config,
      ".gitignore": "bin/\n",
      "api/main.go": "v1\n",
      "web/index.ts": "v1\n",
    });
    const baseline = repo.commit("initial");
    repo.write("bin/api", "api v1");
    repo.write("bin/web", "web v1");
    const options = (commit: string) => ({
      loaded: parseConfig(config, ".github/deploy-gate.yml"),
      environment: "production",
      repo: repo.dir,
      commit,
      values: {},
      baseline: new StateFileStore(join(repo.dir, ".git", "state.json")),
      howToRun: (stage: string, environment: string) => `deploy-gate ${stage} --env ${environment}`,
      // No paths in the record: only git's diff of the two commits can name what changed.
      maxRecordedPaths: 0,
    });
    await recordArtifacts(options(baseline));
    expect(readFileSync(join(repo.dir, ".git", "state.json"), "utf8")).not.toContain("api/main.go");
    repo.write("api/main.go", "v2\n");
    repo.write("web/index.ts", "v2\n");
    repo.write("web/new.ts", "new\n");
    const head = repo.commit("both");
    const report = await runArtifactsStage(options(head));
    expect(report.results.map((r) => [r.id, r.verdict, r.message.split(" but ")[0]])).toEqual([
      ["api", "skipped-rebuild", "inputs changed (api/main.go)"],
      ["web", "skipped-rebuild", "inputs changed (web/index.ts, web/new.ts)"],
    ]);
  });
});
