import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { run } from "../src/action/run.js";
import { testRepo } from "./helpers/git-repo.js";
import { tempDir } from "./helpers/tmp.js";

const API = "https://api.github.com";
const SECRET = "canary-action-secret-991";

beforeAll(() => nock.disableNetConnect());

const saved = { ...process.env };
afterEach(() => {
  nock.cleanAll();
  process.env = { ...saved };
  process.exitCode = undefined;
});

/** Runs the action as the runner would: INPUT_* and GITHUB_* variables, files for outputs and summary. */
async function runAction(repo: string, inputs: Record<string, string>) {
  const runner = tempDir();
  const files = { output: join(runner, "output"), summary: join(runner, "summary"), event: join(runner, "event.json") };
  for (const file of Object.values(files)) writeFileSync(file, "");
  writeFileSync(files.event, JSON.stringify({ after: "x" }));
  Object.assign(process.env, {
    GITHUB_REPOSITORY: "acme/shop",
    GITHUB_EVENT_NAME: "push",
    GITHUB_EVENT_PATH: files.event,
    GITHUB_SHA: "0123456789012345678901234567890123456789",
    GITHUB_WORKSPACE: repo,
    GITHUB_API_URL: API,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    RUNNER_TEMP: runner,
    INPUT_TOKEN: "test-token",
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
  });
  await run(process.env);
  return {
    exitCode: process.exitCode,
    output: readFileSync(files.output, "utf8"),
    summary: readFileSync(files.summary, "utf8"),
  };
}

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
    const out = await runAction(repo.dir, {
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
    const out = await runAction(repo.dir, { stage: "record", environment: "production" });
    expect(out.exitCode).toBe(2);
    expect(out.output).toContain("false");
  });
});
