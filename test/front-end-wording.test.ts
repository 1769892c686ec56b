import { readFileSync } from "node:fs";
import { join } from "node:path";
import nock from "nock";
import { describe, expect, it } from "vitest";
import { ACTION_API, ACTION_SHA, runActionInProcess, useActionProcess } from "./helpers/action-in-process.js";
import { runCli } from "./helpers/cli.js";
import { testRepo } from "./helpers/git-repo.js";

useActionProcess();

function firstDeployRepo() {
  const repo = testRepo({
    ".github/deploy-gate.yml": `version: 1
environments:
  production: {}
artifacts:
  - { name: tool, path: bin/tool, inputs: ["src/**"] }
`,
    "src/a": "a\n",
    ".gitignore": "bin/\n.deploy-gate/\n",
  });
  repo.commit();
  repo.write("bin/tool", "built");
  return repo;
}

const firstDeployMessage = (report: any) => report.stages[0].results[0].message as string;

describe("messages name the front end's own way to run a stage", () => {
  it("the action says to run the action with `stage: record`, never a CLI command", async () => {
    const repo = firstDeployRepo();
    nock(ACTION_API)
      .get("/repos/acme/shop/deployments")
      .query(true)
      .reply(200, [])
      .post(`/repos/acme/shop/statuses/${ACTION_SHA}`)
      .reply(201, {});
    const out = await runActionInProcess(repo.dir, { stage: "artifacts", environment: "production" });
    expect(out.exitCode).toBeUndefined();
    const report = JSON.parse(
      readFileSync(join(process.env.RUNNER_TEMP!, "deploy-gate-artifacts-production.json"), "utf8"),
    );
    expect(firstDeployMessage(report)).toBe(
      "no deploy of tool to production is recorded yet; after deploying, run the action with `stage: record` and `environment: production`",
    );
    expect(out.summary).not.toContain("deploy-gate record");
  });

  it("the CLI says to run `deploy-gate record --env NAME`", async () => {
    const repo = firstDeployRepo();
    const { stdout } = await runCli(["artifacts", "--env", "production", "-C", repo.dir, "--json"]);
    expect(firstDeployMessage(JSON.parse(stdout))).toBe(
      "no deploy of tool to production is recorded yet; after deploying, run `deploy-gate record --env production`",
    );
  });
});
