import type { ChecklistConfig } from "../config/schema.js";
import { applicableItems } from "./applies.js";
import { parseTasks } from "./parse.js";
import type { BodyTask, ChecklistState } from "./types.js";

export interface PullRequestFacts {
  number: number;
  headSha: string;
  author: string;
  labels: readonly string[];
  body?: string | null;
  files: readonly string[];
}

/** Which ticks a push clears: all (on-push), those of the items it touched (on-relevant-push), or none. */
export type Reset = { clear: "none" } | { clear: "all" } | { clear: "some"; ids: ReadonlySet<string> };

const OPTIONAL_RE = /\(optional\)/i;

/** The PR description's tasks; as other tools do, a task saying "(optional)" is not required. */
export const bodyTasks = (body: string | null | undefined): BodyTask[] =>
  body ? parseTasks(body).map((t) => ({ text: t.text, checked: t.checked, optional: OPTIONAL_RE.test(t.text) })) : [];

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
  const items = applicableItems(checklist, { files: pr.files, labels: pr.labels }).map((item) => {
    const old = previous?.items.find((p) => p.id === item.id && p.text === item.text)?.tick;
    if (!old) return item;
    if (reset.clear === "all" || (reset.clear === "some" && reset.ids.has(item.id))) {
      cleared.push(item.text);
      return item;
    }
    return { ...item, tick: old };
  });
  const short = pr.headSha.slice(0, 7);
  return {
    v: 1,
    sha: pr.headSha,
    pr: pr.number,
    author: pr.author,
    tickers: { permission: checklist.tickers.permission, allow_author: checklist.tickers.allow_author },
    items,
    body: checklist.pr_body ? bodyTasks(pr.body) : [],
    notes: cleared.length
      ? [`New commits (${short}) cleared the ticks of: ${cleared.map((t) => `"${t}"`).join(", ")}.`]
      : [],
  };
}
