import type { IsTeamMember } from "../codeowners.js";
import type { Permission } from "../config/schema.js";
import { ownerRefusal } from "./owners.js";
import { atLeast, tickRefusal } from "./permission.js";
import type { ChecklistState, Waiver } from "./types.js";

/** A command in a PR comment: `/deploy-gate <verb> ...` on the comment's first line. */
export type Command =
  | { kind: "waive"; item: string; reason: string }
  | { kind: "override"; reason: string }
  | { kind: "status" }
  | { kind: "unknown"; text: string };

/** A command as GitHub records it: the comment's id, its author and when it was created. */
export interface CommandRecord {
  comment: number;
  by: string;
  at: string;
  command: Command;
}

/**
 * The first line of a comment, as a paragraph (up to three spaces of indent): four spaces make it
 * code, a fence, a quote (`>`) or inline code start with another character.
 */
const COMMAND_RE = /^ {0,3}\/deploy-gate(?=$|[ \t])(.*)$/;

export const COMMANDS = [
  "`/deploy-gate waive <item-id> <reason>`: mark a waivable item not applicable",
  "`/deploy-gate override <reason>`: break-glass, for the current head only",
  "`/deploy-gate status`: who ticked, waived or overrode what, and when",
];

/** The command a new comment's body gives, or undefined when its first line is not one. */
export function parseCommand(body: string): Command | undefined {
  const first = body.split(/\r\n|\r|\n/, 1)[0] ?? "";
  const match = COMMAND_RE.exec(first);
  if (!match) return undefined;
  const words = match[1].trim();
  const [verb = "", ...rest] = words.split(/[ \t]+/);
  if (verb === "status" && rest.length === 0) return { kind: "status" };
  if (verb === "override" && rest.length > 0) return { kind: "override", reason: rest.join(" ") };
  if (verb === "waive" && rest.length > 1) return { kind: "waive", item: rest[0], reason: rest.slice(1).join(" ") };
  return { kind: "unknown", text: words };
}

/** deploy-gate's refusal replies end with this line, naming whom they answer. */
export const REPLY_RE = /<!-- deploy-gate:reply @([A-Za-z0-9[\]_-]+) -->\s*$/;
export const replyMarker = (login: string): string => `<!-- deploy-gate:reply @${login} -->`;

/** A PR comment as the listing gives it: enough to tell commands and deploy-gate's replies apart. */
export interface ListedComment {
  id: number;
  body: string;
  author: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * The commands GitHub records on the PR, oldest first: comments whose first line is a command and
 * that were never edited (an edited comment is never a command), by anyone but deploy-gate.
 */
export function commandRecords(comments: readonly ListedComment[], isOurs: (author: string) => boolean) {
  const records: CommandRecord[] = [];
  for (const c of comments) {
    if (isOurs(c.author) || c.createdAt !== c.updatedAt) continue;
    const command = parseCommand(c.body);
    if (command) records.push({ comment: c.id, by: c.author, at: c.createdAt, command });
  }
  return records.sort((a, b) => a.at.localeCompare(b.at) || a.comment - b.comment);
}

const overrideLeast = (state: ChecklistState): Permission => state.override_permission ?? "admin";

/** Why `record` does not count (a one-line reply naming what it needs), or undefined when it does. */
export async function commandRefusal(
  state: ChecklistState,
  record: CommandRecord,
  role: string,
  isTeamMember: IsTeamMember,
): Promise<string | undefined> {
  const { command, by } = record;
  if (command.kind === "override") {
    const least = overrideLeast(state);
    return atLeast(role, least) ? undefined : `@${by} has ${role} permission; \`override\` needs ${least} or more.`;
  }
  if (command.kind === "waive") {
    const item = state.items.find((i) => i.id === command.item);
    if (!item) return `This pull request's checklist has no item \`${command.item}\`; \`status\` lists them.`;
    if (!item.waivable)
      return `Item \`${item.id}\` is not waivable; the config's \`waivable: true\` on an item allows it.`;
    const notOwner = tickRefusal(state, by, role) ? undefined : await ownerRefusal(item, by, isTeamMember);
    if (notOwner) return `${notOwner}, and so does \`waive\`.`;
  }
  const why = tickRefusal(state, by, role);
  return why ? `${why}, and so does \`${command.kind}\`.` : undefined;
}

const waiverOf = (record: CommandRecord, reason: string): Waiver => ({
  by: record.by,
  at: record.at,
  reason,
  comment: record.comment,
});

/**
 * The state with the waivers and the override GitHub's record proves: each from a command comment
 * by a user allowed to give it. An override counts only for the head it was made on: the one the
 * state was rendered for when it was handled (`standing`), or this event's own command (`fresh`).
 */
export async function applyCommands(
  state: ChecklistState,
  records: readonly CommandRecord[],
  github: { roleOf: (login: string) => Promise<string>; isTeamMember: IsTeamMember },
  options: { standing?: ChecklistState["override"]; fresh?: CommandRecord } = {},
): Promise<ChecklistState> {
  const items = state.items.map(({ waiver: _claimed, ...item }) => ({ ...item }) as ChecklistState["items"][number]);
  let override: ChecklistState["override"];
  const next: ChecklistState = { ...state, items };
  delete next.override;
  const all =
    options.fresh && !records.some((r) => r.comment === options.fresh?.comment) ? [...records, options.fresh] : records;
  for (const record of all) {
    const { command } = record;
    if (command.kind === "waive") {
      const item = items.find((i) => i.id === command.item);
      if (!item || item.waiver) continue;
      if (await commandRefusal(next, record, await github.roleOf(record.by), github.isTeamMember)) continue;
      item.waiver = waiverOf(record, command.reason);
    } else if (command.kind === "override") {
      const made =
        record.comment === options.fresh?.comment ||
        (options.standing?.comment === record.comment && options.standing.sha === state.sha);
      if (!made || (await commandRefusal(next, record, await github.roleOf(record.by), github.isTeamMember))) continue;
      override = { ...waiverOf(record, command.reason), sha: state.sha };
    }
  }
  return override ? { ...next, override } : next;
}
