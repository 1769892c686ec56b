import type { Codeowners, IsTeamMember } from "../codeowners.js";
import type { CommandRecord } from "./commands.js";
import type { Revision } from "./history.js";
import type { StateTarget } from "./state-codec.js";
import type { ChecklistState, ChecklistVerdict } from "./types.js";

export interface ExistingComment {
  id: number;
  /** GraphQL's id of the comment, to read its edit history. */
  nodeId?: string;
  body: string;
  /** Who wrote the comment (deploy-gate's bot): its revisions are deploy-gate's own renderings. */
  author: string;
  url?: string;
  /**
   * The hidden state it carries, decoded once where the comment was found: undefined when absent,
   * malformed, not signed by the key or made for another PR. What it claims proves nothing.
   */
  claimed?: ChecklistState;
}

export interface Conversation {
  commands: CommandRecord[];
  /** deploy-gate's replies: to whom and when (a refusal is answered once per user and hour). */
  replies: { to: string; at: string }[];
}

/** An edit of the checklist comment as GitHub's `issue_comment.edited` payload reports it. */
export interface CommentEdit {
  /** `changes.body.from`: the body just before this edit. */
  from: string;
  /** The body the edit left. */
  body: string;
  sender: string;
  /** When the edit happened (the comment's `updated_at`), so a redelivery renders the same body. */
  at: string;
}

/**
 * How the app and the action alike prove the state they act on, since the comment's hidden state
 * is the PR's to write: from GitHub's record of who saved each revision of the comment.
 */
export interface StateProof {
  /** GitHub's record of the comment: its current body and its revisions, oldest first. */
  revisions(comment: Omit<ExistingComment, "body">): Promise<{ body: string; revisions: Revision[] }>;
  /** The edit that started this run, from GitHub's payload: it names the newest revision's editor. */
  event?: CommentEdit;
}

/**
 * What the checklist needs from GitHub, for one pull request and one event. The app and the
 * action each supply one.
 */
export interface ChecklistPort {
  /** The repository and pull request: a hidden state made for any other is refused. */
  target: StateTarget;
  /** Every changed path of the PR (all pages), with its blob id when GitHub gives one. */
  prFiles(): Promise<{ path: string; sha?: string }[]>;
  /** Who authored each commit of the PR, as GitHub links it, and whether GitHub verified its signature. */
  prCommits(): Promise<{ author: string | null; verified: boolean }[]>;
  /** The checklist comment: carries the marker and was written by this app. */
  findComment(): Promise<ExistingComment | undefined>;
  /**
   * What GitHub records on the PR besides the checklist, from the same listing as `findComment`:
   * the commands (never-edited comments by others) and deploy-gate's replies to them.
   */
  conversation(): Promise<Conversation>;
  /** A new comment on the PR (a reply to a command). */
  reply(body: string): Promise<void>;
  /** A reaction on a comment: taken (+1), or refused again within the hour (confused). */
  react(commentId: number, content: "+1" | "confused"): Promise<void>;
  createComment(body: string): Promise<{ id: number; url?: string }>;
  updateComment(id: number, body: string): Promise<void>;
  /** CODEOWNERS at the base commit (.github/, root, docs/), or undefined when there is none. */
  codeowners(baseSha: string): Promise<Codeowners | undefined>;
  /** GitHub's team membership (active only); asked at most once per team, user and event. */
  isTeamMember: IsTeamMember;
  /** A user's repository role; asked at most once per user and event. */
  roleOf(login: string): Promise<string>;
  setVerdict(sha: string, verdict: ChecklistVerdict, detailsUrl?: string): Promise<void>;
  proof: StateProof;
}
