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

/** The verdicts that compare an artifact with its last recorded deploy. */
type Comparison = "skipped-rebuild" | "undeclared-change" | "rebuilt" | "unchanged";

/** What a comparison verdict's sentence names: which inputs changed, and the deploy compared with. */
interface ComparisonWords {
  /** "inputs changed (a, b)", when they did. */
  changed: string;
  /** The short commit of that deploy. */
  at: string;
}

const COMPARISON_MESSAGE: Record<Comparison, (words: ComparisonWords) => string> = {
  "skipped-rebuild": ({ changed, at }) =>
    `${changed} but the artifact is byte-identical to the one deployed at ${at}; rebuild it (the build skipped it) before deploying`,
  "undeclared-change": ({ at }) =>
    `the artifact changed since the deploy at ${at} but its inputs did not; declare the missing input in \`inputs\`, or make the build reproducible`,
  rebuilt: ({ changed, at }) => `${changed} and the artifact was rebuilt since the deploy at ${at}`,
  unchanged: ({ at }) => `neither the inputs nor the artifact changed since the deploy at ${at}`,
};

/** Everything known about one artifact; each problem carries the sentence that explains it. */
export interface VerdictFacts {
  missing?: string;
  mutableRef?: string;
  wrongRevision?: string;
  /** Absent when there is no baseline for this artifact yet. */
  baseline?: ComparisonWords & { inputsChanged: boolean; artifactChanged: boolean };
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
  const verdict: Comparison = b.inputsChanged
    ? b.artifactChanged
      ? "rebuilt"
      : "skipped-rebuild"
    : b.artifactChanged
      ? "undeclared-change"
      : "unchanged";
  return out(verdict, COMPARISON_MESSAGE[verdict](b));
}
