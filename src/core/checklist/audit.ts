import type { TrailEntry } from "./history.js";
import { reasonText } from "./render.js";
import type { ChecklistState } from "./types.js";

const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/**
 * The audit trail, oldest first: every tick and untick the comment's edit history proves, every
 * waiver and the override, with who and when. It is rebuilt from GitHub's record at each event, so
 * it survives the comment being edited; entries made on an older head say which one.
 */
export function auditLines(state: ChecklistState, trail: readonly TrailEntry[] = []): string[] {
  const on = (sha: string) => (sha === state.sha ? "" : ` (on ${sha.slice(0, 7)})`);
  const entries: { at: string; line: string }[] = trail.map((t) => ({
    at: t.at,
    line: `${when(t.at)}: @${t.by} ${t.what} "${t.item}"${on(t.sha)}`,
  }));
  for (const item of state.items) {
    if (!item.waiver) continue;
    const w = item.waiver;
    entries.push({ at: w.at, line: `${when(w.at)}: @${w.by} waived "${item.text}": ${reasonText(w.reason)}` });
  }
  if (state.override) {
    const o = state.override;
    entries.push({
      at: o.at,
      line: `${when(o.at)}: @${o.by} overrode the checklist${on(o.sha)}: ${reasonText(o.reason)}`,
    });
  }
  return entries.sort((a, b) => a.at.localeCompare(b.at)).map((e) => `- ${e.line}`);
}

/** The verdict's summary with the audit trail under it (the app's check run shows it). */
export function withAudit(summary: string, lines: readonly string[]): string {
  return lines.length ? `${summary}\n\n### Audit trail\n\n${lines.join("\n")}` : summary;
}
