import type { Status } from "../report/types.js";

export type Verdict =
  | "missing"
  | "mutable-ref"
  | "wrong-revision"
  | "skipped-rebuild"
  | "undeclared-change"
  | "rebuilt"
  | "unchanged"
  | "first-deploy";

export const VERDICT_STATUS: Record<Verdict, Status> = {
  missing: "fail",
  "mutable-ref": "fail",
  "wrong-revision": "fail",
  "skipped-rebuild": "fail",
  "undeclared-change": "warn",
  rebuilt: "pass",
  unchanged: "pass",
  "first-deploy": "pass",
};

/** Everything known about one artifact; each problem carries the sentence that explains it. */
export interface VerdictFacts {
  missing?: string;
  mutableRef?: string;
  wrongRevision?: string;
  /** Absent when there is no baseline for this artifact yet. */
  baseline?: {
    inputsChanged: boolean;
    artifactChanged: boolean;
    /** Sentences for the comparison verdicts. */
    describe: (verdict: "skipped-rebuild" | "undeclared-change" | "rebuilt" | "unchanged") => string;
  };
  firstDeploy: string;
}

/** The precedence of the verdicts (README, "Verdicts"): missing, mutable-ref, wrong-revision, skipped-rebuild, undeclared-change, passes. */
export function decide(facts: VerdictFacts): { verdict: Verdict; status: Status; message: string } {
  const out = (verdict: Verdict, message: string) => ({ verdict, status: VERDICT_STATUS[verdict], message });
  if (facts.missing) return out("missing", facts.missing);
  if (facts.mutableRef) return out("mutable-ref", facts.mutableRef);
  if (facts.wrongRevision) return out("wrong-revision", facts.wrongRevision);
  const b = facts.baseline;
  if (!b) return out("first-deploy", facts.firstDeploy);
  const verdict: Verdict = b.inputsChanged
    ? b.artifactChanged
      ? "rebuilt"
      : "skipped-rebuild"
    : b.artifactChanged
      ? "undeclared-change"
      : "unchanged";
  return out(verdict, b.describe(verdict));
}
