import type { IsTeamMember } from "../codeowners.js";
import { ownerRefusal } from "./owners.js";
import { parseTasks, withoutTicks } from "./parse.js";
import { tickRefusal } from "./permission.js";
import type { CommentEdit } from "./port.js";
import { renderComment, taskText, userVisibleShape } from "./render.js";
import { decodeState, type StateTarget } from "./state-codec.js";
import type { ChecklistState, Tick } from "./types.js";

/**
 * One revision of the checklist comment as GitHub records it (GraphQL `userContentEdits`): who
 * saved it and the whole body it saved. `body` is null for a revision deleted from the history,
 * `editor` for a deleted account: neither can be credited with anything.
 */
export interface Revision {
  editor: string | null;
  body: string | null;
  at: string;
}

/**
 * Who may tick, from sources the PR cannot write: the base branch's config and the PR's author.
 * Left out, they are those of deploy-gate's own latest rendering: only for the app, whose bot no
 * one else can save revisions as (the action's github-actions[bot] is any workflow's).
 */
export interface TickRules {
  tickers?: ChecklistState["tickers"];
  author?: string;
  target: StateTarget;
  /** The login whose revisions are deploy-gate's own renderings. */
  bot: string;
  /** Asked once per user and event: the port memoises it. */
  roleOf: (login: string) => Promise<string>;
  /**
   * Code owners per item id, from the base branch's CODEOWNERS (with `tickers.codeowners`); left
   * out, those of deploy-gate's own latest rendering (the app's edit path).
   */
  owners?: ReadonlyMap<string, string[]>;
  isTeamMember: IsTeamMember;
}

export interface Replayed {
  /** The last state deploy-gate rendered, its ticks replaced by those the history proves; undefined when none. */
  state?: ChecklistState;
  /** Why a box shown ticked in the newest revision does not count. */
  notes: string[];
  /** Every tick and untick that counted, oldest first, with the head the checklist was then for. */
  trail?: TrailEntry[];
}

/** One tick or untick GitHub's edit history proves: who, when, which item, on which head. */
export interface TrailEntry {
  what: "ticked" | "unticked";
  by: string;
  at: string;
  item: string;
  sha: string;
}

const shape = (body: string) => userVisibleShape(withoutTicks(body));
const keyOf = (item: { id: string; text: string }) => `${item.id}\n${item.text}`;

/**
 * Replays the comment's revisions, oldest first, and keeps only ticks it can prove. A box counts
 * when a revision by a user the rules allow ticked it (compared with the revision just before, which
 * must show the same checklist) and no later revision unticked it. deploy-gate's own renderings
 * give the layout (which box is which item) but prove no tick: a box they show ticked counts only
 * if it already did. A revision whose box changes cannot be credited (a reworded body, a deleted
 * account's, the one after a deleted revision) still withdraws every tick it does not show.
 * Anything the hidden state claims is ignored, so a hand-written state and an edit whose event or
 * run was missed (a restart, a `concurrency` group cancelling pending runs) are both judged from
 * GitHub's record of who saved what.
 */
export async function replayTicks(revisions: readonly Revision[], rules: TickRules): Promise<Replayed> {
  let layout: ChecklistState | undefined;
  let expected = "";
  let lastLayoutAt = -1;
  let previous: boolean[] | undefined;
  const proven = new Map<string, Tick>();
  const refused = new Map<string, string>();
  const trail: TrailEntry[] = [];
  const refusal = async (login: string) => {
    const state = layout as ChecklistState;
    const who = { tickers: rules.tickers ?? state.tickers, author: rules.author ?? state.author };
    return tickRefusal({ ...state, ...who }, login, await rules.roleOf(login));
  };
  // A revision whose box changes nobody can be credited with may still be an allowed user's
  // untick (on a reworded body, after a deleted revision): a box it does not show ticked, or a
  // revision whose body is gone, withdraws the tick, since a withdrawn tick must never count again.
  const withdrawUnshown = (body: string | null) => {
    const shown = new Map(body === null ? [] : parseTasks(body).map((t) => [t.text, t.checked]));
    for (const item of layout?.items ?? []) if (shown.get(taskText(item)) !== true) proven.delete(keyOf(item));
  };

  for (const [index, revision] of revisions.entries()) {
    const body = revision.body;
    if (body !== null && revision.editor === rules.bot) {
      const state = decodeState(body, undefined, rules.target);
      if (!state || shape(body) !== shape(renderComment(state))) {
        previous = undefined;
        continue;
      }
      layout = state;
      expected = shape(body);
      lastLayoutAt = index;
      refused.clear();
      const boxes = parseTasks(body).map((t) => t.checked);
      const keep = new Set(state.items.filter((item, i) => boxes[i] && proven.has(keyOf(item))).map(keyOf));
      for (const key of [...proven.keys()]) if (!keep.has(key)) proven.delete(key);
      previous = boxes;
      continue;
    }
    if (body === null || !layout || !revision.editor || shape(body) !== expected) {
      withdrawUnshown(body);
      previous = undefined;
      continue;
    }
    const boxes = parseTasks(body).map((t) => t.checked);
    if (!previous) withdrawUnshown(body);
    else {
      for (const [i, item] of layout.items.entries()) {
        if (boxes[i] === previous[i]) continue;
        const owners = rules.owners ? rules.owners.get(item.id) : item.owners;
        const why =
          (await refusal(revision.editor)) ??
          (await ownerRefusal({ text: item.text, owners }, revision.editor, rules.isTeamMember));
        if (why) {
          refused.set(keyOf(item), `${why}: "${item.text}" was set back.`);
        } else if (boxes[i]) {
          proven.set(keyOf(item), { by: revision.editor, at: revision.at });
          refused.delete(keyOf(item));
          trail.push({ what: "ticked", by: revision.editor, at: revision.at, item: item.text, sha: layout.sha });
        } else {
          if (proven.delete(keyOf(item)))
            trail.push({ what: "unticked", by: revision.editor, at: revision.at, item: item.text, sha: layout.sha });
        }
      }
    }
    previous = boxes;
  }

  if (!layout) return { notes: [] };
  const items = layout.items.map(({ tick: _claimed, ...item }) => {
    const tick = proven.get(keyOf(item));
    return tick ? { ...item, tick } : item;
  });
  const notes = notesFor(revisions.at(-1), revisions.length - 1 === lastLayoutAt, expected, items, refused);
  return { state: { ...layout, items, notes: [] }, notes, trail };
}

/** One line per box the newest revision shows ticked that does not count, saying why. */
function notesFor(
  newest: Revision | undefined,
  ours: boolean,
  expected: string,
  items: ChecklistState["items"],
  refused: Map<string, string>,
): string[] {
  if (ours || !newest) return [];
  if (!newest.body || shape(newest.body) !== expected) {
    const who = newest.editor ? `@${newest.editor}` : "Someone";
    return [`${who} changed the checklist beyond its boxes; it was restored (only ticking is allowed).`];
  }
  const boxes = parseTasks(newest.body).map((t) => t.checked);
  const notes: string[] = [];
  for (const [i, item] of items.entries()) {
    if (!boxes[i] || item.tick) continue;
    notes.push(
      refused.get(keyOf(item)) ??
        `Nobody allowed to tick can be credited with the tick on "${item.text}" in the comment's edit history, so it was cleared.`,
    );
  }
  return notes;
}

/**
 * The history as of the comment's current body. GitHub may not list the newest revision yet: the
 * event that reported it (GitHub's payload, which the PR cannot write) then names its editor, and a
 * body nobody is on record for is a revision nobody can be credited with.
 */
export function upToBody(revisions: readonly Revision[], body: string, event?: CommentEdit): Revision[] {
  const newest = revisions.at(-1);
  if (newest?.body === body) return [...revisions];
  const known = event && event.body === body && newest?.body === event.from;
  return [...revisions, { editor: known ? event.sender : null, body, at: event?.at ?? newest?.at ?? "" }];
}
