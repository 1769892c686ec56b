import { join } from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../src/core/config/load.js";

const registered: string[] = [];
vi.mock("@actions/core", async (original) => ({
  ...(await original<typeof import("@actions/core")>()),
  setSecret: (value: string) => registered.push(value),
}));

const { runActionStage } = await import("../src/action/run.js");
const { renderMarkdown } = await import("../src/core/report/markdown.js");
const { actionOutput } = await import("../src/action/output.js");
const { committedRepoWith } = await import("./helpers/preflight.js");

import type { StageDeps } from "../src/action/stages/types.js";

const CANARY = "canary-5ecret-value-93f1";
const INPUT_CANARY = "input-canary-4c2e";

const deps = (repo: string, lines: string[]): StageDeps =>
  ({
    inputs: {
      stage: "preflight",
      environment: "production",
      config: ".github/deploy-gate.yml",
      token: "",
      variables: { REGION: "eu-west-1" },
      secrets: { DEPLOY_TOKEN: INPUT_CANARY },
      strict: false,
      workingDirectory: ".",
    },
    run: {} as StageDeps["run"],
    repo,
    github: () => {
      throw new Error("the preflight stage needs no GitHub");
    },
    statusSha: async () => "0".repeat(40),
    out: actionOutput(),
    log: (line: string) => lines.push(line),
    config: () => loadConfig(join(repo, ".github/deploy-gate.yml"), ".github/deploy-gate.yml"),
  }) as StageDeps;

describe("action stage preflight", () => {
  beforeEach(() => {
    registered.length = 0;
  });

  it("registers every secret with setSecret, and its output boundary masks them in the report, summary and log", async () => {
    const { dir: repo, head } = committedRepoWith({
      ".github/deploy-gate.yml": `version: 1
environments:
  production:
    variables: [{ dotenv: prod.env }]
    secrets: [API_KEY]
preflight:
  - { id: cmd, type: command, run: 'echo "$API_KEY $DEPLOY_TOKEN $REGION"; exit 1' }
  - { id: env, type: env, required: [REGION, DEPLOY_TOKEN] }
`,
      "prod.env": `API_KEY=${CANARY}\n`,
    });
    const lines: string[] = [];
    const stageDeps = deps(repo, lines);
    const report = await runActionStage(stageDeps);
    const { mask } = stageDeps.out;
    expect(registered).toEqual(expect.arrayContaining([CANARY, INPUT_CANARY]));
    expect(report).toMatchObject({ environment: "production", commit: head });
    expect(report.stages[0].results.map((r) => [r.id, r.verdict])).toEqual([
      ["cmd", "command-failed"],
      ["env", "passed"],
    ]);
    expect(mask(report.stages[0].results[0].message)).toContain("*** *** eu-west-1");
    for (const text of [JSON.stringify(report), renderMarkdown(report), lines.join("\n")].map(mask)) {
      expect(text).not.toContain(CANARY);
      expect(text).not.toContain(INPUT_CANARY);
    }
  });
});
