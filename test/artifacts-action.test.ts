import { readFileSync } from "node:fs";
import { join } from "node:path";
import nock from "nock";
import { describe, expect, it } from "vitest";
import { runActionInProcess, useActionProcess } from "./helpers/action-in-process.js";
import { testRepo } from "./helpers/git-repo.js";

const API = "https://api.github.com";
const SECRET = "canary-action-secret-991";

useActionProcess();

describe("the action runs the artifacts stage end to end", () => {
  it("fails the step on a mutable ref, sets the commit status, and never shows a secret", async () => {
    const repo = testRepo({
      ".github/deploy-gate.yml": `version: 1
environments:
  production:
    variables: [{ process: true }]
    secrets: [API_KEY]
artifacts:
  - name: web
    image: ghcr.io/acme/web:\${API_KEY}
    inputs: [web/**]
`,
      "web/index.html": "v1\n",
    });
    repo.commit();
    let status: any;
    nock(API)
      .get("/repos/acme/shop/deployments")
      .query(true)
      .reply(200, [])
      .post("/repos/acme/shop/statuses/0123456789012345678901234567890123456789", (body) => {
        status = body;
        return true;
      })
      .reply(201, {});
    const out = await runActionInProcess(repo.dir, {
      stage: "artifacts",
      environment: "production",
      secrets: JSON.stringify({ API_KEY: SECRET }),
    });
    expect(out.exitCode).toBe(1);
    expect(status).toMatchObject({ context: "deploy-gate/artifacts (production)", state: "failure" });
    expect(out.output).toContain("ok");
    const report = JSON.parse(
      readFileSync(join(process.env.RUNNER_TEMP!, "deploy-gate-artifacts-production.json"), "utf8"),
    );
    expect(report.stages[0].results[0].verdict).toBe("mutable-ref");
    expect(JSON.stringify(report) + out.summary + JSON.stringify(status)).not.toContain(SECRET);
    expect(nock.isDone()).toBe(true);
  });

  it("a config error stops the step with exit 2", async () => {
    const repo = testRepo({ ".github/deploy-gate.yml": "version: 1\n", a: "a" });
    repo.commit();
    const out = await runActionInProcess(repo.dir, { stage: "record", environment: "production" });
    expect(out.exitCode).toBe(2);
    expect(out.output).toContain("false");
  });
});
