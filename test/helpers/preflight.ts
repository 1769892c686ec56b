import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseConfig } from "../../src/core/config/load.js";
import { prepareEnvironment } from "../../src/core/environment/prepare.js";
import { runPreflightStage } from "../../src/core/preflight/stage.js";
import { testRepo } from "./git-repo.js";
import { tempDir } from "./tmp.js";

/** Writes files into a fresh directory; names ending in `*` are made executable. */
export function repoWith(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) {
    const exec = name.endsWith("*");
    const path = join(dir, exec ? name.slice(0, -1) : name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    if (exec) chmodSync(path, 0o755);
  }
  return dir;
}

/** The same files, committed in a git repository (the CLI and the action report HEAD). */
export function committedRepoWith(files: Record<string, string>): { dir: string; head: string } {
  const dir = repoWith(files);
  return { dir, head: testRepo({}, dir).commit("init") };
}

/**
 * What a stage runs with, as the CLI sets it up: the config (YAML text) parsed as
 * `.github/deploy-gate.yml` and the environment (production unless named) prepared in `repo`.
 */
export async function stageInputs(
  configYaml: string,
  repo: string,
  env = "production",
  processEnv: Record<string, string | undefined> = process.env,
) {
  const loaded = parseConfig(configYaml, ".github/deploy-gate.yml");
  const { environment, loadOther, mask } = await prepareEnvironment(loaded, env, { repo, processEnv });
  return { options: { loaded, environment, repo, loadOther, processEnv }, mask };
}

/**
 * Runs the preflight stage for a config (YAML text) against the files given, as the CLI would.
 * The results are the stage's, unmasked: `mask` is what the front ends apply where output leaves.
 */
export async function runPreflight(
  configYaml: string,
  files: Record<string, string> = {},
  options: { env?: string; processEnv?: Record<string, string | undefined>; strict?: boolean; repo?: string } = {},
) {
  const repo = options.repo ?? repoWith(files);
  const inputs = await stageInputs(configYaml, repo, options.env, options.processEnv);
  const lines: string[] = [];
  const stage = await runPreflightStage({
    ...inputs.options,
    strict: options.strict,
    log: (line) => lines.push(line),
  });
  return { stage, results: stage.results, lines, repo, mask: inputs.mask };
}

/** A config with one `production` environment reading `prod.env`, and the checks given (YAML list items). */
export const configWith = (checks: string, extra = "") =>
  `version: 1\n${extra}environments:\n  production:\n    variables: [{ dotenv: prod.env }]\n    secrets: [API_KEY]\npreflight:\n${checks}`;
