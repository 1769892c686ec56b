import { describe, expect, it } from "vitest";
import { testRepo } from "./helpers/git-repo.js";
import { monorepo, predict, record, toolEnv } from "./helpers/predict.js";

const config = (inputs: string, task = "web#build") => `version: 1
environments:
  production: {}
artifacts:
  - name: web
    path: apps/web/dist
    inputs: ${inputs}
    predict: { turbo: { task: "${task}" } }
`;

const DECLARED = "[apps/web/**, packages/ui/**, package.json, turbo.json]";

/** web depends on ui; turbo's build task counts only src/** (and package.json) of each package. */
const FILES = {
  "package.json": JSON.stringify({
    name: "shop",
    private: true,
    packageManager: "npm@11.0.0",
    workspaces: ["apps/*", "packages/*"],
  }),
  "turbo.json": JSON.stringify({
    tasks: { build: { dependsOn: ["^build"], inputs: ["src/**"], outputs: ["dist/**"] } },
  }),
  "apps/web/package.json": JSON.stringify({
    name: "web",
    version: "1.0.0",
    scripts: { build: "build" },
    dependencies: { ui: "*" },
  }),
  "apps/web/src/index.ts": "export const web = 1;\n",
  "apps/web/README.md": "the web app\n",
  "packages/ui/package.json": JSON.stringify({ name: "ui", version: "1.0.0", scripts: { build: "build" } }),
  "packages/ui/src/index.ts": "export const ui = 1;\n",
};

function shop(inputs = DECLARED, task?: string) {
  const repo = monorepo({ ...FILES, ".github/deploy-gate.yml": config(inputs, task) });
  repo.write("apps/web/dist/index.js", "built\n");
  repo.commit("release 1");
  return repo;
}

describe("predict with turbo", () => {
  it("a declared input changed: turbo's hash changes, predicted-rebuild; record stored the hash", async () => {
    const env = toolEnv();
    const repo = shop();
    expect((await predict(repo, env)).result).toMatchObject({ verdict: "first-deploy", status: "pass" });
    expect((await record(repo, env)).code).toBe(0);
    expect((await predict(repo, env)).result).toMatchObject({ verdict: "unchanged" });
    // A dependency's source: turbo's web#build hash covers ui#build's.
    repo.write("packages/ui/src/index.ts", "export const ui = 2;\n");
    repo.commit("ui v2");
    const rebuild = await predict(repo, env);
    expect(rebuild.code).toBe(0);
    expect(rebuild.result).toMatchObject({ verdict: "predicted-rebuild", status: "pass" });
    expect(rebuild.result.message).toMatch(
      /^inputs changed since the deploy at [0-9a-f]{7} \(packages\/ui\/src\/index\.ts\) and turbo's web#build's build key changed \([0-9a-f]{12} to [0-9a-f]{12}\)/,
    );
  });

  it("an input turbo ignores changed: predicted-skip names the file and turbo.json's inputs", async () => {
    const env = toolEnv();
    const repo = shop();
    await record(repo, env);
    repo.write("apps/web/README.md", "the web app, now documented\n");
    repo.commit("docs");
    const skip = await predict(repo, env);
    expect(skip.code).toBe(1);
    expect(skip.result).toMatchObject({ verdict: "predicted-skip", status: "fail" });
    expect(skip.result.message).toMatch(
      /^apps\/web\/README\.md changed since the deploy at [0-9a-f]{7}, but turbo's web#build does not count it, so the build would not rebuild for it; add it to the `inputs` of web#build in turbo\.json/,
    );
    // Even alongside a counted change, the ignored one is still named: the build would drop it.
    repo.write("apps/web/src/index.ts", "export const web = 2;\n");
    repo.commit("code too");
    expect((await predict(repo, env)).result).toMatchObject({ verdict: "predicted-skip" });
  });

  it("a build input deploy-gate does not declare: undeclared-build-input (warn)", async () => {
    const env = toolEnv();
    const repo = shop("[apps/web/src/**, packages/ui/**, turbo.json]");
    const warned = await predict(repo, env);
    expect(warned.code).toBe(0);
    expect(warned.result).toMatchObject({ verdict: "undeclared-build-input", status: "warn" });
    expect(warned.result.message).toBe(
      "turbo's web#build counts apps/web/package.json, package.json, which `inputs` do not declare, so the artifacts stage could miss a change to them; add them to `inputs`",
    );
  });

  it("a task turbo does not plan fails, naming the tasks it did plan", async () => {
    const repo = shop(DECLARED, "web#bulid");
    const run = await predict(repo, toolEnv());
    expect(run.code).toBe(1);
    expect(run.result).toMatchObject({ verdict: "predict-failed", status: "fail" });
    expect(run.result.message).toMatch(/web#bulid/);
  });

  it("turbo not installed in the repository: exit 2 naming it", async () => {
    const repo = testRepo({ ...FILES, ".github/deploy-gate.yml": config(DECLARED) });
    repo.commit();
    const run = await predict(repo, toolEnv());
    expect(run.code).toBe(2);
    expect(run.doc.error.message).toMatch(/^turbo is not installed: .*npm ci/);
  });

  it("turbo installed without its platform binary: exit 2, and no attempt to install it", async () => {
    const repo = testRepo({ ...FILES, ".github/deploy-gate.yml": config(DECLARED) });
    repo.write("node_modules/turbo/package.json", JSON.stringify({ name: "turbo", version: "2.11.11" }));
    repo.commit();
    const run = await predict(repo, toolEnv());
    expect(run.code).toBe(2);
    expect(run.doc.error.message).toMatch(/^turbo is installed without its binary for [a-z]+-[a-z0-9]+ \(@turbo\//);
  });

  it("a turbo on PATH that prints no dry run is predict-failed", async () => {
    const repo = testRepo({ ...FILES, ".github/deploy-gate.yml": config(DECLARED) });
    repo.write("node_modules/.bin/turbo", '#!/bin/sh\necho \'{"version": "1"}\'\n', 0o755);
    repo.commit();
    const run = await predict(repo, toolEnv());
    expect(run.result).toMatchObject({ verdict: "predict-failed", status: "fail" });
    expect(run.result.message).toMatch(/printed no dry-run JSON that deploy-gate can read/);
  });
});
