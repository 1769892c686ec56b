import { createHash } from "node:crypto";
import type { ChecklistConfig } from "../config/schema.js";
import { anyGlob } from "../glob-match.js";
import { applicableItems } from "./applies.js";
import { BodyTooLongError, parseTasks } from "./parse.js";
import type { BodyTask, ChecklistState } from "./types.js";

export interface PullRequestFacts {
  /** "owner/name", bound into the state. */
  repo?: string;
  number: number;
  headSha: string;
  author: string;
  labels: readonly string[];
  body?: string | null;
  files: readonly string[];
  /** Blob id of each changed file (the PR files listing has them); absent ones digest as unknown. */
  versions?: Readonly<Record<string, string>>;
}

/**
 * Which ticks new code clears: all (on-push), those of the items whose file digests differ
 * (on-relevant-push), or none.
 */
export type Reset = { clear: "none" } | { clear: "all" } | { clear: "changed" };

/** The digest of the changed files an item's paths match, with their blob ids. */
export function filesDigest(
  paths: readonly string[],
  files: readonly string[],
  versions: PullRequestFacts["versions"],
) {
  const isMatch = anyGlob(paths);
  const lines = files.filter((f) => isMatch(f)).map((f) => `${f}@${versions?.[f] ?? "-"}`);
  return createHash("sha256").update(lines.sort().join("\n")).digest("base64url").slice(0, 16);
}

const OPTIONAL_RE = /\(optional\)/i;

/**
 * The PR description's tasks; as other tools do, a task saying "(optional)" is not required. A
 * description too long to read stands as one required task that can never be ticked (fail closed).
 */
export function bodyTasks(body: string | null | undefined): BodyTask[] {
  if (!body) return [];
  try {
    return parseTasks(body).map((t) => ({ text: t.text, checked: t.checked, optional: OPTIONAL_RE.test(t.text) }));
  } catch (error) {
    if (!(error instanceof BodyTooLongError)) throw error;
    return [{ text: error.message, checked: false, optional: false }];
  }
}

/**
 * The state for a PR from the base branch's config: applicable items, keeping a previous tick
 * only for the same id and the same text (a reworded item must be ticked again), minus what the
 * reset clears.
 */
export function buildState(
  checklist: ChecklistConfig,
  pr: PullRequestFacts,
  previous: ChecklistState | undefined,
  reset: Reset = { clear: "none" },
): ChecklistState {
  const cleared: string[] = [];
  const paths = new Map(checklist.items.map((i) => [i.id, i.paths]));
  const items = applicableItems(checklist, { files: pr.files, labels: pr.labels }).map((applicable) => {
    const itemPaths = paths.get(applicable.id);
    const item = itemPaths ? { ...applicable, fp: filesDigest(itemPaths, pr.files, pr.versions) } : applicable;
    const before = previous?.items.find((p) => p.id === item.id && p.text === item.text);
    if (!before?.tick) return item;
    const clear = reset.clear === "all" || (reset.clear === "changed" && Boolean(itemPaths) && before.fp !== item.fp);
    if (clear) {
      cleared.push(item.text);
      return item;
    }
    return { ...item, tick: before.tick };
  });
  const short = pr.headSha.slice(0, 7);
  return {
    v: 1,
    sha: pr.headSha,
    ...(pr.repo ? { repo: pr.repo } : {}),
    pr: pr.number,
    author: pr.author,
    tickers: { permission: checklist.tickers.permission, allow_author: checklist.tickers.allow_author },
    items,
    body: checklist.pr_body ? bodyTasks(pr.body) : [],
    ...(checklist.override.permission !== "admin" ? { override_permission: checklist.override.permission } : {}),
    ...(checklist.override.notify ? { notify: checklist.override.notify } : {}),
    notes: cleared.length
      ? [`New commits (${short}) cleared the ticks of: ${cleared.map((t) => `"${t}"`).join(", ")}.`]
      : [],
  };
}
