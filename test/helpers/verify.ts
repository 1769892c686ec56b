import type { RolloutProgress } from "../../src/core/verify/rollout.js";
import { runVerifyStage } from "../../src/core/verify/stage.js";
import { repoWith, stageInputs } from "./preflight.js";

/** Runs the verify stage for a config (YAML text), as the CLI would; results unmasked. */
export async function runVerify(
  configYaml: string,
  options: { files?: Record<string, string>; env?: string; stop?: AbortSignal } = {},
) {
  const inputs = await stageInputs(configYaml, repoWith(options.files ?? {}), options.env);
  const lines: string[] = [];
  const progress: RolloutProgress[] = [];
  const stage = await runVerifyStage({
    ...inputs.options,
    stop: options.stop,
    log: (line) => lines.push(line),
    onProgress: (p) => progress.push(p),
  });
  const byId = (id: string) => stage.results.find((r) => r.id === id);
  return { stage, results: stage.results, byId, lines, progress };
}

/** A config with one `production` environment whose RELEASE is 0.149.2, and the verify list given. */
export const verifyConfig = (checks: string, extra = "") =>
  `version: 1\n${extra}environments:\n  production:\n    variables: [{ dotenv: prod.env }]\nverify:\n${checks}`;

export const PROD_ENV = { "prod.env": "RELEASE=0.149.2\n" };
