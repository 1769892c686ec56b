import type { BaselineStore } from "../artifacts/records.js";
import type { CheckedArtifacts } from "../artifacts/stage.js";
import type { LoadedConfig } from "../config/load.js";
import type { ProgressBoard } from "../progress-board.js";
import type { Masker } from "../report/mask.js";
import type { HowToRun } from "../wording.js";

/**
 * Everything in which the action and the CLI differ when they run a stage against an environment:
 * where the config and the baseline come from, which paths are never inputs, the process environment,
 * where progress goes and how their output boundary learns the secrets. Built once per run by
 * src/action/host.ts and src/cli/host.ts; a stage never asks which front end it runs in.
 */
export interface StageHost {
  /** The checkout of the commit being deployed. */
  repo: string;
  /** The config from the checkout; paths in its errors as the front end shows them. */
  config: () => Promise<LoadedConfig>;
  /** What commands inherit, and the source of `process: true` variables. */
  processEnv: Record<string, string | undefined>;
  /** The action's `variables` and `secrets` inputs, merged after the config's sources. */
  variables?: Record<string, string>;
  secrets?: Record<string, string>;
  /** Where the last deploy is kept; asked for only by stages that compare against it. */
  baseline: () => BaselineStore;
  howToRun: HowToRun;
  /** Repository-relative paths that are never inputs (the CLI's state file and its lock). */
  ignorePaths?: string[];
  /** Inputs listed path by path in a record up to this many (a GitHub Deployment payload is small). */
  maxRecordedPaths?: number;
  /** record: what the gate checked at this commit (the action's `checked` input); nothing else is recorded. */
  checked?: CheckedArtifacts;
  strict: boolean;
  /** Progress lines, masked by the front end as all its output is. */
  log?: (line: string) => void;
  /** The front end's output boundary masks these secrets from now on. */
  useMasker: (masker: Masker) => void;
  /** Where a long wait shows how it goes (verify's rollouts): redrawn on a terminal, logged per change elsewhere. */
  board?: () => ProgressBoard;
  /** Ctrl-C and SIGTERM, for a stage that ends early with a report: calls back on the first, returns a release. */
  interrupts?: (onInterrupt: () => void) => () => void;
}
