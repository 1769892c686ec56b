import { encodeState, MARKER, STATE_LINE_RE } from "./state-codec.js";
import type { ChecklistState, StateItem } from "./types.js";

const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/** Lines the app owns: per-item details, notes and the override. A user's copy of them is never trusted. */
const DETAIL_PREFIX = "  <sub>";
const NOTE_PREFIX = "> ⚠️ ";
const OVERRIDE_PREFIX = "> 🚨 ";

/** A reason from a command comment, on one app-owned line: no HTML, no line break. */
export const reasonText = (reason: string): string =>
  reason.replace(/\s+/g, " ").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function details(item: StateItem): string | undefined {
  const parts = [
    item.tick ? `ticked by @${item.tick.by} at ${when(item.tick.at)}` : undefined,
    item.waiver
      ? `waived by @${item.waiver.by} at ${when(item.waiver.at)}: ${reasonText(item.waiver.reason)}`
      : undefined,
    item.optional ? "optional" : undefined,
    item.reason,
  ].filter(Boolean);
  return parts.length ? `${DETAIL_PREFIX}${parts.join(" · ")}</sub>` : undefined;
}

function whoMayTick(state: ChecklistState): string {
  const author = state.tickers.allow_author ? "" : ", except the PR's author";
  return `Only people with **${state.tickers.permission}** permission or more may tick${author}.`;
}

/**
 * An item's text on its one task line: a multi-line YAML string would break the one task line per
 * item the parser relies on, and a lone \r ends a line in Markdown as much as \n does.
 */
export const taskText = (item: Pick<StateItem, "text">): string => item.text.replace(/\s*[\r\n]\s*/g, " ");

/** The one canonical comment for a state: marker, one task line per item, notes, hidden state. */
export function renderComment(state: ChecklistState, key?: string): string {
  const lines = [MARKER, "### deploy-gate checklist", ""];
  if (state.items.length === 0) {
    lines.push("No checklist item applies to this change.");
  } else {
    lines.push(
      `Tick each box once it is done; \`deploy-gate/checklist\` turns green when every required one is. ${whoMayTick(state)}`,
      "",
    );
    for (const item of state.items) {
      lines.push(`- [${item.tick ? "x" : " "}] ${taskText(item)}`);
      const detail = details(item);
      if (detail) lines.push(detail);
    }
  }
  if (state.body.length) {
    const done = state.body.filter((t) => t.checked).length;
    lines.push("", `<sub>The PR description's task list counts too: ${done} of ${state.body.length} ticked.</sub>`);
  }
  if (state.override) {
    const { by, at, reason, sha } = state.override;
    const notify = state.notify?.length
      ? ` cc ${state.notify.map((n) => (n.startsWith("@") ? n : `@${n}`)).join(" ")}`
      : "";
    lines.push(
      "",
      `${OVERRIDE_PREFIX}Overridden by @${by} at ${when(at)} for ${sha.slice(0, 7)} (any push clears it): ${reasonText(reason)}${notify}`,
    );
  }
  if (state.notes.length) lines.push("", ...state.notes.map((n) => `${NOTE_PREFIX}${n}`));
  lines.push("", encodeState({ ...state, notes: [] }, key));
  return `${lines.join("\n")}\n`;
}

/** The body with the app-owned lines (details, notes, hidden state) taken out: what users may not change. */
export const userVisibleShape = (body: string): string =>
  body
    .replace(/\r\n/g, "\n")
    .split("\n")
    .filter(
      (line) =>
        !line.startsWith(DETAIL_PREFIX) &&
        !line.startsWith(NOTE_PREFIX) &&
        !line.startsWith(OVERRIDE_PREFIX) &&
        !STATE_LINE_RE.test(line),
    )
    .join("\n")
    .trimEnd();
