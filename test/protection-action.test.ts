import nock from "nock";
import { describe, expect, it } from "vitest";
import { namesRun } from "../src/github/protection.js";
import { ACTION_API, runActionInProcess, useActionProcess } from "./helpers/action-in-process.js";
import { oneArtifactConfig } from "./helpers/artifacts.js";
import { testRepo } from "./helpers/git-repo.js";

useActionProcess();

const CONFIG = oneArtifactConfig("bin/tool", "[src/**]");

/** An output the step wrote to GITHUB_OUTPUT (`name<<delimiter ... delimiter`). */
const outputOf = (file: string, name: string): string | undefined =>
  new RegExp(`^${name}<<(\\S+)\\n([\\s\\S]*?)\\n\\1$`, "m").exec(file)?.[2];

function built() {
  const repo = testRepo({
    ".github/deploy-gate.yml": CONFIG,
    "src/main.go": "package main\n",
    "go.mod": "module x\n",
    "bin/tool": "v1\n",
  });
  const commit = repo.commit();
  return { repo, commit };
}

/** GitHub for the artifacts stage and for record: no earlier deploys; what is created is kept. */
function deployments() {
  const created: unknown[] = [];
  const statuses: any[] = [];
  nock(ACTION_API)
    .persist()
    .get("/repos/acme/shop/deployments")
    .query(true)
    .reply(200, [])
    .post(/\/repos\/acme\/shop\/statuses\/\w+/)
    .reply(201, (_uri: string, body: unknown) => {
      statuses.push(body);
      return {};
    })
    .post("/repos/acme/shop/deployments")
    .reply(201, (_uri: string, body: unknown) => {
      created.push(body);
      return { id: 5 };
    })
    .post("/repos/acme/shop/deployments/5/statuses")
    .reply(201, {});
  return { created, statuses };
}

describe("the action's side of the protection rule", () => {
  it("names its workflow run in each status's target_url, as the rule counts it (GHES too)", async () => {
    const { repo } = built();
    const gh = deployments();
    Object.assign(process.env, { GITHUB_RUN_ID: "4711", GITHUB_SERVER_URL: "https://ghe.example.com" });
    await runActionInProcess(repo.dir, { stage: "artifacts", environment: "production" });
    expect(gh.statuses).toHaveLength(1);
    expect(gh.statuses[0].target_url).toBe("https://ghe.example.com/acme/shop/actions/runs/4711");
    expect(namesRun(gh.statuses[0].target_url, "https://ghe.example.com/acme/shop", 4711)).toBe(true);
  });

  it("outputs the digests it checked, and record records them when they are what was deployed", async () => {
    const { repo, commit } = built();
    const gh = deployments();
    const gate = await runActionInProcess(repo.dir, { stage: "artifacts", environment: "production" });
    const checked = outputOf(gate.output, "checked");
    expect(JSON.parse(checked ?? "{}")).toEqual({
      environment: "production",
      commit,
      artifacts: { tool: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) },
    });
    const record = await runActionInProcess(repo.dir, {
      stage: "record",
      environment: "production",
      checked: checked!,
    });
    expect(record.exitCode).toBeFalsy();
    expect(gh.created).toHaveLength(1);
  });

  it("record refuses an artifact whose digest differs from the one the gate checked", async () => {
    const { repo } = built();
    const gh = deployments();
    const gate = await runActionInProcess(repo.dir, { stage: "artifacts", environment: "production" });
    const checked = outputOf(gate.output, "checked")!;
    // Between the gate and the record, something else landed where the artifact is.
    repo.write("bin/tool", "v2, not what was checked\n");
    const record = await runActionInProcess(repo.dir, { stage: "record", environment: "production", checked });
    expect(record.exitCode).toBe(1);
    expect(record.summary).toContain("digest-changed");
    expect(gh.created).toEqual([]);
  });

  it("record refuses what the gate checked at another commit, or for another environment", async () => {
    const { repo, commit } = built();
    const gh = deployments();
    const other = JSON.stringify({
      environment: "production",
      commit: "f".repeat(40),
      artifacts: { tool: "sha256:x" },
    });
    const record = await runActionInProcess(repo.dir, { stage: "record", environment: "production", checked: other });
    expect(record.exitCode).toBe(1);
    expect(record.summary).toContain(`the gate checked fffffff, but this is ${commit.slice(0, 7)}`);
    const staging = JSON.stringify({ environment: "staging", commit, artifacts: {} });
    const wrong = await runActionInProcess(repo.dir, { stage: "record", environment: "production", checked: staging });
    expect(wrong.exitCode).toBe(2);
    const broken = await runActionInProcess(repo.dir, { stage: "record", environment: "production", checked: "{" });
    expect(broken.exitCode).toBe(2);
    expect(gh.created).toEqual([]);
  });
});
