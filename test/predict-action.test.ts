import { readFileSync } from "node:fs";
import { join } from "node:path";
import nock from "nock";
import { describe, expect, it } from "vitest";
import { ACTION_API, ACTION_SHA, runActionInProcess, useActionProcess } from "./helpers/action-in-process.js";
import { testRepo } from "./helpers/git-repo.js";

useActionProcess();

const REPO = "/repos/acme/shop";

describe("the action's predict stage, against GitHub Deployments", () => {
  it("record carries the build key in the deployment; predict compares with it and sets deploy-gate/predict", async () => {
    const repo = testRepo({
      ".gitignore": "out/\nKEY\n",
      ".github/deploy-gate.yml": `version: 1
environments:
  production: {}
artifacts:
  - name: other
    path: out/other
    inputs: [other/**]
    predict: { command: "cat KEY" }
`,
      "other/main.c": "int main() { return 1; }\n",
    });
    repo.write("KEY", "key-1\n");
    repo.write("out/other", "built 1\n");
    repo.commit();
    let payload: any;
    // record reads no baseline and sets no commit status: it creates the deployment.
    nock(ACTION_API)
      .post(`${REPO}/deployments`, (body) => {
        payload = body.payload;
        return true;
      })
      .reply(201, { id: 7 })
      .post(`${REPO}/deployments/7/statuses`)
      .reply(201, {});
    const recorded = await runActionInProcess(repo.dir, { stage: "record", environment: "production" });
    expect(recorded.exitCode).toBeUndefined();
    expect(payload.artifacts.other.buildKey).toMatch(/^command:[0-9a-f]{64}$/);
    expect(nock.isDone()).toBe(true);

    // The fix is merged; the build key does not move with it.
    repo.write("other/main.c", "int main() { return 0; }\n");
    repo.commit("the fix");
    let status: any;
    nock(ACTION_API)
      .get(`${REPO}/deployments`)
      .query(true)
      .reply(200, [{ id: 7, environment: "production", payload }])
      .get(`${REPO}/deployments/7/statuses`)
      .query(true)
      .reply(200, [{ state: "success" }])
      .post(`${REPO}/statuses/${ACTION_SHA}`, (body) => {
        status = body;
        return true;
      })
      .reply(201, {});
    const predicted = await runActionInProcess(repo.dir, { stage: "predict", environment: "production" });
    expect(predicted.exitCode).toBe(1);
    expect(status).toMatchObject({ context: "deploy-gate/predict (production)", state: "failure" });
    const report = JSON.parse(
      readFileSync(join(process.env.RUNNER_TEMP!, "deploy-gate-predict-production.json"), "utf8"),
    );
    expect(report.stages[0]).toMatchObject({ stage: "predict", ok: false });
    expect(report.stages[0].results[0]).toMatchObject({ id: "other", verdict: "predicted-skip" });
    expect(nock.isDone()).toBe(true);
  });
});
