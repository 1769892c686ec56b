import { describe, expect, it } from "vitest";
import { validateConfig } from "../src/core/config/load.js";
import {
  COMMENT_LIMIT,
  decide,
  type PolicySource,
  policyFor,
  type RunFacts,
  refName,
  type VerdictFact,
} from "../src/core/protection/decide.js";
import { namesRun, runIdFromCallback } from "../src/github/protection.js";

const FILE = ".github/deploy-gate.yml";
const policy = (protection: object): PolicySource => ({
  kind: "ok",
  name: "production",
  protection: { require: ["artifacts"], ...protection } as never,
});
const run: RunFacts = {
  id: 1,
  event: "push",
  ref: "refs/heads/main",
  sha: "a".repeat(40),
  fromFork: false,
  startedAt: 0,
};
const verdict = (state: VerdictFact["state"], description?: string): VerdictFact => ({
  requirement: "artifacts",
  name: "deploy-gate/artifacts (production)",
  state,
  ...(description ? { description } : {}),
});
const input = (p: PolicySource, verdicts?: VerdictFact[], extra = {}) => ({
  environment: "production",
  policy: p,
  run,
  verdicts,
  now: 60_000,
  ...extra,
});

describe("protection decision (pure)", () => {
  it("approves only when every required verdict is success", () => {
    expect(decide(input(policy({}), [verdict("success")])).state).toBe("approved");
    expect(decide(input(policy({}), [verdict("pending")])).state).toBe("pending");
    expect(decide(input(policy({}), [verdict("absent")])).state).toBe("pending");
    expect(decide(input(policy({}), [verdict("failure", "1 failed")])).state).toBe("rejected");
  });

  it("never approves with a fault, or with a required verdict that was not read", () => {
    const faulted = decide(input(policy({}), [verdict("success")], { faults: ["reading x failed: HTTP 502"] }));
    expect(faulted).toMatchObject({ state: "pending", error: true });
    expect(decide(input(policy({}), [])).state).toBe("pending");
    expect(decide(input(policy({}))).state).toBe("pending");
  });

  it("rejects on a proven failure even when another read failed", () => {
    const d = decide(input(policy({}), [verdict("failure", "1 failed")], { faults: ["reading y failed"] }));
    expect(d.state).toBe("rejected");
  });

  it("matches refs without refs/heads/ and refs/tags/", () => {
    expect(refName("refs/heads/release/1.2")).toBe("release/1.2");
    expect(refName("refs/tags/v1")).toBe("v1");
    const p = policy({ refs: ["release/*", "v*"] });
    expect(decide(input(p, [verdict("success")], { run: { ...run, ref: "refs/heads/release/1.2" } })).state).toBe(
      "approved",
    );
    expect(decide(input(p, [verdict("success")], { run: { ...run, ref: "refs/tags/v1" } })).state).toBe("approved");
    expect(decide(input(p, [verdict("success")], { run: { ...run, ref: "release/1.2/x" } })).state).toBe("rejected");
  });

  it("lists every refusal at once: fork, ref and event", () => {
    const d = decide(
      input(policy({ refs: ["main"], events: ["push"] }), undefined, {
        run: { ...run, fromFork: true, ref: "dev", event: "pull_request_target" },
      }),
    );
    expect(d.state === "rejected" && d.reasons).toHaveLength(3);
  });

  it("rejects what is still pending after `wait`, and only then", () => {
    const p = policy({ wait: "1m" });
    expect(decide(input(p, [verdict("pending")], { now: 60_000 })).state).toBe("pending");
    expect(decide(input(p, [verdict("pending")], { now: 60_001 })).state).toBe("rejected");
  });

  it("keeps every comment within GitHub's 1024 characters, marked where cut", () => {
    const long = "x".repeat(3000);
    for (const state of ["failure", "pending"] as const) {
      const d = decide(input(policy({}), [verdict(state, long)]));
      expect(d.comment.length).toBe(COMMENT_LIMIT);
      expect(d.comment.endsWith("…")).toBe(true);
    }
  });

  it("finds the environment case-insensitively, and refuses two names GitHub takes as one", () => {
    const config = validateConfig(
      { version: 1, environments: { Production: { protection: { require: ["preflight"] } } } },
      FILE,
    );
    expect(policyFor(config, "production", FILE)).toMatchObject({ kind: "ok", name: "Production" });
    const twice = validateConfig(
      {
        version: 1,
        environments: {
          Prod: { protection: { require: ["preflight"] } },
          prod: { protection: { require: ["artifacts"] } },
        },
      },
      FILE,
    );
    expect(policyFor(twice, "PROD", FILE).kind).toBe("error");
    expect(policyFor(twice, "prod", FILE)).toMatchObject({ kind: "ok", name: "prod" });
    expect(policyFor(config, "staging", FILE).kind).toBe("none");
  });

  it("refuses a policy that requires nothing, or a verdict twice", () => {
    expect(() => validateConfig({ version: 1, environments: { p: { protection: { require: [] } } } }, FILE)).toThrow(
      /require at least one verdict/,
    );
    expect(() =>
      validateConfig(
        { version: 1, environments: { p: { protection: { require: ["preflight", "preflight"] } } } },
        FILE,
      ),
    ).toThrow(/each verdict once/);
    expect(() =>
      validateConfig({ version: 1, environments: { p: { protection: { require: ["tests"] } } } }, FILE),
    ).toThrow();
  });
});

describe("protection: GitHub URLs", () => {
  const ref = { owner: "Octo", repo: "web" };
  it("takes the run id from the callback URL, on github.com and on GHES", () => {
    expect(
      runIdFromCallback("https://api.github.com/repos/octo/web/actions/runs/42/deployment_protection_rule", ref),
    ).toBe(42);
    expect(
      runIdFromCallback("https://ghe.example.com/api/v3/repos/Octo/web/actions/runs/7/deployment_protection_rule", ref),
    ).toBe(7);
  });

  it("takes no run id from another repository's URL or a malformed one", () => {
    expect(
      runIdFromCallback("https://api.github.com/repos/evil/web/actions/runs/42/deployment_protection_rule", ref),
    ).toBeUndefined();
    expect(runIdFromCallback("https://api.github.com/repos/octo/web/actions/runs/42", ref)).toBeUndefined();
    expect(runIdFromCallback("not a url", ref)).toBeUndefined();
    expect(runIdFromCallback(undefined, ref)).toBeUndefined();
  });

  it("counts a status's target_url as naming the run only for that run's page or below it", () => {
    const repo = "https://github.com/octo/web";
    expect(namesRun("https://github.com/octo/web/actions/runs/42", repo, 42)).toBe(true);
    expect(namesRun("https://github.com/Octo/web/actions/runs/42/attempts/2", repo, 42)).toBe(true);
    expect(namesRun("https://github.com/octo/web/actions/runs/420", repo, 42)).toBe(false);
    expect(namesRun("https://github.com/evil/web/actions/runs/42", repo, 42)).toBe(false);
    expect(namesRun(null, repo, 42)).toBe(false);
  });
});
