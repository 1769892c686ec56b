import type { Report, Result, StageName, StageReport, Status } from "./types.js";

/** `--strict` turns every warn into a fail; the verdict and message stay as they are. */
export const applyStrict = (results: Result[], strict: boolean): Result[] =>
  strict ? results.map((r) => (r.status === "warn" ? { ...r, status: "fail" as Status } : r)) : results;

export function stageReport(stage: StageName, results: Result[], strict = false): StageReport {
  const final = applyStrict(results, strict);
  return { stage, ok: final.every((r) => r.status !== "fail"), results: final };
}

export function report(stages: StageReport[], context: { environment?: string; commit?: string } = {}): Report {
  return {
    version: 1,
    ...(context.environment === undefined ? {} : { environment: context.environment }),
    ...(context.commit === undefined ? {} : { commit: context.commit }),
    ok: stages.every((s) => s.ok),
    stages,
  };
}

/** 0 when the gate passed, 1 when anything failed. Errors (2) never produce a report. */
export const exitCodeOf = (r: Report): 0 | 1 => (r.ok ? 0 : 1);

export function countByStatus(results: Result[]): Record<Status, number> {
  const counts: Record<Status, number> = { pass: 0, warn: 0, fail: 0 };
  for (const r of results) counts[r.status]++;
  return counts;
}
