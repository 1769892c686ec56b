import { type PreparedEnvironment, prepareEnvironment } from "../core/environment/prepare.js";
import { headCommit } from "../core/git.js";
import type { StageDeps } from "./stages/types.js";

/** The environment a stage runs against, and HEAD (the report's `commit`); its secrets masked from here on. */
export async function environmentFor(deps: StageDeps): Promise<PreparedEnvironment & { commit: string }> {
  const loaded = await deps.config();
  const prepared = await prepareEnvironment(loaded, deps.inputs.environment ?? "", {
    repo: deps.repo,
    processEnv: process.env,
    variables: deps.inputs.variables,
    secrets: deps.inputs.secrets,
  });
  deps.out.use(prepared.mask);
  return { ...prepared, commit: await headCommit(deps.repo) };
}
