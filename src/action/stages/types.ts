import type { LoadedConfig } from "../../core/config/load.js";
import type { Report } from "../../core/report/types.js";
import type { GitHub } from "../../github/octokit.js";
import type { RunContext } from "../github-env.js";
import type { ActionInputs } from "../inputs.js";
import type { ActionOutput } from "../output.js";

export interface StageDeps {
  inputs: ActionInputs;
  run: RunContext;
  /** The checkout under test (the workspace joined with `working-directory`). */
  repo: string;
  /** Lazily made, so stages that never call GitHub need no token. */
  github: () => GitHub;
  /** The commit this stage's status belongs to (see statusSha). */
  statusSha: () => Promise<string>;
  /** Where everything the action prints goes, masked. */
  out: ActionOutput;
  /** out.info, for progress lines. */
  log: (line: string) => void;
  /** The config from the checkout (memoized); like every path the gate names, relative to the checkout. */
  config: () => Promise<LoadedConfig>;
  /** Ctrl-C and SIGTERM (a cancelled job): the process's, unless a test stands in for them. */
  interrupts?: (onInterrupt: () => void) => () => void;
}

/** A stage returns its report; publishing (outputs, summary, annotations, status) is shared. */
export type StageRunner = (deps: StageDeps) => Promise<Report>;
