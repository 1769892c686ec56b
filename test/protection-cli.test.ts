import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { testRepo } from "./helpers/git-repo.js";
import { APP_ID, CONFIG, mergedPull, ours, protectionGitHub, RUN_ID, SHA } from "./helpers/protection.js";

const ENV = { GITHUB_TOKEN: "ghs_test", GITHUB_REPOSITORY: "Codertocat/Hello-World" };

/** The policy without `wait`: the CLI judges it by the wall clock, which a test must not depend on. */
const POLICY = CONFIG.replace(/^\s*wait: .*\n/m, "");

function cli(args: string[], env: Record<string, string> = ENV, config = POLICY) {
  const repo = testRepo({ ".github/deploy-gate.yml": config });
  return runCli(["protection", "--env", "production", "--sha", SHA, ...args], { cwd: repo.dir, env });
}

describe("deploy-gate protection", () => {
  it("prints an approval and exits 0, finding the run waiting on the environment", async () => {
    const gh = protectionGitHub();
    gh.state.statuses = [ours("deploy-gate/artifacts (production)"), ours("deploy-gate/preflight (production)")];
    gh.state.commitPulls = [mergedPull(7)];
    const { code, stdout } = await cli(["--app-id", String(APP_ID)]);
    expect(stdout).toContain(`production at 6113728, run ${RUN_ID} (push of main): approved`);
    expect(code).toBe(0);
    // It explains; it never decides.
    expect(gh.state.requests.filter((r) => r.startsWith("POST"))).toEqual([]);
  });

  it("prints each failing verdict and exits 1 on a rejection", async () => {
    const gh = protectionGitHub();
    gh.state.statuses = [ours("deploy-gate/preflight (production)", "failure", "failed: 1 failed (db: tcp-refused)")];
    const { code, stdout } = await cli(["--app-id", String(APP_ID), "--json"]);
    const doc = JSON.parse(stdout);
    expect(doc).toMatchObject({ decision: "rejected", ok: false, run: RUN_ID });
    expect(doc.reasons.join("\n")).toContain("deploy-gate/preflight (production): failed: 1 failed (db: tcp-refused)");
    expect(doc.reasons.join("\n")).toContain("no merged pull request brought 6113728");
    expect(code).toBe(1);
  });

  it("exits 3 while a verdict is still pending", async () => {
    const gh = protectionGitHub();
    gh.state.statuses = [ours("deploy-gate/artifacts (production)", "pending", "running")];
    gh.state.commitPulls = [mergedPull(7)];
    const { code, stdout } = await cli(["--app-id", String(APP_ID)]);
    expect(stdout).toContain("pending");
    expect(stdout).toContain("deploy-gate/preflight (production): not yet published by this run");
    expect(code).toBe(3);
  });

  it("refuses to run without a token, and asks for the app id when the checklist is required", async () => {
    protectionGitHub();
    const noToken = await cli([], { GITHUB_REPOSITORY: "Codertocat/Hello-World" });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain("set GITHUB_TOKEN");
    const noApp = await cli([]);
    expect(noApp.code).toBe(2);
    expect(noApp.stderr).toContain("pass --app-id");
  });
});
