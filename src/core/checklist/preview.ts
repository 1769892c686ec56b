import type { ChecklistConfig } from "../config/schema.js";
import { labelOnlyItems } from "./applies.js";
import { buildState } from "./build-state.js";
import { renderComment } from "./render.js";
import type { StateItem } from "./types.js";

export interface ChecklistPreview {
  files: string[];
  items: StateItem[];
  /** Items only a label could make apply; a local run cannot see labels. */
  unknownLabelItems: string[];
  comment: string;
}

/** The comment the bot would post for a change, from its changed files (labels unknown). */
export function previewChecklist(checklist: ChecklistConfig, files: string[], head: string): ChecklistPreview {
  const state = buildState(checklist, { number: 0, headSha: head, author: "", labels: [], files }, undefined);
  return {
    files,
    items: state.items,
    unknownLabelItems: labelOnlyItems(checklist),
    comment: renderComment(state),
  };
}
