import { relative, resolve } from "node:path";
import { type LoadedConfig, loadConfig } from "../core/config/load.js";
import { describeError, UserError } from "../core/errors.js";
import { processInterrupts } from "../core/interrupts.js";
import { NothingToCheck } from "../core/nothing-to-check.js";
import { createMasker } from "../core/report/mask.js";
import type { Report } from "../core/report/types.js";
import { runStage } from "../core/stages/run-stage.js";
import type { GitHub } from "../github/octokit.js";
import { type OctokitFactory, octokitFor, readRunContext, statusSha } from "./github-env.js";
import { actionHost } from "./host.js";
import { readInputs } from "./inputs.js";
import { actionOutput } from "./output.js";
import { publish, publishNothingToCheck, workspacePath } from "./publish.js";
import { checklistStage } from "./stages/checklist.js";
import type { StageDeps } from "./stages/types.js";

/** The stage the inputs name: a core stage through the action's host, or the checklist. */
export function runActionStage(deps: StageDeps): Promise<Report> {
  const { stage, environment } = deps.inputs;
  if (stage === "checklist") return checklistStage(deps);
  return runStage(stage, environment ?? "", actionHost(deps));
}

export interface RunOptions {
  /** Makes the GitHub client (createOctokit by default); tests pass one that retries without waiting. */
  octokit?: OctokitFactory;
  /** The process's Ctrl-C and SIGTERM by default; tests interrupt a stage without signalling the test runner. */
  interrupts?: StageDeps["interrupts"];
}

/** The action: inputs -> stage -> published report. Every throw, of any type, fails the step. */
export async function run(env: NodeJS.ProcessEnv = process.env, options: RunOptions = {}): Promise<void> {
  let deps: StageDeps | undefined;
  const out = actionOutput();
  try {
    const inputs = readInputs();
    out.use(createMasker(Object.values(inputs.secrets)));
    const runContext = readRunContext(env);
    let github: GitHub | undefined;
    const client = () => {
      github ??= octokitFor(inputs.token, runContext, options.octokit);
      return github;
    };
    let config: Promise<LoadedConfig> | undefined;
    const repo = resolve(runContext.workspace, inputs.workingDirectory);
    const configPath = resolve(repo, inputs.config);
    deps = {
      inputs,
      run: runContext,
      repo,
      github: client,
      statusSha: () => statusSha(runContext, client),
      out,
      log: out.info,
      interrupts: options.interrupts ?? processInterrupts,
      config: () => {
        // Named as every file the gate names: relative to the checkout (publish maps them for annotations).
        config ??= loadConfig(configPath, relative(repo, configPath) || inputs.config);
        return config;
      },
    };
    const report = await runActionStage(deps);
    await publish(report, deps);
    if (!report.ok) {
      const failed = report.stages.filter((s) => !s.ok).map((s) => s.stage);
      out.fail(`deploy-gate ${inputs.stage} failed (${failed.join(", ")}): see the job summary for what to fix`);
    }
  } catch (error) {
    out.setOutput("ok", "false");
    if (error instanceof UserError) {
      for (const problem of error.problems) {
        if (!problem.file) continue;
        const where = [problem.path, problem.message].filter(Boolean).join(": ");
        const file = deps ? workspacePath(deps, problem.file) : problem.file;
        out.annotate("error", where, { file, startLine: problem.line, title: "deploy-gate config" });
      }
    }
    if (error instanceof NothingToCheck && deps) {
      // The step fails with exit 2 either way; a status GitHub refused is said, not thrown.
      await publishNothingToCheck(error, deps).catch((failed) =>
        out.annotate("warning", `could not mark the stage's status as error: ${describeError(failed)}`),
      );
    }
    out.fail(describeError(error));
    // The exit codes (README, "The CLI"): nothing could be checked is exit 2, a failed gate (GitHub errors included) is 1.
    process.exitCode = error instanceof UserError ? error.exitCode : 1;
  }
}
