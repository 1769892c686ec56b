import { buildState } from "../../src/core/checklist/build-state.js";
import { parseTasks } from "../../src/core/checklist/parse.js";
import { renderComment } from "../../src/core/checklist/render.js";
import type { ChecklistState } from "../../src/core/checklist/types.js";
import type { ChecklistConfig } from "../../src/core/config/schema.js";
import { HEAD, KEY } from "./checklist-app.js";
import { checklist as fixtureChecklist } from "./checklist-config.js";
import type { Rev } from "./comment-history.js";

/** The comment the app would have posted for PR #2 (api/ touched), with optional ticks. */
export function postedComment(
  ticks: Record<number, string> = {},
  checklist: ChecklistConfig = fixtureChecklist,
  author = "Codertocat",
): { body: string; state: ChecklistState } {
  const state = buildState(
    checklist,
    { repo: "Codertocat/Hello-World", number: 2, headSha: HEAD, author, labels: [], files: ["api/keys.go"] },
    undefined,
  );
  for (const [index, by] of Object.entries(ticks)) state.items[Number(index)].tick = { by, at: "2026-11-22T04:00:00Z" };
  return { body: renderComment(state, KEY), state };
}

/** The body with box `index` set as a user clicking it would. */
export function setBox(body: string, index: number, checked = true): string {
  const task = parseTasks(body)[index];
  return `${body.slice(0, task.boxOffset)}[${checked ? "x" : " "}]${body.slice(task.boxOffset + 3)}`;
}

/**
 * The edit history behind `postedComment(ticks, ...)`: the app's rendering without ticks, then for
 * each tick the user's click and the app's rendering that records it.
 */
export function tickedHistory(
  ticks: Record<number, string> = {},
  checklist: ChecklistConfig = fixtureChecklist,
  author = "Codertocat",
): Rev[] {
  const revisions: Rev[] = [["bot", postedComment({}, checklist, author).body]];
  const done: Record<number, string> = {};
  for (const [index, by] of Object.entries(ticks)) {
    revisions.push([by, setBox(revisions.at(-1)![1], Number(index)), "2026-11-22T04:00:00Z"]);
    done[Number(index)] = by;
    revisions.push(["bot", postedComment(done, checklist, author).body]);
  }
  return revisions;
}
