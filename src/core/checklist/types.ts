import type { Permission } from "../config/schema.js";

/** Who ticked an item and when (ISO 8601, from the event that carried the tick). */
export interface Tick {
  by: string;
  at: string;
}

export interface StateItem {
  id: string;
  /** The config's text, shown verbatim. */
  text: string;
  optional: boolean;
  /** Why a conditional item applies (a path or a label); absent for unconditional items. */
  reason?: string;
  /**
   * For items with `paths`: a digest of the matching changed files and their blob ids, so a
   * push that changed them is seen without asking GitHub what the push touched.
   */
  fp?: string;
  tick?: Tick;
  /**
   * With `tickers.codeowners`: the owners (`@user`, `@org/team`) of the changed files the item's
   * paths match, from CODEOWNERS on the base branch; only they may tick or waive it.
   */
  owners?: string[];
  /** `waivable: true` in the config: `/deploy-gate waive` may mark it not applicable. */
  waivable?: true;
  /** Who waived it, when and why (a `/deploy-gate waive` comment GitHub records): it counts as done. */
  waiver?: Waiver;
}

/** A waiver or an override: the command comment's author, its creation time, the reason it gives. */
export interface Waiver {
  by: string;
  at: string;
  reason: string;
  /** The command comment's id. */
  comment: number;
}

/** A break-glass override: it holds for the head it was made on only. */
export interface Override extends Waiver {
  sha: string;
}

/** A task found in the PR description when `pr_body: true`; unattributable, so only its box counts. */
export interface BodyTask {
  text: string;
  checked: boolean;
  optional: boolean;
}

/**
 * Everything an edit event needs, carried in the comment itself, so an edit
 * is reconciled without reading the config.
 */
export interface ChecklistState {
  v: 1;
  /** The PR head the comment was rendered for: where the check goes. */
  sha: string;
  /** The repository ("owner/name") and pull request the state belongs to: a state copied elsewhere is refused. */
  repo?: string;
  pr: number;
  author: string;
  tickers: { permission: Permission; allow_author: boolean };
  items: StateItem[];
  body: BodyTask[];
  /** One-line reasons for what the last event undid; shown once. */
  notes: string[];
  /** The least role that may override (the config's `override.permission`); admin when absent. */
  override_permission?: Permission;
  /** Mentioned in the comment when an override is made. */
  notify?: string[];
  /** The override standing on this head, if any. */
  override?: Override;
}

export type Conclusion = "success" | "action_required" | "failure";

export interface ChecklistVerdict {
  conclusion: Conclusion;
  /** "N of M ticked", or what went wrong. */
  title: string;
  summary: string;
}
