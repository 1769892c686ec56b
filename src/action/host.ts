import { loggedBoard } from "../core/progress-board.js";
import type { StageHost } from "../core/stages/host.js";
import { DeploymentsStore } from "../github/deployments.js";
import type { StageDeps } from "./stages/types.js";
import { actionHowToRun } from "./wording.js";

/** Inputs GitHub Deployment payloads can carry path by path; beyond, only the fingerprint. */
export const ACTION_RECORDED_PATHS = 500;

/**
 * The action as a stage host: the baseline is the latest successful deploy-gate GitHub Deployment,
 * the inputs add variables and secrets, progress goes to the log, secrets to the runner's mask too.
 */
export function actionHost(deps: StageDeps): StageHost {
  return {
    repo: deps.repo,
    config: deps.config,
    processEnv: process.env,
    variables: deps.inputs.variables,
    secrets: deps.inputs.secrets,
    baseline: () => new DeploymentsStore(deps.github(), { owner: deps.run.owner, repo: deps.run.repo }),
    howToRun: actionHowToRun,
    maxRecordedPaths: ACTION_RECORDED_PATHS,
    checked: deps.inputs.checked,
    strict: deps.inputs.strict,
    log: deps.log,
    // The job's log is no terminal: a line each time a rollout's count changes.
    board: () => loggedBoard(deps.log),
    interrupts: deps.interrupts,
    useMasker: deps.out.use,
  };
}
