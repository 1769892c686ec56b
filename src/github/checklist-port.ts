import type { ChecklistPort, StateProof } from "../core/checklist/port.js";
import { belongs, decodeState, hasMarker } from "../core/checklist/state-codec.js";
import type { ChecklistState, ChecklistVerdict } from "../core/checklist/types.js";
import type { Api, RepoRef } from "./api.js";
import { createComment, findComment, type IssueComment, updateComment } from "./comments.js";
import { listPullFiles } from "./pulls.js";

export interface PortOptions {
  /** Who writes deploy-gate's comment: the app's bot, or the workflow token's. */
  isAuthor: (user: IssueComment["user"]) => boolean;
  /** Signs the hidden state (the app): a comment whose state it did not sign is not ours. */
  key?: string;
  roleOf: (login: string) => Promise<string>;
  setVerdict: (sha: string, verdict: ChecklistVerdict, detailsUrl?: string) => Promise<void>;
  proof: StateProof;
}

/** Each user's role asked once per event, however many of their revisions or commands it reads. */
function memoised(roleOf: (login: string) => Promise<string>): (login: string) => Promise<string> {
  const asked = new Map<string, Promise<string>>();
  return (login) => {
    const key = login.toLowerCase();
    let role = asked.get(key);
    if (!role) {
      role = roleOf(login);
      asked.set(key, role);
      // A failed lookup is not remembered: the event fails closed, a later one asks again.
      role.catch(() => asked.delete(key));
    }
    return role;
  };
}

/**
 * The checklist's GitHub port for one pull request and one event, shared by the app and the
 * action. Our comment is the first with the marker, by `isAuthor`, and (when signing) with a state
 * only we could sign; its state is decoded once, here.
 */
export function checklistPort(api: Api, ref: RepoRef, pullNumber: number, options: PortOptions): ChecklistPort {
  const target = { repo: `${ref.owner}/${ref.repo}`, pr: pullNumber };
  return {
    target,
    prFiles: () => listPullFiles(api, ref, pullNumber),
    findComment: async () => {
      let claimed: ChecklistState | undefined;
      const found = await findComment(api, ref, pullNumber, (comment) => {
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
    createComment: (body) => createComment(api, ref, pullNumber, body),
    updateComment: (id, body) => updateComment(api, ref, id, body),
    roleOf: memoised(options.roleOf),
    setVerdict: options.setVerdict,
    proof: options.proof,
  };
}
