import type { WorkTreeScan } from "../artifacts/input-ids.js";
import type { LoadedConfig } from "../config/load.js";
import type { Environment } from "../environment/load.js";
import type { PreparedEnvironment } from "../environment/prepare.js";
import type { StageName, StageReport } from "../report/types.js";
import type { StageHost } from "./host.js";

/** What a stage part runs with: the front end's host and the environment, loaded once and masked. */
export interface StageRun {
  host: StageHost;
  prepared: PreparedEnvironment;
  /** HEAD of the checkout: the report's `commit`. */
  commit: string;
  /** git's look at the work tree at `commit`, started before the config was read: for parts that read the work tree. */
  scan?: WorkTreeScan;
}

/** One section of a report (`artifacts`, `preflight`, ...): what it checks and when it has anything to. */
export interface StagePart {
  name: StageName;
  /** What "nothing to check" says is missing, e.g. "no artifact". */
  nothing: string;
  /** Whether the config has anything for this part to check in the environment. */
  applies: (loaded: LoadedConfig, environment: Environment) => boolean;
  /**
   * It fingerprints the work tree at HEAD. git's look at it (`git status`, the longest step of
   * such a stage) then starts beside the config's loading, and comes to the part as `scan`.
   */
  readsWorkTree?: boolean;
  run: (run: StageRun) => Promise<StageReport>;
}

/** A stage a front end offers: its parts run one after the other into one report. */
export interface StageDefinition {
  parts: StagePart[];
  /** What "nothing to check" says when no part applies; the parts' own words joined when absent. */
  nothing?: string;
}
