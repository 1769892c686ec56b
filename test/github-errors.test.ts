import nock from "nock";
import { ProbotOctokit } from "probot";
import { describe, expect, it } from "vitest";
import { explainErrors, permissionFor } from "../src/github/explain-errors.js";
import { createOctokit } from "../src/github/octokit.js";
import { closedPort } from "./helpers/servers.js";

const API = "https://api.github.com";
const REPO = "/repos/acme/web";
const REFUSED = {
  message: "Resource not accessible by integration",
  documentation_url: "https://docs.github.com/rest",
};

const workflowToken = () => createOctokit({ token: "ghs_test", retries: 0 });
const AppOctokit = ProbotOctokit.plugin(explainErrors("app"));
const appToken = () => new AppOctokit({ auth: "ghs_test", retry: { enabled: false }, throttle: { enabled: false } });

/** Every endpoint deploy-gate calls, and the permission a refusal of it names, per token holder. */
const ENDPOINTS: [method: string, path: string, workflow: string, app: string][] = [
  ["POST", `${REPO}/statuses/abc123`, "statuses: write", "statuses: write"],
  ["POST", `${REPO}/check-runs`, "checks: write", "checks: write"],
  ["POST", `${REPO}/deployments`, "deployments: write", "deployments: write"],
  ["POST", `${REPO}/deployments/9/statuses`, "deployments: write", "deployments: write"],
  ["GET", `${REPO}/deployments`, "deployments: read", "deployments: read"],
  ["GET", `${REPO}/deployments/9/statuses`, "deployments: read", "deployments: read"],
  ["POST", `${REPO}/issues/2/comments`, "pull-requests: write", "issues: write"],
  ["PATCH", `${REPO}/issues/comments/77`, "pull-requests: write", "issues: write"],
  ["GET", `${REPO}/issues/2/comments`, "pull-requests: read", "issues: read"],
  ["GET", `${REPO}/pulls/2`, "pull-requests: read", "pull_requests: read"],
  ["GET", `${REPO}/pulls/2/files`, "pull-requests: read", "pull_requests: read"],
  ["GET", `${REPO}/commits/abc123/pulls`, "pull-requests: read", "pull_requests: read"],
  ["GET", `${REPO}/contents/.github%2Fdeploy-gate.yml`, "contents: read", "contents: read"],
  ["GET", `${REPO}/compare/a...b`, "contents: read", "contents: read"],
  ["GET", `${REPO}/collaborators/alice/permission`, "metadata: read", "metadata: read"],
  ["GET", `${REPO}/commits/abc123/statuses`, "statuses: read", "statuses: read"],
  ["GET", `${REPO}/commits/abc123/check-runs`, "checks: read", "checks: read"],
  ["GET", `${REPO}/actions/runs`, "actions: read", "actions: read"],
  ["GET", `${REPO}/actions/runs/42/pending_deployments`, "actions: read", "actions: read"],
  ["POST", `${REPO}/actions/runs/42/deployment_protection_rule`, "deployments: write", "deployments: write"],
];

describe("a 403 'Resource not accessible by integration' names the permission its endpoint takes", () => {
  it.each(ENDPOINTS)("%s %s: the workflow's `%s`", async (method, path, permission) => {
    nock(API).intercept(path, method).reply(403, REFUSED);
    const error = await workflowToken()
      .request(`${method} ${path}`)
      .catch((e) => e);
    expect(error.status).toBe(403);
    expect(error.message).toBe(
      `GitHub refused ${method} ${path} (403 Resource not accessible by integration): the job's token lacks \`${permission}\`; add it under the job's \`permissions:\` in the workflow (a pull request from a fork gets a read-only token whatever the workflow asks: run the stage on pull_request_target)`,
    );
  });

  it.each(ENDPOINTS)("%s %s: the app's (workflow `%s`) `%s`", async (method, path, _workflow, permission) => {
    nock(API).intercept(path, method).reply(403, REFUSED);
    const error = await appToken()
      .request(`${method} ${path}`)
      .catch((e) => e);
    expect(error.status).toBe(403);
    expect(error.message).toContain(`(403 Resource not accessible by integration): the app lacks \`${permission}\`;`);
    expect(error.message).toContain("add it to the app's permissions");
  });

  it("goes through the REST methods the action uses, and GitHub Enterprise's /api/v3 base", async () => {
    nock("https://ghe.example.test").post("/api/v3/repos/acme/web/statuses/abc123").reply(403, REFUSED);
    const github = createOctokit({ token: "t", baseUrl: "https://ghe.example.test/api/v3", retries: 0 });
    const error = await github.rest.repos
      .createCommitStatus({ owner: "acme", repo: "web", sha: "abc123", state: "success" })
      .catch((e) => e);
    expect(error.message).toContain("GitHub refused POST /repos/acme/web/statuses/abc123 (403");
    expect(error.message).toContain("lacks `statuses: write`");
  });

  it("an endpoint outside the list still says a permission is missing and where to look", async () => {
    nock(API).get(`${REPO}/actions/secrets`).reply(403, REFUSED);
    const error = await workflowToken()
      .request(`GET ${REPO}/actions/secrets`)
      .catch((e) => e);
    expect(error.message).toContain("lacks a permission this endpoint needs");
    expect(permissionFor("GET", `${REPO}/actions/secrets`, "workflow")).toBeUndefined();
  });

  it("other refusals keep GitHub's words (a 404, a rate limit's 403)", async () => {
    nock(API).get(`${REPO}/pulls/2`).reply(404, { message: "Not Found" });
    nock(API).get(`${REPO}/pulls/3`).reply(403, { message: "Must have admin rights to Repository." });
    const notFound = await workflowToken()
      .request(`GET ${REPO}/pulls/2`)
      .catch((e) => e);
    const admin = await workflowToken()
      .request(`GET ${REPO}/pulls/3`)
      .catch((e) => e);
    expect(notFound.message).toMatch(/^Not Found/);
    expect(admin.message).toMatch(/^Must have admin rights/);
  });

  it("the app's bad credentials name APP_ID and PRIVATE_KEY", async () => {
    nock(API)
      .post("/app/installations/5/access_tokens")
      .reply(401, { message: "A JSON web token could not be decoded" });
    const error = await appToken()
      .request("POST /app/installations/5/access_tokens")
      .catch((e) => e);
    expect(error.message).toContain("check that APP_ID and PRIVATE_KEY belong to the same app");
  });
});

describe("a connection error names the host that could not be reached", () => {
  it("for the action's token", async () => {
    const port = await closedPort();
    const github = createOctokit({ token: "t", baseUrl: `http://127.0.0.1:${port}`, retries: 0 });
    const error = await github.rest.pulls.get({ owner: "acme", repo: "web", pull_number: 2 }).catch((e) => e);
    expect(error.message).toBe(
      `could not reach 127.0.0.1:${port} for GET /repos/acme/web/pulls/2 (ECONNREFUSED); check the runner's network and GITHUB_API_URL`,
    );
  });

  it("for the app", async () => {
    const port = await closedPort();
    const octokit = new AppOctokit({ auth: "t", baseUrl: `http://127.0.0.1:${port}`, retry: { enabled: false } });
    const error = await octokit.request(`GET ${REPO}/pulls/2`).catch((e) => e);
    expect(error.message).toContain(`could not reach 127.0.0.1:${port}`);
    expect(error.message).toContain("GHE_HOST");
  });
});
