import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { actionOutput } from "../src/action/output.js";
import { runActionStage } from "../src/action/run.js";
import type { StageDeps } from "../src/action/stages/types.js";
import { loadConfig } from "../src/core/config/load.js";
import { renderMarkdown } from "../src/core/report/markdown.js";
import { committedRepoWith } from "./helpers/preflight.js";

/** What the runner is told to mask: setSecret's `::add-mask::` commands on stdout, as the runner reads them. */
function maskCommands(): string[] {
  const masked: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  vi.spyOn(process.stdout, "write").mockImplementation((chunk, ...rest: any[]) => {
    for (const line of String(chunk).split(/\r?\n/)) if (line.startsWith("::add-mask::")) masked.push(line.slice(12));
    return String(chunk).startsWith("::add-mask::") ? true : write(chunk, ...rest);
  });
  return masked;
}

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
  afterEach(() => {
    vi.restoreAllMocks();
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
    const registered = maskCommands();
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
