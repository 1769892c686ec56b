import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { testRepo } from "./helpers/git-repo.js";
import { monorepo, predict, record, toolEnv } from "./helpers/predict.js";

const config = (inputs: string) => `version: 1
environments:
  production: {}
artifacts:
  - name: api
    path: dist/apps/api
    inputs: ${inputs}
    predict: { nx: { project: api, target: build } }
`;

const DECLARED = "[apps/api/**, libs/**, nx.json, .gitignore]";

/** api:build counts its src/ but not the Markdown in it (a negated input in nx.json's targetDefaults). */
const FILES = {
  "package.json": JSON.stringify({ name: "platform", private: true, workspaces: ["apps/*", "libs/*"] }),
  "nx.json": JSON.stringify({
    targetDefaults: { build: { cache: true, inputs: ["{projectRoot}/src/**/*", "!{projectRoot}/src/**/*.md"] } },
  }),
  "apps/api/package.json": JSON.stringify({ name: "api", version: "1.0.0", scripts: { build: "build" } }),
  "apps/api/src/main.ts": "export const api = 1;\n",
  "apps/api/src/NOTES.md": "notes\n",
  "libs/util/package.json": JSON.stringify({ name: "util", version: "1.0.0" }),
  "libs/util/src/index.ts": "export const util = 1;\n",
};

function platform(inputs = DECLARED) {
  const repo = monorepo({ ...FILES, ".github/deploy-gate.yml": config(inputs) });
  repo.write("dist/apps/api/main.js", "built\n");
  repo.commit("release 1");
  return repo;
}

// Nx plans the workspace afresh on every call (no daemon, no cache in the checkout): seconds each.
describe("predict with nx", { timeout: 120_000, tags: ["slow"] }, () => {
  it("a declared input changed: the target's input files change, predicted-rebuild", async () => {
    const env = toolEnv();
    const repo = platform();
    expect((await predict(repo, env)).result).toMatchObject({ verdict: "first-deploy" });
    expect((await record(repo, env)).code).toBe(0);
    repo.write("apps/api/src/main.ts", "export const api = 2;\n");
    repo.commit("api v2");
    const rebuild = await predict(repo, env);
    expect(rebuild.code).toBe(0);
    expect(rebuild.result).toMatchObject({ verdict: "predicted-rebuild", status: "pass" });
    expect(rebuild.result.message).toContain("(apps/api/src/main.ts) and nx's api:build's build key changed");
    // Nx's project graph cache stays out of the checkout (it would be an input of `**` globs).
    expect(existsSync(join(repo.dir, ".nx"))).toBe(false);
  });

  it("an input nx ignores changed: predicted-skip names the file and the target's inputs", async () => {
    const env = toolEnv();
    const repo = platform();
    await record(repo, env);
    repo.write("apps/api/src/NOTES.md", "notes, and the fix's reasoning\n");
    repo.commit("notes");
    const skip = await predict(repo, env);
    expect(skip.code).toBe(1);
    expect(skip.result).toMatchObject({ verdict: "predicted-skip", status: "fail" });
    expect(skip.result.message).toMatch(
      /^apps\/api\/src\/NOTES\.md changed since the deploy at [0-9a-f]{7}, but nx's api:build does not count it, .*add it to the `inputs` of api:build \(nx\.json's targetDefaults/,
    );
  });

  it("a build input deploy-gate does not declare: undeclared-build-input (warn)", async () => {
    const repo = platform("[apps/api/**, libs/**]");
    const warned = await predict(repo, toolEnv());
    expect(warned.result).toMatchObject({ verdict: "undeclared-build-input", status: "warn" });
    expect(warned.result.message).toMatch(/^nx's api:build counts .*nx\.json.*, which `inputs` do not declare/);
  });

  it("nx not installed in the repository: exit 2 naming it", async () => {
    const repo = platform();
    repo.remove("node_modules");
    const run = await predict(repo, toolEnv());
    expect(run.code).toBe(2);
    expect(run.doc.error.message).toMatch(/^nx is not installed: /);
  });

  it("an nx that prints no input list, or cannot start, is predict-failed; a notice before the JSON is skipped", async () => {
    const repo = testRepo({ ...FILES, ".gitignore": "node_modules\n", ".github/deploy-gate.yml": config(DECLARED) });
    repo.commit();
    const fake = (script: string, mode = 0o755) => repo.write("node_modules/.bin/nx", `#!/bin/sh\n${script}\n`, mode);
    fake("echo 'not json'");
    expect((await predict(repo, toolEnv())).result).toMatchObject({
      verdict: "predict-failed",
      message:
        "`nx show target inputs api:build --json` printed no input list that deploy-gate can read; check that the repository's nx has `nx show target inputs`",
    });
    fake(`echo 'a notice'; echo '{"files": ["apps/api/src/main.ts"]}'`);
    expect((await predict(repo, toolEnv())).result).toMatchObject({ verdict: "first-deploy" });
    fake("echo never", 0o644);
    const denied = await predict(repo, toolEnv());
    expect(denied.result).toMatchObject({ verdict: "predict-failed" });
    expect(denied.result.message).toMatch(/could not start: nx is not executable/);
  });
});
