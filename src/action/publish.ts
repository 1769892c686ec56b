import { createHash } from "node:crypto";
import { isAbsolute, join, relative, resolve } from "node:path";
import type { NothingToCheck } from "../core/nothing-to-check.js";
import { renderMarkdown, stageSummaryLine, stageTitle } from "../core/report/markdown.js";
import type { Report } from "../core/report/types.js";
import { type CommitState, setCommitStatus } from "../github/statuses.js";
import type { StageDeps } from "./stages/types.js";

/**
 * Annotations need paths from the workspace root. Every file the gate names (the config, a file a
 * check found) is relative to the checkout, which `working-directory` may move.
 */
export function workspacePath(deps: Pick<StageDeps, "run" | "repo">, file: string): string {
  if (isAbsolute(file)) return file;
  return relative(deps.run.workspace, resolve(deps.repo, file)) || file;
}

/**
 * The report's file name. The environment name comes from the workflow or the config, and may hold
 * `/`, `..` or control characters: those become `_` so the file lands in `dir` and nowhere else.
 * A name that had to change gets a short hash of the original, so two environments never share a file.
 */
export function reportFileName(stage: string, environment?: string): string {
  if (!environment) return `deploy-gate-${stage}.json`;
  const safe = environment.replace(/[^\w .+=,@-]|\.{2,}/g, "_");
  const tag = safe === environment ? "" : `-${createHash("sha256").update(environment).digest("hex").slice(0, 8)}`;
  return `deploy-gate-${stage}-${safe}${tag}.json`;
}

/** Writes the report file, outputs, job summary, annotations and one commit status per stage, all masked. */
export async function publish(report: Report, deps: StageDeps): Promise<string> {
  const dir = process.env.RUNNER_TEMP || deps.repo;
  const file = join(dir, reportFileName(deps.inputs.stage, deps.inputs.environment));
  const { out } = deps;
  await out.writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  out.setOutput("report", file);
  out.setOutput("ok", String(report.ok));
  // What the artifacts stage checked, for the record job: it refuses to record anything else.
  const digests = report.stages.find((s) => s.digests)?.digests;
  if (digests && report.commit && deps.inputs.stage !== "record") {
    out.setOutput(
      "checked",
      JSON.stringify({ environment: report.environment, commit: report.commit, artifacts: digests }),
    );
  }

  for (const stage of report.stages) {
    for (const r of stage.results) {
      if (r.status === "pass") continue;
      const props = {
        title: `deploy-gate ${r.verdict} (${r.id})`,
        ...(r.file ? { file: workspacePath(deps, r.file), startLine: r.line } : {}),
      };
      out.annotate(r.status === "fail" ? "error" : "warning", r.message, props);
    }
  }
  await out.summary(renderMarkdown(report));

  // `record` reports what it stored; it owns no required check. No stage (a PR comment that is
  // not the checklist's nor a command) has no status, so the commit is not even looked up.
  if (deps.inputs.stage !== "record" && report.stages.length > 0) {
    // The checklist's verdict was computed for one commit (the PR head it read): its status goes there.
    const sha = deps.inputs.stage === "checklist" && report.commit ? report.commit : await deps.statusSha();
    for (const stage of report.stages) {
      await setStageStatus(deps, sha, stageTitle(stage, report.environment), {
        state: stage.ok ? "success" : "failure",
        description: stage.headline ?? stageSummaryLine(stage),
      });
    }
  }
  return file;
}

/** One commit status, masked: the description before GitHub's 140-character cut, so a cut reveals nothing. */
const setStageStatus = (
  deps: StageDeps,
  sha: string,
  context: string,
  status: { state: CommitState; description: string },
) =>
  setCommitStatus(
    deps.github(),
    { owner: deps.run.owner, repo: deps.run.repo, sha },
    {
      context: deps.out.mask(context),
      state: status.state,
      description: deps.out.mask(status.description),
      targetUrl: deps.run.runUrl,
    },
  );

/**
 * A stage with nothing to check publishes no report, but its statuses say `error`: a required
 * check waiting for them would otherwise wait forever. `record` owns no status, as above.
 */
export async function publishNothingToCheck(error: NothingToCheck, deps: StageDeps): Promise<void> {
  if (deps.inputs.stage === "record") return;
  const sha = await deps.statusSha();
  for (const stage of error.stages) {
    await setStageStatus(deps, sha, stageTitle({ stage, ok: false, results: [] }, error.environment), {
      state: "error",
      description: error.summary,
    });
  }
}
