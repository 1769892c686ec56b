import { join } from "node:path";
import nock from "nock";
import { describe, expect, it } from "vitest";
import { actionOutput } from "../src/action/output.js";
import { runActionStage } from "../src/action/run.js";
import type { StageDeps } from "../src/action/stages/types.js";
import type { DeployRecord } from "../src/core/artifacts/records.js";
import { loadConfig } from "../src/core/config/load.js";
import { UserError } from "../src/core/errors.js";
import { DeploymentsStore } from "../src/github/deployments.js";
import { createOctokit } from "../src/github/octokit.js";
import { testRepo } from "./helpers/git-repo.js";
import { examplePayload } from "./helpers/payloads.js";

// Real shapes from GitHub's webhook examples: the deployment and status objects the REST API lists.
const DEPLOYMENT = examplePayload("deployment").deployment;
const STATUS = examplePayload("deployment_status").deployment_status;

const API = "https://api.github.com";
const OWNER = "acme";
const REPO = "shop";
const LIST = `/repos/${OWNER}/${REPO}/deployments`;

const deployment = (id: number, environment: string, payload: unknown) => ({
  ...DEPLOYMENT,
  id,
  environment,
  original_environment: environment,
  payload,
});
const status = (state: string) => [{ ...STATUS, state }];

const recordOf = (commit: string, environment = "production", digest = "sha256:aaa"): DeployRecord => ({
  tool: "deploy-gate",
  version: 1,
  environment,
  commit,
  recordedAt: "2026-01-01T00:00:00.000Z",
  artifacts: { tool: { kind: "file", digest, fingerprint: "sha256:fff" } },
});

const github = () => createOctokit({ token: "test-token", retries: 0 });

describe("GitHub Deployments as the baseline", () => {
  it("takes the latest successful deploy-gate deployment, paginating, skipping others and inactive ones", async () => {
    const wanted = recordOf("b".repeat(40));
    const older = recordOf("c".repeat(40));
    nock(API)
      .get(LIST)
      .query({ environment: "production", per_page: "100" })
      .reply(
        200,
        [
          deployment(1, "production", {}),
          deployment(2, "staging", recordOf("d".repeat(40), "staging")),
          deployment(3, "production", recordOf("e".repeat(40))),
          deployment(4, "production", JSON.stringify({ tool: "someone-else" })),
        ],
        { link: `<${API}${LIST}?environment=production&per_page=100&page=2>; rel="next"` },
      )
      .get(`${LIST}/3/statuses`)
      .query({ per_page: "1" })
      .reply(200, status("failure"))
      .get(LIST)
      .query({ environment: "production", per_page: "100", page: "2" })
      .reply(200, [deployment(5, "production", JSON.stringify(wanted)), deployment(6, "production", older)])
      .get(`${LIST}/5/statuses`)
      .query({ per_page: "1" })
      .reply(200, status("success"))
      .get(`${LIST}/6/statuses`)
      .query({ per_page: "1" })
      .reply(200, status("inactive"));
    const store = new DeploymentsStore(github(), { owner: OWNER, repo: REPO });
    expect(await store.latest("production")).toEqual(wanted);
    expect((await store.history("production")).map((r) => r.commit)).toEqual([wanted.commit, older.commit]);
    expect(nock.isDone()).toBe(true);
  });

  it("a scan whose answer is no longer wanted stops: the signal ends the request under way, and nothing after it is asked", async () => {
    const unwanted = new AbortController();
    const scope = nock(API)
      .get(LIST)
      .query(true)
      .delay(200)
      .reply(() => {
        // The stage gives up while GitHub is still answering the first page.
        unwanted.abort(new Error("the stage failed"));
        return [200, [deployment(1, "production", recordOf("b".repeat(40)))]];
      })
      .get(`${LIST}/1/statuses`)
      .query(true)
      .reply(200, status("success"));
    const store = new DeploymentsStore(github(), { owner: OWNER, repo: REPO });
    await expect(store.latest("production", unwanted.signal)).rejects.toThrow();
    expect(scope.pendingMocks()).toEqual([expect.stringContaining(`${LIST}/1/statuses`)]);
  });

  it("no deploy-gate deployment means no baseline", async () => {
    nock(API)
      .get(LIST)
      .query(true)
      .reply(200, [deployment(1, "production", {})]);
    const store = new DeploymentsStore(github(), { owner: OWNER, repo: REPO });
    expect(await store.latest("production")).toBeUndefined();
    expect(await store.history("production")).toEqual([]);
  });

  it("no record within the pages it reads is an unknown baseline (exit 1), never a first deploy", async () => {
    const foreign = Array.from({ length: 100 }, (_, i) => deployment(i + 1, "production", {}));
    const scope = nock(API);
    for (let page = 1; page <= 10; page++) {
      scope
        .get(LIST)
        .query(
          page === 1
            ? { environment: "production", per_page: "100" }
            : { environment: "production", per_page: "100", page: String(page) },
        )
        .reply(200, foreign, {
          link: `<${API}${LIST}?environment=production&per_page=100&page=${page + 1}>; rel="next"`,
        });
    }
    const error = await new DeploymentsStore(github(), { owner: OWNER, repo: REPO })
      .latest("production")
      .catch((e) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error.exitCode).toBe(1);
    expect(error.message).toContain(
      "none of the latest 1000 deployments to production is a successful deploy-gate record",
    );
    // The store is the action's: the way out is said in the action's words.
    expect(error.message).toContain("run the action with `stage: record` after the next deploy");
    expect(scope.isDone()).toBe(true);
  });

  it("a 500 fails closed (exit 1) with a clear message", async () => {
    nock(API).get(LIST).query(true).reply(500, { message: "Server Error" });
    const store = new DeploymentsStore(github(), { owner: OWNER, repo: REPO });
    const error = await store.latest("production").catch((e) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe(
      "GitHub failed while listing the deployments to production (HTTP 500), so the gate fails closed; re-run the job once GitHub is healthy",
    );
  });

  it("a refused token is a setup error (exit 2) naming the permission", async () => {
    nock(API).get(LIST).query(true).reply(403, { message: "Resource not accessible by integration" });
    const error = await new DeploymentsStore(github(), { owner: OWNER, repo: REPO })
      .latest("production")
      .catch((e) => e);
    expect(error.exitCode).toBe(2);
    // Listing takes `deployments: read`; recording, the write (test/github-errors.test.ts).
    expect(error.message).toContain("lacks `deployments: read`");
    expect(error.message).toContain("(listing the deployments to production)");
  });
});

const CONFIG = `version: 1
environments:
  production: {}
artifacts:
  - name: tool
    path: bin/tool
    inputs: [src/**]
`;

function actionRepo() {
  const repo = testRepo({
    ".github/deploy-gate.yml": CONFIG,
    ".gitignore": "bin/\n",
    "src/main.go": "package main\n",
  });
  repo.commit();
  repo.write("bin/tool", "binary");
  return repo;
}

const deps = (dir: string, stage: "artifacts" | "record", log: string[] = []): StageDeps => ({
  inputs: {
    stage,
    environment: "production",
    config: ".github/deploy-gate.yml",
    token: "test-token",
    variables: {},
    secrets: {},
    strict: false,
    workingDirectory: ".",
  },
  run: {
    eventName: "push",
    payload: {},
    owner: OWNER,
    repo: REPO,
    sha: "",
    apiUrl: API,
    serverUrl: "https://github.com",
    workspace: dir,
  },
  repo: dir,
  github,
  statusSha: async () => "",
  out: actionOutput(),
  log: (line) => log.push(line),
  config: () => loadConfig(join(dir, ".github/deploy-gate.yml"), ".github/deploy-gate.yml"),
});

describe("the action's artifacts and record stages", () => {
  it("record creates a deployment with required_contexts [] and auto_merge false, then a success status", async () => {
    const repo = actionRepo();
    const head = repo.git("rev-parse", "HEAD");
    let body: any;
    nock(API)
      .post(LIST, (b) => {
        body = b;
        return true;
      })
      .reply(201, { ...DEPLOYMENT, id: 77 })
      .post(`${LIST}/77/statuses`, { state: "success", description: "recorded by deploy-gate" })
      .reply(201, STATUS);
    const report = await runActionStage(deps(repo.dir, "record"));
    expect(report.ok).toBe(true);
    expect(report.stages[0].results[0].verdict).toBe("recorded");
    expect(body).toMatchObject({
      ref: head,
      environment: "production",
      required_contexts: [],
      auto_merge: false,
      payload: { tool: "deploy-gate", version: 1, environment: "production", commit: head },
    });
    expect(body.payload.artifacts.tool.files).toEqual({ "src/main.go": repo.git("rev-parse", "HEAD:src/main.go") });
    expect(nock.isDone()).toBe(true);
  });

  it("record writes nothing when an artifact is missing (the report fails)", async () => {
    const repo = actionRepo();
    repo.remove("bin/tool");
    const report = await runActionStage(deps(repo.dir, "record"));
    expect(report.ok).toBe(false);
    expect(report.stages[0].results[0]).toMatchObject({ verdict: "missing", status: "fail" });
  });

  it("a failed deployment creation fails closed", async () => {
    const repo = actionRepo();
    nock(API).post(LIST).reply(502, "bad gateway");
    const error = await runActionStage(deps(repo.dir, "record")).catch((e) => e);
    expect(error).toMatchObject({ exitCode: 1 });
    expect(error.message).toContain("GitHub failed while recording the deployment to production (HTTP 502)");
  });

  it("artifacts compares against the deployment payload: the skipped rebuild is caught", async () => {
    const repo = actionRepo();
    // Record through the API first, capturing the payload GitHub would store.
    let payload: DeployRecord | undefined;
    nock(API)
      .post(LIST, (b) => {
        payload = b.payload;
        return true;
      })
      .reply(201, { ...DEPLOYMENT, id: 9 })
      .post(`${LIST}/9/statuses`)
      .reply(201, STATUS);
    await runActionStage(deps(repo.dir, "record"));
    repo.write("src/main.go", "package main // fixed\n");
    repo.commit();
    nock(API)
      .get(LIST)
      .query(true)
      .reply(200, [deployment(9, "production", payload)])
      .get(`${LIST}/9/statuses`)
      .query(true)
      .reply(200, status("success"));
    const log: string[] = [];
    const report = await runActionStage(deps(repo.dir, "artifacts", log));
    expect(report.ok).toBe(false);
    expect(report.stages[0].results[0]).toMatchObject({ verdict: "skipped-rebuild" });
    expect(report.stages[0].results[0].message).toContain("inputs changed (src/main.go)");
    expect(log.join("\n")).toContain("artifacts: 1 artifact(s)");
  });

  it("a GitHub 500 while reading the baseline fails the stage closed", async () => {
    const repo = actionRepo();
    nock(API).get(LIST).query(true).reply(500, {});
    const error = await runActionStage(deps(repo.dir, "artifacts")).catch((e) => e);
    expect(error).toMatchObject({ exitCode: 1 });
  });
});
