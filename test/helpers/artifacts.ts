import { runCli } from "./cli.js";
import type { TestRepo } from "./git-repo.js";

/** A config with one `production` environment and one artifact at `path`. */
export const oneArtifactConfig = (path: string, inputs = "[go.mod]") => `version: 1
environments:
  production: {}
artifacts:
  - name: tool
    path: ${path}
    inputs: ${inputs}
`;

/** `deploy-gate artifacts --json` for production, with the first result. */
export async function firstArtifactResult(repo: TestRepo) {
  const run = await runCli(["artifacts", "--env", "production", "--json", "-C", repo.dir]);
  return { ...run, result: JSON.parse(run.stdout).stages[0].results[0] };
}
