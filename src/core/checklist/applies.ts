import type { ChecklistConfig } from "../config/schema.js";
import { anyGlob } from "../glob-match.js";
import type { StateItem } from "./types.js";

export interface Change {
  /** Paths the change touches (every page of the PR's files). */
  files: readonly string[];
  /** The PR's labels; undefined when they cannot be known (the CLI). */
  labels?: readonly string[];
}

/** The first changed file any of the globs match, to say why an item applies. */
export function firstMatch(globs: readonly string[], files: readonly string[]): string | undefined {
  const isMatch = anyGlob(globs);
  return files.find((file) => isMatch(file));
}

/**
 * The items this change needs, in config order. An item with `paths` and `labels` applies when
 * either matches; without both it always applies. Unknown labels (CLI) never make an item apply,
 * and the reason says so.
 */
export function applicableItems(checklist: Pick<ChecklistConfig, "items">, change: Change): StateItem[] {
  const out: StateItem[] = [];
  for (const item of checklist.items) {
    const reasons: string[] = [];
    if (item.paths) {
      const file = firstMatch(item.paths, change.files);
      if (file) reasons.push(`the change touches \`${file}\``);
    }
    if (item.labels) {
      const label = change.labels?.find((l) => item.labels!.includes(l));
      if (label) reasons.push(`the PR has the label \`${label}\``);
    }
    const conditional = Boolean(item.paths || item.labels);
    if (conditional && reasons.length === 0) continue;
    out.push({
      id: item.id,
      text: item.text,
      optional: item.optional ?? false,
      ...(item.waivable ? { waivable: true as const } : {}),
      ...(conditional ? { reason: `applies because ${reasons[0]}` } : {}),
    });
  }
  return out;
}

/** Items gated only by labels the CLI cannot see, so it can say which ones it left out. */
export const labelOnlyItems = (checklist: Pick<ChecklistConfig, "items">): string[] =>
  checklist.items.filter((i) => i.labels && !i.paths).map((i) => i.id);

/** `branches` globs over the PR's base branch; absent means every branch. */
export const branchApplies = (checklist: Pick<ChecklistConfig, "branches">, base: string): boolean =>
  !checklist.branches || anyGlob(checklist.branches)(base);
