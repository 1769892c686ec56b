import { readFileSync } from "node:fs";
import { Probot } from "probot";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { createApp } from "../src/app/index.js";
import { limitedProbotOctokit } from "../src/app/octokit.js";
import { reviewMemory } from "../src/github/protection-review.js";
import { WriteLimiter } from "../src/github/write-limiter.js";
import { KEY, QuietOctokit, receive } from "./helpers/checklist-app.js";
import { examplePayload } from "./helpers/payloads.js";
import {
  APP_ID,
  BEFORE,
  mergedPull,
  ours,
  PR_HEAD,
  protectionGitHub,
  REPO_URL,
  RUN_ID,
  requestedPayload,
  SHA,
} from "./helpers/protection.js";

const NOW = Date.parse("2026-12-02T01:10:00Z");

function app(options: { baseUrl?: string; readDeadlineMs?: number; now?: number } = {}) {
  const probot = new Probot({
    githubToken: "test-token",
    logLevel: "fatal",
    Octokit: QuietOctokit,
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
  });
  probot.load(
    createApp({
      key: KEY,
      appId: APP_ID,
      reviews: reviewMemory(),
      now: () => options.now ?? NOW,
      ...(options.readDeadlineMs ? { readDeadlineMs: options.readDeadlineMs } : {}),
    }),
  );
  return probot;
}

const green = () => [ours("deploy-gate/artifacts (production)"), ours("deploy-gate/preflight (production)")];

/** The status event the action's write causes (GitHub's example, on our commit). */
function statusPayload(context: string, state = "success") {
  const payload = examplePayload("status");
  Object.assign(payload, { sha: SHA, context, state, target_url: `${REPO_URL}/actions/runs/${RUN_ID}` });
  return payload;
}

describe("protection rule: deployment_protection_rule.requested", () => {
  it("approves when every required verdict is green for this run, once", async () => {
    const gh = protectionGitHub();
    gh.state.statuses = green();
    await receive(app(), "deployment_protection_rule", requestedPayload({ pulls: [mergedPull(7)] }));
    expect(gh.decisions()).toEqual([
      {
        environment_name: "production",
        state: "approved",
        comment: expect.stringContaining("approved 6113728 for production"),
      },
    ]);
    // The merged PR came with the payload: no commit-to-PR lookup.
    expect(gh.state.requests).not.toContain(`GET /repos/Codertocat/Hello-World/commits/${SHA}/pulls`);
  });

  it("finds the merged PR from the commit when the payload has none", async () => {
    const gh = protectionGitHub();
    gh.state.statuses = green();
    gh.state.commitPulls = [mergedPull(7)];
    await receive(app(), "deployment_protection_rule", requestedPayload());
    expect(gh.decisions().map((d) => d.state)).toEqual(["approved"]);
  });

  it("counts only statuses that name this run and came after it started: an old or foreign green is waited on, not approved", async () => {
    const gh = protectionGitHub();
    gh.state.commitPulls = [mergedPull(7)];
    gh.state.statuses = [
      { ...ours("deploy-gate/artifacts (production)"), created_at: BEFORE },
      { ...ours("deploy-gate/preflight (production)"), target_url: `${REPO_URL}/actions/runs/999` },
      { ...ours("deploy-gate/preflight (production)"), target_url: `${REPO_URL}/actions/runs/${RUN_ID}0` },
    ];
    await receive(app(), "deployment_protection_rule", requestedPayload());
    expect(gh.decisions()).toEqual([]);
    expect(gh.reports()).toHaveLength(1);
    const report = gh.reports()[0].comment;
    expect(report).toContain("deploy-gate/artifacts (production): not yet published by this run");
    expect(report).toContain("deploy-gate/preflight (production): not yet published by this run");
    expect(report.length).toBeLessThanOrEqual(1024);
  });

  it("rejects a failing verdict with its own description and link", async () => {
    const gh = protectionGitHub();
    gh.state.commitPulls = [mergedPull(7)];
    gh.state.statuses = [
      ours("deploy-gate/artifacts (production)", "failure", "failed: 1 failed (web: skipped-rebuild)"),
      ours("deploy-gate/preflight (production)"),
    ];
    await receive(app(), "deployment_protection_rule", requestedPayload());
    const [decision] = gh.decisions();
    expect(decision.state).toBe("rejected");
    expect(decision.comment).toContain(
      `- deploy-gate/artifacts (production): failed: 1 failed (web: skipped-rebuild) (${REPO_URL}/actions/runs/${RUN_ID})`,
    );
    expect(decision.comment).not.toContain("preflight");
  });

  it.each([
    ["a ref outside `refs`", { ref: "feature/x" }, "ref `feature/x` is not deployable to production"],
    ["an event outside `events`", { event: "pull_request" }, "a `pull_request` run may not deploy to production"],
    ["an environment without `protection`", { environment: "staging" }, "has no `environments.staging.protection`"],
  ])("rejects %s with its reason, reading no verdict", async (_what, options, reason) => {
    const gh = protectionGitHub();
    gh.state.pending = [(options as { environment?: string }).environment ?? "production"];
    await receive(app(), "deployment_protection_rule", requestedPayload(options));
    expect(gh.decisions()).toEqual([
      expect.objectContaining({ state: "rejected", comment: expect.stringContaining(reason) }),
    ]);
    expect(gh.state.requests.some((r) => r.includes("/statuses") || r.includes("/check-runs"))).toBe(false);
  });

  it("rejects a run from a fork", async () => {
    const gh = protectionGitHub();
    gh.state.statuses = green();
    gh.state.run.head_repository = { id: 99, full_name: "mallory/Hello-World" };
    await receive(app(), "deployment_protection_rule", requestedPayload({ pulls: [mergedPull(7)] }));
    expect(gh.decisions()).toEqual([
      expect.objectContaining({ state: "rejected", comment: expect.stringContaining("comes from a fork") }),
    ]);
  });

  it("rejects when the repository has no config at all", async () => {
    const gh = protectionGitHub({ config: null });
    await receive(app(), "deployment_protection_rule", requestedPayload());
    expect(gh.decisions()).toEqual([
      expect.objectContaining({ state: "rejected", comment: expect.stringContaining("no .github/deploy-gate.yml") }),
    ]);
  });

  it("matches the GitHub environment to the config's case-insensitively", async () => {
    const gh = protectionGitHub();
    gh.state.pending = ["Production"];
    gh.state.statuses = green();
    await receive(
      app(),
      "deployment_protection_rule",
      requestedPayload({ environment: "Production", pulls: [mergedPull(7)] }),
    );
    expect(gh.decisions()).toEqual([expect.objectContaining({ environment_name: "Production", state: "approved" })]);
  });

  describe("checklist", () => {
    it("rejects a pushed commit no pull request brought, saying so", async () => {
      const gh = protectionGitHub();
      gh.state.statuses = green();
      await receive(app(), "deployment_protection_rule", requestedPayload());
      expect(gh.decisions()[0]).toMatchObject({ state: "rejected" });
      expect(gh.decisions()[0].comment).toContain("no merged pull request brought 6113728 (a direct push)");
    });

    it("rejects (not pending) a PR merged with its checklist not green", async () => {
      const gh = protectionGitHub();
      gh.state.statuses = green();
      gh.state.checkRuns = [
        {
          id: 5,
          status: "completed",
          conclusion: "action_required",
          output: { title: "1 of 3 ticked" },
          app: { id: APP_ID },
        },
      ];
      await receive(app(), "deployment_protection_rule", requestedPayload({ pulls: [mergedPull(7)] }));
      expect(gh.decisions()[0].state).toBe("rejected");
      expect(gh.decisions()[0].comment).toContain('#7 was merged with the checklist at "1 of 3 ticked"');
    });

    it("does not take a green checklist from another app", async () => {
      const gh = protectionGitHub();
      gh.state.statuses = green();
      gh.state.checkRuns = [
        { id: 9, status: "completed", conclusion: "success", output: { title: "3 of 3 ticked" }, app: { id: 1 } },
      ];
      await receive(app(), "deployment_protection_rule", requestedPayload({ pulls: [mergedPull(7)] }));
      expect(gh.decisions()[0].state).toBe("rejected");
      expect(gh.decisions()[0].comment).toContain(
        `without a deploy-gate/checklist check from the deploy-gate app on its last head ${PR_HEAD.slice(0, 7)}`,
      );
    });
  });

  describe("never approves after an error", () => {
    it("reports a config error and decides nothing", async () => {
      const gh = protectionGitHub({
        config: "version: 1\nenvironments:\n  production:\n    protection:\n      require: []\n",
      });
      await receive(app(), "deployment_protection_rule", requestedPayload());
      expect(gh.decisions()).toEqual([]);
      expect(gh.reports()[0].comment).toMatch(/cannot decide for 6113728: .*invalid.*fix it/);
    });

    it("reports a GitHub 5xx reading the statuses and decides nothing", async () => {
      const gh = protectionGitHub();
      gh.state.failStatuses = 1;
      await receive(app(), "deployment_protection_rule", requestedPayload({ pulls: [mergedPull(7)] }));
      expect(gh.decisions()).toEqual([]);
      expect(gh.reports()[0].comment).toContain("never approves after an error");
      expect(gh.reports()[0].comment).toContain("reading the statuses of 6113728 failed");
    });

    it("reports a read that times out and decides nothing", async () => {
      // The statuses answer long after the deadline: the read is cut, never taken as green.
      const gh = protectionGitHub({ statusDelayMs: 5000 });
      gh.state.statuses = green();
      await receive(
        app({ readDeadlineMs: 50 }),
        "deployment_protection_rule",
        requestedPayload({ pulls: [mergedPull(7)] }),
      );
      expect(gh.decisions()).toEqual([]);
      // Whichever read the deadline cuts, the report says so.
      expect(gh.reports()[0].comment).toMatch(/failed: .*aborted due to timeout/);
      expect(gh.reports()[0].comment).toContain("never approves after an error");
    });

    it("takes a statuses answer cut short as an error, not as no status yet", async () => {
      const gh = protectionGitHub();
      gh.state.cutStatuses = true;
      await receive(app(), "deployment_protection_rule", requestedPayload({ pulls: [mergedPull(7)] }));
      expect(gh.decisions()).toEqual([]);
      expect(gh.reports()[0].comment).toContain("GitHub's answer for the statuses of 6113728 is not a list");
    });

    it("takes a run GitHub answered without its facts as an error, not as a fork or a pass", async () => {
      const gh = protectionGitHub();
      gh.state.statuses = green();
      gh.state.run = {} as never;
      await receive(app(), "deployment_protection_rule", requestedPayload({ pulls: [mergedPull(7)] }));
      expect(gh.decisions()).toEqual([]);
      expect(gh.reports()[0].comment).toContain(
        "reading workflow run 4711 failed: GitHub's answer for workflow run 4711 is not a workflow run",
      );
    });

    it("retries a review GitHub answered 502, after learning it did not land: one approval", async () => {
      const gh = protectionGitHub();
      gh.state.statuses = green();
      gh.state.failReviews = 1;
      await receive(app(), "deployment_protection_rule", requestedPayload({ pulls: [mergedPull(7)] }));
      expect(gh.decisions().map((d) => d.state)).toEqual(["approved"]);
      const posts = gh.state.requests.filter((r) => r.startsWith("POST"));
      expect(posts).toHaveLength(2);
    });

    it("does not post again when the review answered 502 had landed", async () => {
      const gh = protectionGitHub();
      gh.state.statuses = green();
      gh.state.failReviews = 1;
      gh.state.landDespiteFailure = true;
      await receive(app(), "deployment_protection_rule", requestedPayload({ pulls: [mergedPull(7)] }));
      expect(gh.decisions().map((d) => d.state)).toEqual(["approved"]);
      expect(gh.state.requests.filter((r) => r.startsWith("POST"))).toHaveLength(1);
    });

    it("with the production client (its retries on), a 502 that landed is not posted again", async () => {
      const gh = protectionGitHub();
      gh.state.statuses = green();
      gh.state.failReviews = 1;
      gh.state.landDespiteFailure = true;
      const probot = new Probot({
        githubToken: "test-token",
        logLevel: "fatal",
        Octokit: limitedProbotOctokit(new WriteLimiter()),
      });
      probot.load(createApp({ key: KEY, appId: APP_ID, reviews: reviewMemory(), now: () => NOW }));
      await receive(probot, "deployment_protection_rule", requestedPayload({ pulls: [mergedPull(7)] }));
      expect(gh.decisions()).toHaveLength(1);
      expect(gh.state.requests.filter((r) => r.startsWith("POST"))).toHaveLength(1);
    });

    it("fails the delivery, never approving, when the review keeps failing", async () => {
      const gh = protectionGitHub();
      gh.state.statuses = green();
      gh.state.failReviews = 10;
      await expect(
        receive(app(), "deployment_protection_rule", requestedPayload({ pulls: [mergedPull(7)] })),
      ).rejects.toThrow();
      expect(gh.decisions()).toEqual([]);
      expect(gh.state.pending).toEqual(["production"]);
    });
  });

  it("rejects a deploy still waiting past `wait`", async () => {
    const gh = protectionGitHub();
    gh.state.statuses = [ours("deploy-gate/artifacts (production)")];
    await receive(
      app({ now: Date.parse("2026-12-02T02:00:00Z") }),
      "deployment_protection_rule",
      requestedPayload({ pulls: [mergedPull(7)] }),
    );
    expect(gh.decisions()[0].state).toBe("rejected");
    expect(gh.decisions()[0].comment).toContain(
      "still waiting after 30m (`protection.wait`) for deploy-gate/preflight (production)",
    );
  });

  it("decides once per (run, environment): a redelivery and a second job change nothing", async () => {
    const gh = protectionGitHub();
    gh.state.statuses = green();
    const probot = app();
    const payload = requestedPayload({ pulls: [mergedPull(7)] });
    await receive(probot, "deployment_protection_rule", payload, "same-delivery");
    await receive(probot, "deployment_protection_rule", payload, "same-delivery");
    // A second job of the run targeting the same environment: its own delivery.
    await receive(probot, "deployment_protection_rule", payload);
    // Another process (no memory) gets it too: GitHub says nothing waits any more.
    await receive(app(), "deployment_protection_rule", payload);
    expect(gh.decisions()).toHaveLength(1);
  });

  it("works on GitHub Enterprise Server, where the callback URL carries /api/v3", async () => {
    const api = "https://ghe.example.com/api/v3";
    const gh = protectionGitHub({ api });
    gh.state.statuses = green();
    const payload = requestedPayload({ api, pulls: [mergedPull(7)] });
    payload.repository.html_url = "https://ghe.example.com/Codertocat/Hello-World";
    gh.state.statuses = green().map((s) => ({
      ...s,
      target_url: `https://ghe.example.com/Codertocat/Hello-World/actions/runs/${RUN_ID}`,
    }));
    await receive(app({ baseUrl: api }), "deployment_protection_rule", payload);
    expect(gh.decisions().map((d) => d.state)).toEqual(["approved"]);
  });
});

describe("protection rule: decided on the next status or check event", () => {
  it("reports what it waits for, then approves when the status completes", async () => {
    const gh = protectionGitHub();
    gh.state.statuses = [ours("deploy-gate/artifacts (production)")];
    gh.state.commitPulls = [mergedPull(7)];
    const probot = app();
    await receive(probot, "deployment_protection_rule", requestedPayload());
    expect(gh.reports()).toHaveLength(1);
    expect(gh.reports()[0].comment).toContain("deploy-gate/preflight (production): not yet published by this run");
    gh.state.statuses.push(ours("deploy-gate/preflight (production)", "pending", "running"));
    await receive(probot, "status", statusPayload("deploy-gate/preflight (production)", "pending"));
    expect(gh.reports().at(-1)?.comment).toContain("deploy-gate/preflight (production): running");
    gh.state.statuses.push({ ...ours("deploy-gate/preflight (production)"), created_at: "2026-12-02T01:06:00Z" });
    await receive(probot, "status", statusPayload("deploy-gate/preflight (production)"));
    expect(gh.decisions()).toEqual([expect.objectContaining({ state: "approved" })]);
    expect(gh.reports()).toHaveLength(2);
  });

  it("finds a decision lost to a crash again from pending_deployments (a new process, no memory)", async () => {
    const gh = protectionGitHub();
    gh.state.statuses = green();
    gh.state.commitPulls = [mergedPull(7)];
    await receive(app(), "check_run", checkCompleted());
    expect(gh.decisions()).toEqual([expect.objectContaining({ state: "approved" })]);
  });

  it("a completed checklist check on a PR head decides the deploys waiting on the PR's merge commit", async () => {
    const gh = protectionGitHub();
    gh.state.statuses = green();
    gh.state.commitPulls = [mergedPull(7)];
    gh.scope.get("/repos/Codertocat/Hello-World/pulls/7").reply(200, mergedPull(7));
    const payload = checkCompleted();
    Object.assign(payload.check_run, {
      head_sha: PR_HEAD,
      name: "deploy-gate/checklist",
      app: { ...payload.check_run.app, id: APP_ID },
      pull_requests: [{ number: 7 }],
    });
    await receive(app(), "check_run", payload);
    expect(gh.decisions()).toEqual([expect.objectContaining({ state: "approved" })]);
  });

  it("costs nothing for statuses that are not deploy-gate's", async () => {
    const gh = protectionGitHub();
    await receive(app(), "status", statusPayload("ci/build"));
    expect(gh.state.requests).toEqual([]);
  });

  it("leaves alone a waiting environment deploy-gate does not protect", async () => {
    const gh = protectionGitHub();
    gh.state.pending = ["staging"];
    await receive(app(), "status", statusPayload("deploy-gate/preflight (production)"));
    expect(gh.state.reviews).toEqual([]);
  });

  it("never posts more than 10 reports for a deployment", async () => {
    const gh = protectionGitHub();
    gh.state.commitPulls = [mergedPull(7)];
    const probot = app();
    for (let i = 0; i < 14; i++) {
      gh.state.statuses = [ours("deploy-gate/preflight (production)", "pending", `step ${i}`)];
      await receive(probot, "status", statusPayload("deploy-gate/preflight (production)", "pending"));
    }
    expect(gh.reports()).toHaveLength(10);
    expect(gh.decisions()).toEqual([]);
  });

  it("takes GitHub refusing a report (its limit, reached before a restart) as no error", async () => {
    const gh = protectionGitHub();
    gh.state.commitPulls = [mergedPull(7)];
    gh.state.statuses = [ours("deploy-gate/preflight (production)", "pending", "running")];
    gh.state.refuseReports = true;
    await receive(app(), "status", statusPayload("deploy-gate/preflight (production)", "pending"));
    expect(gh.state.reviews).toEqual([]);
    expect(gh.state.pending).toEqual(["production"]);
  });
});

function checkCompleted() {
  const payload = examplePayload("check_run", "completed");
  payload.check_run.head_sha = SHA;
  return payload;
}

describe("protection rule: the app's manifest", () => {
  it("subscribes to the rule's events and asks for the least permissions that work", () => {
    const manifest = parse(readFileSync(new URL("../app.yml", import.meta.url), "utf8"));
    expect(manifest.default_events).toEqual(
      expect.arrayContaining(["deployment_protection_rule", "status", "check_run"]),
    );
    expect(manifest.default_permissions).toMatchObject({
      actions: "read",
      deployments: "write",
      statuses: "read",
      checks: "write", // the checklist's own; it includes the rule's read
    });
  });
});
