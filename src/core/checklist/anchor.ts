import { parseTasks } from "./parse.js";
import { taskText } from "./render.js";
import { decodeState, type StateTarget, statePayload } from "./state-codec.js";
import type { ChecklistState } from "./types.js";

/** Reads the anchors recorded on a commit: the text of each `deploy-gate/checklist` check run there. */
export type AnchorReader = (sha: string) => Promise<string[]>;

export interface Anchored {
  /** The last state the app anchored on the commit; undefined when it anchored none there. */
  state?: ChecklistState;
  notes: string[];
}

/**
 * The state to act on, from the app's own record on commit `sha` (its check run, which no user can
 * write), never from the comment alone: a signature proves the app wrote a state once, not that it
 * is the latest, so a pasted older body is replaced by the anchored state. Of several signed records
 * (someone may post a check run of the same name with a copied one) the highest `rev` wins; two
 * different ones with the same `rev` mean none can be trusted.
 */
export async function anchoredState(
  claimedBody: string,
  read: AnchorReader,
  sha: string,
  key: string | undefined,
  target: StateTarget,
): Promise<Anchored> {
  const latest = latestAnchor(await read(sha), sha, key, target);
  const claimed = decodeState(claimedBody, key, target);
  if (!latest) {
    const lost = claimed?.items.some((i) => i.tick);
    return {
      notes: lost
        ? [
            `deploy-gate has no record of this checklist on ${sha.slice(0, 7)} in its own check run, so no tick in the comment can be trusted; tick them again.`,
          ]
        : [],
    };
  }
  // A box the comment shows unticked may have been withdrawn in an edit the app never saw (a missed
  // event, or a write that failed after it), and a withdrawn tick never counts again. Nobody can be
  // credited with a box it shows ticked that the anchor has not.
  const shown = new Map(parseTasks(claimedBody).map((t) => [t.text, t.checked]));
  const withdrawn = latest.state.items.filter((i) => i.tick && shown.get(taskText(i)) !== true);
  const notes = [
    ...(statePayload(claimedBody) === latest.payload
      ? []
      : [
          "The checklist comment did not match deploy-gate's own record of it (kept in its check run), so it was restored from that record.",
        ]),
    ...withdrawn.map(
      (i) => `"${i.text}" was unticked in an edit deploy-gate did not see, so its tick no longer counts.`,
    ),
  ];
  const items = latest.state.items.map((item) => (withdrawn.includes(item) ? withoutTick(item) : item));
  return { state: { ...latest.state, items }, notes };
}

const withoutTick = ({ tick: _tick, ...item }: ChecklistState["items"][number]) => item;

/** Of the records on commit `sha`, the signed one for this PR with the highest `rev`, if it is one state. */
export function latestAnchor(texts: readonly string[], sha: string, key: string | undefined, target: StateTarget) {
  const anchors = texts
    .map((text) => ({ text, payload: statePayload(text), state: decodeState(text, key, target) }))
    .filter((a): a is { text: string; payload: string; state: ChecklistState } =>
      Boolean(a.state && a.state.sha === sha),
    );
  const top = Math.max(...anchors.map((a) => a.state.rev ?? 0));
  const latest = anchors.filter((a) => (a.state.rev ?? 0) === top);
  return latest.length > 0 && latest.every((a) => a.payload === latest[0].payload) ? latest[0] : undefined;
}

/** A state whose ticks nobody can vouch for: its layout stays, its ticks go. */
export const withoutClaimedTicks = (state: ChecklistState): ChecklistState => ({
  ...state,
  items: state.items.map(withoutTick),
});
