import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ChecklistState } from "../src/core/checklist/types.js";
import { checklistResults, checklistVerdict } from "../src/core/checklist/verdict.js";
import { runActionInProcess, sentStatuses, useActionProcess } from "./helpers/action-in-process.js";
import { runCli } from "./helpers/cli.js";
import { testRepo } from "./helpers/git-repo.js";

/** production has nothing of its own: every entry is scoped to staging. */
const CONFIG = `version: 1
environments:
  production: {}
  staging: {}
artifacts:
  - { name: tool, path: bin/tool, inputs: ["src/**"], environments: [staging] }
preflight:
  - { id: env, type: env, environments: [staging] }
verify:
  - { id: web, type: rollout, hosts: ["127.0.0.2:1"], url: "http://{host}/", environments: [staging] }
`;

function scopedRepo() {
  const repo = testRepo({ ".github/deploy-gate.yml": CONFIG, "src/a": "a\n", ".gitignore": ".deploy-gate/\n" });
  repo.commit();
  return repo;
}

useActionProcess();

describe("the CLI: a stage with nothing to check is exit 2 with the reason, never a pass", () => {
  it.each([
    ["preflight", "no preflight check (and no identity)"],
    ["artifacts", "no artifact"],
    ["record", "no artifact"],
    ["gate", "no artifact and no preflight check"],
    ["verify", "no verify check"],
  ])("%s", async (command, what) => {
    const repo = scopedRepo();
    const text = await runCli([command, "--env", "production", "-C", repo.dir]);
    expect(text.code).toBe(2);
    expect(text.stdout).toBe("");
    expect(text.stderr).toBe(
      `deploy-gate: ${repo.dir}/.github/deploy-gate.yml: nothing to check for "production": ${what} applies to it; add some to ${repo.dir}/.github/deploy-gate.yml, or do not run this stage for "production"\n`,
    );
    const json = await runCli([command, "--env", "production", "-C", repo.dir, "--json"]);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { message: expect.stringContaining(what) } });
  });

  it("record writes no state file when nothing applies", async () => {
    const repo = scopedRepo();
    await runCli(["record", "--env", "production", "-C", repo.dir]);
    expect(existsSync(join(repo.dir, ".deploy-gate/state.json"))).toBe(false);
  });

  it("the stage still runs for an environment something applies to", async () => {
    const repo = scopedRepo();
    expect((await runCli(["preflight", "--env", "staging", "-C", repo.dir])).code).toBe(0);
  });

  it("an identity alone is something to check", async () => {
    const repo = scopedRepo();
    repo.write(
      ".github/deploy-gate.yml",
      CONFIG.replace("  production: {}", '  production:\n    identity: { run: "echo prod", equals: prod }'),
    );
    const { code, stdout } = await runCli(["preflight", "--env", "production", "-C", repo.dir, "--json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).stages[0].results.map((r: { id: string }) => r.id)).toEqual(["identity"]);
  });
});

describe("the action: nothing to check fails the step (exit 2) and marks the stage's status `error`", () => {
  it.each([
    ["preflight", ["deploy-gate/preflight (production)"]],
    ["artifacts", ["deploy-gate/artifacts (production)"]],
    ["gate", ["deploy-gate/artifacts (production)", "deploy-gate/preflight (production)"]],
  ])("%s", async (stage, contexts) => {
    const repo = scopedRepo();
    const sent = sentStatuses(2);
    const out = await runActionInProcess(repo.dir, { stage, environment: "production" });
    expect(out.exitCode).toBe(2);
    expect(sent.map((s) => [s.context, s.state, s.description])).toEqual(
      contexts.map((context) => [context, "error", "nothing to check for production"]),
    );
    expect(out.output).toMatch(/ok<<[^\n]*\nfalse/);
  });

  it("record owns no status: exit 2, nothing posted", async () => {
    const repo = scopedRepo();
    const sent = sentStatuses(2);
    const out = await runActionInProcess(repo.dir, { stage: "record", environment: "production" });
    expect(out.exitCode).toBe(2);
    expect(sent).toEqual([]);
  });
});

describe("the checklist is the one exception: no item applying passes visibly", () => {
  const state: ChecklistState = {
    v: 1,
    sha: "a".repeat(40),
    pr: 2,
    author: "dev",
    tickers: { permission: "write", allow_author: true },
    items: [],
    body: [],
    notes: [],
  };

  it("one `not-required` pass, not an empty stage", () => {
    expect(checklistResults(state)).toEqual([
      {
        id: "checklist",
        status: "pass",
        verdict: "not-required",
        message: "no checklist item applies to this change, so nothing needs ticking",
      },
    ]);
    expect(checklistVerdict(state)).toMatchObject({ conclusion: "success", title: "no checklist item applies" });
  });

  it("an optional item that applies is not `not-required`: it is shown unticked", () => {
    const withOptional = { ...state, items: [{ id: "docs", text: "Docs", optional: true }] };
    expect(checklistResults(withOptional).map((r) => [r.verdict, r.status])).toEqual([["unticked", "warn"]]);
  });
});
