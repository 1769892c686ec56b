import { commandRecords, REPLY_RE } from "../core/checklist/commands.js";
import type { ChecklistPort, StateProof } from "../core/checklist/port.js";
import { belongs, decodeState, hasMarker } from "../core/checklist/state-codec.js";
import type { ChecklistState, ChecklistVerdict } from "../core/checklist/types.js";
import { loadCodeowners } from "../core/codeowners.js";
import type { Api, RepoRef } from "./api.js";
import { createComment, type IssueComment, listComments, reactTo, updateComment } from "./comments.js";
import { fileAt } from "./contents.js";
import { listPullCommits, listPullFiles } from "./pulls.js";
import { teamMembership } from "./team-membership.js";

export interface PortOptions {
  /** Who writes deploy-gate's comment: the app's bot, or the workflow token's. */
  isAuthor: (user: IssueComment["user"]) => boolean;
  /** Signs the hidden state (the app): a comment whose state it did not sign is not ours. */
  key?: string;
  /** A user's role: the front ends' createRoleLookup asks GitHub once however often an event asks. */
  roleOf: (login: string) => Promise<string>;
  setVerdict: (sha: string, verdict: ChecklistVerdict, detailsUrl?: string) => Promise<void>;
  proof: StateProof;
  /** The PR's comments, when read otherwise than by REST's listing (with their histories, say). */
  listing?: () => Promise<IssueComment[]>;
}

/**
 * The checklist's GitHub port for one pull request and one event, shared by the app and the
 * action. Our comment is the first with the marker, by `isAuthor`, and (when signing) with a state
 * only we could sign; its state is decoded once, here. The PR's comments are listed once per event.
 */
export function checklistPort(api: Api, ref: RepoRef, pullNumber: number, options: PortOptions): ChecklistPort {
  const target = { repo: `${ref.owner}/${ref.repo}`, pr: pullNumber };
  let listing: Promise<IssueComment[]> | undefined;
  const comments = () => {
    listing ??= options.listing ? options.listing() : listComments(api, ref, pullNumber);
    return listing;
  };
  return {
    target,
    prFiles: () => listPullFiles(api, ref, pullNumber),
    prCommits: () => listPullCommits(api, ref, pullNumber),
    findComment: async () => {
      let claimed: ChecklistState | undefined;
      const found = (await comments()).find((comment) => {
        if (!hasMarker(comment.body) || !options.isAuthor(comment.user)) return false;
        const state = decodeState(comment.body, options.key);
        if (options.key && !state) return false;
        claimed = state && belongs(state, target) ? state : undefined;
        return true;
      });
      if (!found) return undefined;
      return {
        id: found.id,
        nodeId: found.node_id,
        body: found.body ?? "",
        author: found.user?.login ?? "",
        url: found.html_url,
        claimed,
      };
    },
    conversation: async () => {
      const all = await comments();
      const ours = (c: IssueComment) => options.isAuthor(c.user);
      const listed = all.map((c) => ({
        id: c.id,
        body: c.body ?? "",
        author: c.user?.login ?? "",
        createdAt: c.created_at ?? "",
        updatedAt: c.updated_at ?? "",
      }));
      const bots = new Set(all.filter(ours).map((c) => c.user?.login ?? ""));
      const replies = all.flatMap((c) => {
        const to = ours(c) ? REPLY_RE.exec(c.body ?? "")?.[1] : undefined;
        return to ? [{ to, at: c.created_at ?? "" }] : [];
      });
      return { commands: commandRecords(listed, (author) => bots.has(author)), replies };
    },
    createComment: (body) => createComment(api, ref, pullNumber, body),
    updateComment: (id, body) => updateComment(api, ref, id, body),
    reply: async (body) => {
      await createComment(api, ref, pullNumber, body);
    },
    react: (commentId, content) => reactTo(api, ref, commentId, content),
    roleOf: options.roleOf,
    codeowners: (baseSha) => loadCodeowners((path) => fileAt(api, ref, path, baseSha)),
    isTeamMember: teamMembership(api),
    setVerdict: options.setVerdict,
    proof: options.proof,
  };
}
