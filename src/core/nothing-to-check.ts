import { UserError } from "./errors.js";
import type { StageName } from "./report/types.js";

/**
 * A stage with nothing that applies to the environment: a config error (exit 2), never a pass.
 * Every command and stage says it the same way; the action also marks the stages' statuses
 * `error`, so a required check does not wait forever for a result that will never come.
 */
export class NothingToCheck extends UserError {
  readonly stages: StageName[];
  readonly environment: string;

  constructor(stages: StageName[], environment: string, what: string, file: string) {
    super(
      `nothing to check for "${environment}": ${what} applies to it; add some to ${file}, or do not run this stage for "${environment}"`,
      { file },
    );
    this.stages = stages;
    this.environment = environment;
  }

  /** The commit status description: GitHub shows it next to the check. */
  get summary(): string {
    return `nothing to check for ${this.environment}`;
  }
}
