/** The one report shape every command and front end shares (README, "The JSON report"). */
export type Status = "pass" | "warn" | "fail";
export type StageName = "artifacts" | "preflight" | "checklist" | "predict" | "verify";

export interface Result {
  /** The artifact's name, the check's id (`<check id>:<subject>` for one of several findings), or the item's id. */
  id: string;
  status: Status;
  /** A stable kebab-case word: rebuilt, skipped-rebuild, missing-variable, ticked, ... */
  verdict: string;
  /** One human sentence that says what to do next. */
  message: string;
  file?: string;
  line?: number;
}

export interface StageReport {
  stage: StageName;
  ok: boolean;
  results: Result[];
  /** The stage's own one-line verdict for its status, when it has one (the checklist: "1 of 2 ticked"). */
  headline?: string;
  /** artifacts: the digest each artifact had when checked (what `record` compares with the gate's). */
  digests?: Record<string, string>;
}

export interface Report {
  version: 1;
  environment?: string;
  commit?: string;
  ok: boolean;
  stages: StageReport[];
}

export interface ErrorReport {
  version: 1;
  ok: false;
  /** The first problem. */
  error: ErrorEntry;
  /** Every problem, the first included, in the order the file has them. */
  errors: ErrorEntry[];
}

export interface ErrorEntry {
  message: string;
  file?: string;
  line?: number;
  path?: string;
}

export const EXIT = { pass: 0, fail: 1, error: 2 } as const;
