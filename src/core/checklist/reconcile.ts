import { parseTasks, withoutTicks } from "./parse.js";
import { tickRefusal } from "./permission.js";
import { renderComment, userVisibleShape } from "./render.js";
import { decodeState, type StateTarget } from "./state-codec.js";
import type { ChecklistState } from "./types.js";

export interface Edit {
  /** `changes.body.from`: the body just before this edit. */
  from: string;
  /** The body the edit left. */
  body: string;
  sender: string;
  /** When the edit happened (the comment's `updated_at`), so a redelivery renders the same body. */
  at: string;
}

export type Reconciled =
  | { kind: "no-state" }
  | { kind: "reconciled"; state: ChecklistState; body: string; write: boolean };

const shape = (body: string) => userVisibleShape(withoutTicks(body));

/**
 * An edit of the checklist comment -> the new state and the canonical body. Only box changes made
 * by this edit (from -> body) are attributed to the sender; ticks by anyone not allowed, ticks
 * nobody can be credited with, and every other change are undone, each with a one-line note.
 */
export async function reconcileEdit(
  edit: Edit,
  roleOf: (login: string) => Promise<string>,
  key?: string,
  target?: StateTarget,
): Promise<Reconciled> {
  const base = decodeState(edit.from, key, target);
  if (!base) return { kind: "no-state" };
  const expected = shape(renderComment(base, key));
  const notes: string[] = [];
  const items = base.items.map((item) => ({ ...item }));

  if (shape(edit.body) !== expected) {
    notes.push(`@${edit.sender} changed the checklist beyond its boxes; it was restored (only ticking is allowed).`);
  } else {
    const now = parseTasks(edit.body);
    const before = parseTasks(edit.from);
    // A `from` that is not the app's last rendering (an event was missed) shows a box as the sender
    // found it only where it shows the same item at the same place; elsewhere nobody can be credited.
    const canonical = shape(edit.from) === expected;
    const sendersOwn = (index: number) =>
      canonical || (before.length === items.length && before[index].text === now[index].text);
    let refusal: string | undefined | null = null;
    for (const [index, item] of items.entries()) {
      const is = now[index].checked;
      if (!sendersOwn(index)) {
        if (is !== Boolean(item.tick)) {
          notes.push(
            `Nobody can be credited with the change to "${item.text}" (an earlier edit was missed), so it was restored.`,
          );
        }
        continue;
      }
      const was = before[index].checked;
      if (was === is) {
        if (is && !item.tick) notes.push(`Nobody can be credited with the tick on "${item.text}", so it was cleared.`);
        continue;
      }
      if (refusal === null) refusal = tickRefusal(base, edit.sender, await roleOf(edit.sender));
      if (refusal) {
        notes.push(`${refusal}: "${item.text}" was set back.`);
      } else if (is) {
        item.tick = { by: edit.sender, at: edit.at };
      } else {
        delete item.tick;
      }
    }
  }
  const state: ChecklistState = { ...base, items, notes };
  const body = renderComment(state, key);
  return { kind: "reconciled", state, body, write: body !== edit.body };
}
