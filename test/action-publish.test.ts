import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import nock from "nock";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type RunContext, statusSha } from "../src/action/github-env.js";
import { readInputs } from "../src/action/inputs.js";
import { actionOutput } from "../src/action/output.js";
import { publish, reportFileName } from "../src/action/publish.js";
import type { StageDeps } from "../src/action/stages/types.js";
import { report, stageReport } from "../src/core/report/build.js";
import { createOctokit } from "../src/github/octokit.js";
import { examplePayload } from "./helpers/payloads.js";

const API = "https://ghe.example.test/api/v3";
// @actions/core remembers the summary file of its first write: one temp dir for the whole file.
const temp = mkdtempSync(join(tmpdir(), "deploy-gate-publish-"));
let stdout: string;
afterAll(() => rmSync(temp, { recursive: true, force: true }));

beforeEach(() => {
  for (const f of ["output", "summary"]) writeFileSync(join(temp, f), "");
  vi.stubEnv("GITHUB_OUTPUT", join(temp, "output"));
  vi.stubEnv("GITHUB_STEP_SUMMARY", join(temp, "summary"));
  vi.stubEnv("RUNNER_TEMP", temp);
  stdout = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

const runContext = (eventName: string, payload: any): RunContext => ({
  eventName,
  payload,
  owner: "Codertocat",
  repo: "Hello-World",
  sha: "f".repeat(40),
  apiUrl: API,
  serverUrl: "https://ghe.example.test",
  runUrl: "https://ghe.example.test/Codertocat/Hello-World/actions/runs/1",
  workspace: temp,
});

const github = () => createOctokit({ token: "t", baseUrl: API, retries: 0 });

describe("inputs", () => {
  it("reads every input into one object and registers secret values before anything prints", () => {
    vi.stubEnv("INPUT_STAGE", "preflight");
    vi.stubEnv("INPUT_ENVIRONMENT", "production");
    vi.stubEnv("INPUT_VARIABLES", '{"REGION":"eu-west-1","PORT":8080}');
    vi.stubEnv("INPUT_SECRETS", '{"API_KEY":"CANARY-123"}');
    vi.stubEnv("INPUT_STRICT", "true");
    const inputs = readInputs();
    expect(inputs).toMatchObject({
      stage: "preflight",
      environment: "production",
      config: ".github/deploy-gate.yml",
      variables: { REGION: "eu-west-1", PORT: "8080" },
      secrets: { API_KEY: "CANARY-123" },
      strict: true,
      workingDirectory: ".",
    });
    expect(stdout).toContain("::add-mask::CANARY-123");
  });

  it("rejects an unknown stage and a non-object variables input", () => {
    vi.stubEnv("INPUT_STAGE", "deploy");
    expect(() => readInputs()).toThrow(
      'the `stage` input is "deploy"; use one of gate, artifacts, record, preflight, verify, predict, checklist',
    );
    vi.stubEnv("INPUT_STAGE", "checklist");
    vi.stubEnv("INPUT_VARIABLES", "[1]");
    expect(() => readInputs()).toThrow("the `variables` input must be a JSON object");
  });
});

describe("the commit a status belongs to", () => {
  it("is the PR head for pull_request, not the merge commit", async () => {
    const payload = examplePayload("pull_request", "opened");
    expect(await statusSha(runContext("pull_request", payload), github)).toBe(payload.pull_request.head.sha);
  });

  it("is fetched from the API for issue_comment on a PR (its run is attached to no PR)", async () => {
    const payload = examplePayload("issue_comment", "created");
    payload.issue.pull_request = { url: "x" };
    nock(API)
      .get(`/repos/Codertocat/Hello-World/pulls/${payload.issue.number}`)
      .reply(200, { head: { sha: "a".repeat(40) } });
    expect(await statusSha(runContext("issue_comment", payload), github)).toBe("a".repeat(40));
  });

  it("is GITHUB_SHA for push and the merge group head for merge_group", async () => {
    expect(await statusSha(runContext("push", examplePayload("push")), github)).toBe("f".repeat(40));
    const mg = examplePayload("merge_group", "checks_requested");
    expect(await statusSha(runContext("merge_group", mg), github)).toBe(mg.merge_group.head_sha);
  });
});

describe("publish", () => {
  const deps = (stage: "gate" | "record", payload = examplePayload("pull_request", "opened")): StageDeps => ({
    inputs: {
      stage,
      environment: "production",
      config: "",
      token: "t",
      variables: {},
      secrets: {},
      strict: false,
      workingDirectory: ".",
    },
    run: runContext("pull_request", payload),
    repo: temp,
    github,
    statusSha: () => statusSha(runContext("pull_request", payload), github),
    out: actionOutput(),
    log: () => {},
    config: () => Promise.reject(new Error("unused")),
  });
  const failing = report(
    [
      stageReport("artifacts", [
        { id: "web", status: "fail", verdict: "mutable-ref", message: "pin it", file: "k8s/web.yaml", line: 7 },
      ]),
      stageReport("preflight", [{ id: "env", status: "warn", verdict: "placeholder-value", message: "fill it" }]),
    ],
    { environment: "production", commit: "c".repeat(40) },
  );

  it("writes the report file, the outputs, annotations, the summary, and one status per stage on the PR head", async () => {
    const payload = examplePayload("pull_request", "opened");
    const statuses: any[] = [];
    nock(API)
      .post(`/repos/Codertocat/Hello-World/statuses/${payload.pull_request.head.sha}`)
      .times(2)
      .reply(201, (_uri, body) => {
        statuses.push(body);
        return {};
      });
    const file = await publish(failing, deps("gate", payload));
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(failing);
    const outputs = readFileSync(join(temp, "output"), "utf8");
    expect(outputs).toMatch(/^ok<<.*\nfalse\n/m);
    expect(outputs).toContain(file);
    expect(stdout).toContain("::error title=deploy-gate mutable-ref (web),file=k8s/web.yaml,line=7::pin it");
    expect(stdout).toContain("::warning title=deploy-gate placeholder-value (env)::fill it");
    expect(readFileSync(join(temp, "summary"), "utf8")).toContain("deploy-gate/artifacts (production)");
    expect(statuses).toEqual([
      expect.objectContaining({
        context: "deploy-gate/artifacts (production)",
        state: "failure",
        description: "failed: 1 failed, 0 warned, 0 passed",
      }),
      expect.objectContaining({ context: "deploy-gate/preflight (production)", state: "success" }),
    ]);
    expect(nock.isDone()).toBe(true);
  });

  it("annotates files a check found inside `working-directory` by their path from the workspace", async () => {
    const svc = join(temp, "svc");
    mkdirSync(join(svc, "k8s"), { recursive: true });
    writeFileSync(join(svc, "k8s/web.yaml"), "kind: Deployment\n");
    const inSubdir = { ...deps("record"), repo: svc };
    await publish(
      report([
        stageReport("preflight", [
          { id: "pinned", status: "fail", verdict: "unpinned-image", message: "pin it", file: "k8s/web.yaml", line: 3 },
        ]),
      ]),
      inSubdir,
    );
    expect(stdout).toContain("::error title=deploy-gate unpinned-image (pinned),file=svc/k8s/web.yaml,line=3::pin it");
  });

  it("takes every result's file as relative to `working-directory`, even when the workspace root has one by that name", async () => {
    // The root's own k8s/web.yaml is another file: the result is about svc's.
    for (const dir of ["k8s", "svc/k8s"]) mkdirSync(join(temp, dir), { recursive: true });
    for (const file of ["k8s/web.yaml", "svc/k8s/web.yaml"]) writeFileSync(join(temp, file), "kind: Deployment\n");
    await publish(
      report([
        stageReport("preflight", [
          { id: "pinned", status: "fail", verdict: "unpinned-image", message: "pin it", file: "k8s/web.yaml", line: 3 },
        ]),
      ]),
      { ...deps("record"), repo: join(temp, "svc") },
    );
    expect(stdout).toContain("::error title=deploy-gate unpinned-image (pinned),file=svc/k8s/web.yaml,line=3::pin it");
  });

  it("names the report file safely after any environment name: no `/`, `..` or control character leaves RUNNER_TEMP", async () => {
    for (const environment of ["../../../../tmp/evil", "a/b", "..", "line\nbreak\u0007"]) {
      const file = await publish(report([stageReport("artifacts", [])]), {
        ...deps("record"),
        inputs: { ...deps("record").inputs, environment },
      });
      expect(dirname(file)).toBe(temp);
      expect(basename(file)).toMatch(/^deploy-gate-record-[\w .+=,@-]+\.json$/);
      expect(basename(file)).not.toContain("..");
    }
    const spaced = await publish(report([stageReport("artifacts", [])]), {
      ...deps("record"),
      inputs: { ...deps("record").inputs, environment: "Production EU" },
    });
    expect(basename(spaced)).toBe("deploy-gate-record-Production EU.json");
    expect(reportFileName("record", "a/b")).not.toBe(reportFileName("record", "a_b"));
  });

  it("`record` posts no status", async () => {
    await publish(report([stageReport("artifacts", [])]), deps("record"));
    expect(nock.pendingMocks()).toEqual([]);
  });

  it("a 500 from GitHub on the status throws (the step fails closed)", async () => {
    const payload = examplePayload("pull_request", "opened");
    nock(API)
      .post(/statuses/)
      .reply(500, { message: "boom" });
    await expect(publish(failing, deps("gate", payload))).rejects.toThrow();
  });
});
