import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { testRepo } from "./helpers/git-repo.js";
import { examplePayload } from "./helpers/payloads.js";
import { runAction } from "./helpers/run-action.js";
import { tempDir } from "./helpers/tmp.js";

/** A checkout as actions/checkout leaves it: a git repository with everything committed. */
function checkout(files: Record<string, string>): { dir: string; sha: string; commit: (message: string) => string } {
  const repo = testRepo(files, tempDir("deploy-gate-ws-"));
  return { dir: repo.dir, sha: repo.commit("init"), commit: repo.commit };
}

/** A push run on a checkout whose config is just `version: 1`, calling no API. */
function pushWithMinimalConfig(inputs: Record<string, string>) {
  const ws = checkout({ ".github/deploy-gate.yml": "version: 1\n" });
  return runAction({
    inputs,
    workspace: ws.dir,
    eventName: "push",
    payload: examplePayload("push"),
    sha: ws.sha,
    mocks: [],
  });
}

describe("action.yml, run as the runner runs it", () => {
  it("a broken config exits 2, annotates the config line, sets ok=false and calls no API", () => {
    const ws = checkout({ ".github/deploy-gate.yml": "version: 1\npreflight:\n  - id: x\n    type: nope\n" });
    const payload = examplePayload("pull_request", "opened");
    const run = runAction({
      inputs: { environment: "production" },
      workspace: ws.dir,
      eventName: "pull_request",
      payload,
      sha: ws.sha,
      mocks: [],
    });
    expect(run.exitCode).toBe(2);
    expect(run.outputs.ok).toBe("false");
    expect(run.calls).toEqual([]);
    expect(run.annotations).toContainEqual({
      level: "error",
      props: expect.objectContaining({ file: ".github/deploy-gate.yml", line: "4" }),
      message: expect.stringContaining('unknown check type "nope"'),
    });
    expect(run.stdout).not.toMatch(/\n\s+at /);
  });

  it("a stage other than checklist without an environment says which input is missing", () => {
    const run = pushWithMinimalConfig({});
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toContain("::error::the `gate` stage needs the `environment` input");
  });

  it("invalid JSON in `secrets` fails without echoing the value", () => {
    const run = pushWithMinimalConfig({ environment: "production", secrets: '{"API_KEY": "CANARY-s3cr3t"' });
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toContain("the `secrets` input is not valid JSON");
    expect(run.stdout).not.toContain("CANARY");
  });
});

describe("the gate through action.yml, against GitHub Deployments and statuses (nock)", () => {
  const CANARY = "CANARY-api-key-5f1e9d";
  const config = `version: 1
environments:
  production:
    variables: [{ dotenv: deploy/production.env }]
    secrets: [API_KEY]
artifacts:
  - { name: tool, path: bin/tool, inputs: ["src/**"] }
preflight:
  - { id: env, type: env, required: [REGION, API_KEY] }
`;
  const REPO = "/repos/Codertocat/Hello-World";

  it("records, then fails a skipped rebuild and passes once rebuilt, with statuses on the PR head", () => {
    const ws = checkout({
      ".github/deploy-gate.yml": config,
      ".gitignore": "bin/\n",
      "deploy/production.env": "REGION=eu-west-1\n",
      "src/main.go": "package main // v1\n",
    });
    mkdirSync(join(ws.dir, "bin"));
    writeFileSync(join(ws.dir, "bin/tool"), "tool built from v1");
    const payload = examplePayload("pull_request", "opened");
    const head = payload.pull_request.head.sha;
    const inputs = { environment: "production", secrets: JSON.stringify({ API_KEY: CANARY }) };

    const recorded = runAction({
      inputs: { ...inputs, stage: "record" },
      workspace: ws.dir,
      eventName: "push",
      payload: examplePayload("push"),
      sha: ws.sha,
      mocks: [
        { method: "POST", path: `^${REPO}/deployments$`, status: 201, body: { id: 7 } },
        { method: "POST", path: `^${REPO}/deployments/7/statuses$`, status: 201, body: {} },
      ],
    });
    expect(recorded.exitCode).toBe(0);
    expect(recorded.pending).toEqual([]);
    const deployment = recorded.calls.find((c) => c.path.endsWith("/deployments"))!.body;
    expect(deployment).toMatchObject({ environment: "production", required_contexts: [], ref: ws.sha });

    const baseline = [
      {
        method: "GET",
        path: `^${REPO}/deployments\\?`,
        status: 200,
        body: [{ id: 7, environment: "production", payload: deployment.payload }],
      },
      { method: "GET", path: `^${REPO}/deployments/7/statuses`, status: 200, body: [{ state: "success" }] },
    ];
    const statuses = { method: "POST", path: `^${REPO}/statuses/${head}$`, status: 201, body: {}, times: 2 };

    // The fix is merged, but the build skipped the tool: byte-identical artifact.
    writeFileSync(join(ws.dir, "src/main.go"), "package main // v2, the fix\n");
    const fixSha = ws.commit("the fix");
    const gateOnPullRequest = () =>
      runAction({
        inputs,
        workspace: ws.dir,
        eventName: "pull_request",
        payload,
        sha: fixSha,
        mocks: [...baseline, statuses],
      });
    const skipped = gateOnPullRequest();
    expect(skipped.exitCode).toBe(1);
    expect(skipped.outputs.ok).toBe("false");
    expect(skipped.pending).toEqual([]);
    const posted = skipped.calls.filter((c) => c.path.includes("/statuses/"));
    expect(posted.map((c) => [c.body.context, c.body.state])).toEqual([
      ["deploy-gate/artifacts (production)", "failure"],
      ["deploy-gate/preflight (production)", "success"],
    ]);
    expect(skipped.summary).toContain("skipped-rebuild");
    expect(skipped.annotations).toContainEqual(
      expect.objectContaining({ level: "error", props: expect.objectContaining({ file: ".github/deploy-gate.yml" }) }),
    );
    const report = JSON.parse(readFileSync(skipped.outputs.report, "utf8"));
    expect(report).toMatchObject({ version: 1, environment: "production", commit: fixSha, ok: false });

    writeFileSync(join(ws.dir, "bin/tool"), "tool built from v2");
    const rebuilt = gateOnPullRequest();
    expect(rebuilt.exitCode).toBe(0);
    expect(rebuilt.outputs.ok).toBe("true");
    expect(rebuilt.calls.filter((c) => c.path.includes("/statuses/")).map((c) => c.body.state)).toEqual([
      "success",
      "success",
    ]);
    expect(rebuilt.summary).toContain("rebuilt");

    for (const run of [recorded, skipped, rebuilt]) {
      // `::add-mask::` lines are commands the runner consumes; it never shows them.
      const shown = run.stdout.replace(/^::add-mask::.*$/gm, "");
      const everything = shown + run.summary + JSON.stringify(run.calls) + readFileSync(run.outputs.report, "utf8");
      expect(everything).not.toContain(CANARY);
    }
    expect(skipped.stdout).toContain(`::add-mask::${CANARY}`);
  });
});
