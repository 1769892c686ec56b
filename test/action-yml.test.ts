import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { examplePayload } from "./helpers/payloads.js";
import { runAction } from "./helpers/run-action.js";
import { tempDir } from "./helpers/tmp.js";

/** A checkout as actions/checkout leaves it: a git repository with the config committed. */
function checkout(files: Record<string, string>): { dir: string; sha: string } {
  const dir = tempDir("deploy-gate-ws-");
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: dir,
      encoding: "utf8",
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "t",
        GIT_AUTHOR_EMAIL: "t@e",
        GIT_COMMITTER_NAME: "t",
        GIT_COMMITTER_EMAIL: "t@e",
      },
    }).trim();
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("commit", "-qm", "init");
  return { dir, sha: git("rev-parse", "HEAD") };
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
    const ws = checkout({ ".github/deploy-gate.yml": "version: 1\n" });
    const run = runAction({
      inputs: {},
      workspace: ws.dir,
      eventName: "push",
      payload: examplePayload("push"),
      sha: ws.sha,
      mocks: [],
    });
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toContain("::error::the `gate` stage needs the `environment` input");
  });

  it("invalid JSON in `secrets` fails without echoing the value", () => {
    const ws = checkout({ ".github/deploy-gate.yml": "version: 1\n" });
    const run = runAction({
      inputs: { environment: "production", secrets: '{"API_KEY": "CANARY-s3cr3t"' },
      workspace: ws.dir,
      eventName: "push",
      payload: examplePayload("push"),
      sha: ws.sha,
      mocks: [],
    });
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toContain("the `secrets` input is not valid JSON");
    expect(run.stdout).not.toContain("CANARY");
  });
});
