import { listPaths } from "../artifacts/fingerprint.js";
import type { Status } from "../report/types.js";
import type { Prediction } from "./types.js";

export type PredictVerdict =
  | "predicted-skip"
  | "undeclared-build-input"
  | "predicted-rebuild"
  | "first-deploy"
  | "unchanged"
  | "predict-failed"
  | "timeout";

export const PREDICT_STATUS: Record<PredictVerdict, Status> = {
  "predicted-skip": "fail",
  "undeclared-build-input": "warn",
  "predicted-rebuild": "pass",
  "first-deploy": "pass",
  unchanged: "pass",
  "predict-failed": "fail",
  timeout: "fail",
};

/** Everything known about one artifact before its build. */
export interface PredictFacts {
  prediction: Prediction;
  /** Files the build system counts that the gate's `inputs` do not declare, sorted. */
  undeclared: string[];
  /** The sentence for an artifact with no recorded deploy. */
  firstDeploy: string;
  /** The last recorded deploy of this artifact; absent when there is none. */
  baseline?: {
    /** The deployed commit, as people read it. */
    at: string;
    inputsChanged: boolean;
    /** The inputs that changed since then; undefined when the clone cannot name them. */
    changed?: string[];
    /** Which of those are inputs now (the others were deleted). */
    present: (path: string) => boolean;
    /** The build key recorded then; absent in records made before `predict:` was configured. */
    key?: string;
    /** The sentence for a baseline without a build key. */
    noKey: string;
  };
}

/** A key as messages show it: the hash part of a drvPath, or the first 12 characters of a hash. */
export function showKey(key: string): string {
  const value = key.slice(key.indexOf(":") + 1);
  return value
    .split(" ")
    .map((part) => (part.includes("/") ? part.slice(part.lastIndexOf("/") + 1) : part).slice(0, 12))
    .join(" ");
}

const them = (paths: string[]) => (paths.length === 1 ? "it" : "them");

/**
 * The precedence (README, "predict"): predicted-skip, then undeclared-build-input, then the passes.
 * A skip is a changed input the build does not count (named by the tool's input files), or a
 * changed input with an unchanged build key.
 */
export function decidePrediction(facts: PredictFacts): { verdict: PredictVerdict; status: Status; message: string } {
  const out = (verdict: PredictVerdict, message: string) => ({ verdict, status: PREDICT_STATUS[verdict], message });
  const { prediction: p, baseline: b, undeclared } = facts;
  const key = showKey(p.key);
  if (b?.inputsChanged) {
    const files = p.files;
    const ignored = files && b.changed ? b.changed.filter((path) => b.present(path) && !files.has(path)) : [];
    const drop = (paths: string[]) =>
      `, or drop ${them(paths)} from \`inputs\` if the build truly does not need ${them(paths)}`;
    if (ignored.length) {
      return out(
        "predicted-skip",
        `${listPaths(ignored)} changed since the deploy at ${b.at}, but ${p.subject} does not count ${them(ignored)}, so the build would not rebuild for ${them(ignored)}; ${p.fix(them(ignored))}${drop(ignored)}`,
      );
    }
    if (b.key === p.key) {
      const changed = b.changed ?? [];
      const named = changed.length
        ? ` (${listPaths(changed)})`
        : " (to name them the clone needs that commit: use fetch-depth: 0)";
      return out(
        "predicted-skip",
        `inputs changed since the deploy at ${b.at}${named}, but ${p.subject} keeps the same build key (${key}), so the build would skip the change; ${p.fix(changed.length ? them(changed) : "them")}${changed.length ? drop(changed) : ""}`,
      );
    }
  }
  if (undeclared.length) {
    return out(
      "undeclared-build-input",
      `${p.subject} counts ${listPaths(undeclared)}, which \`inputs\` do not declare, so the artifacts stage could miss a change to ${them(undeclared)}; add ${them(undeclared)} to \`inputs\``,
    );
  }
  if (b && !b.inputsChanged && b.key !== undefined && b.key !== p.key) {
    return out(
      "undeclared-build-input",
      `${p.subject}'s build key changed since the deploy at ${b.at} (${showKey(b.key)} to ${key}) but \`inputs\` did not; declare what the build reads in \`inputs\`, so the artifacts stage sees it too`,
    );
  }
  if (!b) return out("first-deploy", facts.firstDeploy);
  if (!b.inputsChanged) {
    return out(
      "unchanged",
      b.key === undefined
        ? `the inputs did not change since the deploy at ${b.at} (which recorded no build key to compare)`
        : `neither the inputs nor ${p.subject}'s build key changed since the deploy at ${b.at}`,
    );
  }
  const changed = b.changed?.length ? ` (${listPaths(b.changed)})` : "";
  if (b.key !== undefined) {
    return out(
      "predicted-rebuild",
      `inputs changed since the deploy at ${b.at}${changed} and ${p.subject}'s build key changed (${showKey(b.key)} to ${key}), so the build will rebuild it`,
    );
  }
  // No key to compare; the tool's own file list still shows it counts every changed input.
  if (p.files && b.changed) {
    return out(
      "predicted-rebuild",
      `inputs changed since the deploy at ${b.at}${changed} and ${p.subject} counts every one of them, so the build will rebuild it`,
    );
  }
  return out("first-deploy", b.noKey);
}
