import { UserError } from "../../core/errors.js";
import { type ProtectionDecision, policyFor } from "../../core/protection/decide.js";
import type { createOctokit } from "../../github/octokit.js";
import { getRun, pendingEnvironments, runFactsOf, type WorkflowRun, waitingRuns } from "../../github/protection.js";
import { evaluate } from "../../github/protection-review.js";
import type { CommandContext, CommandOutput } from "../context.js";
import { githubApi } from "../github.js";

export interface ProtectionOptions {
  env: string;
  sha: string;
  repo?: string;
  run?: string;
  appId?: string;
}

/** The decision's exit code: 0 approved, 1 rejected, 3 pending. */
export const PROTECTION_EXIT = { approved: 0, rejected: 1, pending: 3 } as const;

const positive = (value: string | undefined, flag: string): number | undefined => {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) === 0) throw new UserError(`${flag} must be a number, got "${value}"`);
  return Number(value);
};

/** The run the rule would gate: --run, else the run of the commit waiting on the environment. */
async function findRun(
  api: ReturnType<typeof createOctokit>,
  ref: { owner: string; repo: string },
  options: ProtectionOptions,
) {
  const given = positive(options.run, "--run");
  if (given) return getRun(api, ref, given);
  for (const run of await waitingRuns(api, ref, options.sha)) {
    const waiting = await pendingEnvironments(api, ref, run.id);
    if (waiting.some((name) => name.toLowerCase() === options.env.toLowerCase())) return run;
  }
  throw new UserError(
    `no workflow run of ${options.sha.slice(0, 7)} is waiting on ${options.env}; pass --run ID to explain a run that is not waiting`,
  );
}

/**
 * `deploy-gate protection --env NAME --sha SHA`: what the deployment protection rule would decide
 * for that commit's run and why, from GitHub's verdicts and the policy in the checkout's config.
 * Reads only; posts nothing.
 */
export async function protectionCommand(ctx: CommandContext, options: ProtectionOptions): Promise<CommandOutput> {
  const { env } = ctx.io;
  const api = githubApi(
    env,
    "set GITHUB_TOKEN (or GH_TOKEN) to a token that can read the repository's actions, statuses and checks",
  );
  const full = options.repo ?? env.GITHUB_REPOSITORY;
  const [owner, repo, extra] = (full ?? "").split("/");
  if (!owner || !repo || extra !== undefined) throw new UserError("pass --repo OWNER/NAME (or set GITHUB_REPOSITORY)");
  if (!/^[0-9a-f]{40}$/i.test(options.sha))
    throw new UserError(`--sha must be a full 40-character commit id, got "${options.sha}"`);
  const appId = positive(options.appId ?? env.DEPLOY_GATE_APP_ID, "--app-id");
  const loaded = await ctx.loadConfig();
  const policy = policyFor(loaded.config, options.env, loaded.file);
  if (policy.kind === "ok" && policy.protection.require.includes("checklist") && !appId) {
    throw new UserError(
      "the policy requires `checklist`, proven by the deploy-gate app's check run: pass --app-id (the app's id, on its settings page) or set DEPLOY_GATE_APP_ID",
    );
  }
  const ref = { owner, repo };
  let run: WorkflowRun;
  try {
    run = await findRun(api, ref, options);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`reading the workflow runs of ${options.sha.slice(0, 7)} failed: ${(error as Error).message}`, {
      exitCode: 1,
    });
  }
  const facts = runFactsOf(run, { sha: options.sha.toLowerCase() });
  const decision: ProtectionDecision = await evaluate(api, ref, {
    environment: options.env,
    policy,
    run: facts,
    repoUrl: run.html_url.replace(/\/actions\/runs\/\d+.*$/, ""),
    appId,
    now: Date.now(),
  });
  const header = `${options.env} at ${facts.sha.slice(0, 7)}, run ${run.id} (${facts.event} of ${facts.ref || "?"}): ${decision.state}`;
  return {
    text: `${header}\n${decision.comment}\n`,
    document: {
      version: 1,
      ok: decision.state === "approved",
      decision: decision.state,
      environment: options.env,
      commit: facts.sha,
      run: run.id,
      comment: decision.comment,
      ...(decision.state === "rejected" ? { reasons: decision.reasons } : {}),
      ...(decision.state === "pending" ? { waitingFor: decision.waitingFor } : {}),
    },
    exitCode: PROTECTION_EXIT[decision.state],
  };
}
