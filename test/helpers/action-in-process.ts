import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as core from "@actions/core";
import nock from "nock";
import { afterEach } from "vitest";
import { type RunOptions, run } from "../../src/action/run.js";
import { retryAtOnce } from "./action-octokit.js";
import { tempDir } from "./tmp.js";

export const ACTION_API = "https://api.github.com";
export const ACTION_SHA = "0123456789012345678901234567890123456789";

/** The commit statuses the action posts on ACTION_SHA (up to `times` of them), in the order sent. */
export function sentStatuses(times = 1): any[] {
  const sent: any[] = [];
  nock(ACTION_API)
    .post(`/repos/acme/shop/statuses/${ACTION_SHA}`, (body) => {
      sent.push(body);
      return true;
    })
    .times(times)
    .reply(201, {});
  return sent;
}

/**
 * Runs the action in this process as the runner would: INPUT_* and GITHUB_* variables, files for
 * outputs and summary (a push event). Use with useActionProcess, which restores what it changes.
 */
export async function runActionInProcess(
  repo: string,
  inputs: Record<string, string>,
  options: Omit<RunOptions, "octokit"> = {},
) {
  const runner = tempDir();
  const files = { output: join(runner, "output"), summary: join(runner, "summary"), event: join(runner, "event.json") };
  for (const file of Object.values(files)) writeFileSync(file, "");
  writeFileSync(files.event, JSON.stringify({ after: "x" }));
  Object.assign(process.env, {
    GITHUB_REPOSITORY: "acme/shop",
    GITHUB_EVENT_NAME: "push",
    GITHUB_EVENT_PATH: files.event,
    GITHUB_SHA: ACTION_SHA,
    GITHUB_WORKSPACE: repo,
    GITHUB_API_URL: ACTION_API,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    RUNNER_TEMP: runner,
    INPUT_TOKEN: "test-token",
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
  });
  // @actions/core keeps the first summary file it was given: a second run in one test file needs its own.
  Object.assign(core.summary, { _filePath: undefined });
  core.summary.emptyBuffer();
  await run(process.env, { ...options, octokit: retryAtOnce });
  return {
    exitCode: process.exitCode,
    output: readFileSync(files.output, "utf8"),
    summary: readFileSync(files.summary, "utf8"),
  };
}

/** process.env and the exit code restored after each test (test/setup/nock.ts keeps the network to nock). */
export function useActionProcess(): void {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    process.exitCode = undefined;
  });
}
