import { createHmac, timingSafeEqual } from "node:crypto";
import type { ChecklistState } from "./types.js";

export const MARKER = "<!-- deploy-gate:checklist -->";
const STATE_RE = /<!-- deploy-gate:state ([A-Za-z0-9_-]+)(?:\.([A-Za-z0-9_-]+))? -->/;

const sign = (payload: string, key: string) => createHmac("sha256", key).update(payload).digest("base64url");

/**
 * The hidden state line. With a key (the app's webhook secret) it is signed, so a hand-edited
 * state (say, a forged tick) is refused even if the app missed the edit that made it.
 */
export function encodeState(state: ChecklistState, key?: string): string {
  const payload = Buffer.from(JSON.stringify(state)).toString("base64url");
  return `<!-- deploy-gate:state ${payload}${key ? `.${sign(payload, key)}` : ""} -->`;
}

export const hasMarker = (body: string | null | undefined): boolean => Boolean(body?.includes(MARKER));

/** Where a state must belong: the repository ("owner/name") and the pull request number. */
export interface StateTarget {
  repo: string;
  pr: number;
}

/** Whether a decoded state was made for `target` (any, when none is given). */
export const belongs = (state: ChecklistState, target: StateTarget | undefined): boolean =>
  !target ||
  (typeof state.repo === "string" && state.repo.toLowerCase() === target.repo.toLowerCase() && state.pr === target.pr);

/**
 * The state a body carries, or undefined when it is absent, malformed, not signed by `key`, or
 * (given a `target`) made for another repository or pull request: a signed state copied from
 * elsewhere never counts.
 */
export function decodeState(
  body: string | null | undefined,
  key?: string,
  target?: StateTarget,
): ChecklistState | undefined {
  const match = body ? STATE_RE.exec(body) : null;
  if (!match) return undefined;
  const [, payload, signature] = match;
  if (key) {
    const expected = Buffer.from(sign(payload, key));
    const given = Buffer.from(signature ?? "");
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  }
  try {
    const state = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as ChecklistState;
    return state?.v === 1 && Array.isArray(state.items) && belongs(state, target)
      ? { ...state, body: state.body ?? [], notes: [] }
      : undefined;
  } catch {
    return undefined;
  }
}

export const STATE_LINE_RE = new RegExp(`^${STATE_RE.source}$`);
