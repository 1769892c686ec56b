import type { ChecklistPort, StateProof } from "../core/checklist/flow.js";
import { decodeState, hasMarker } from "../core/checklist/state-codec.js";
import type { ChecklistVerdict } from "../core/checklist/types.js";
import type { Api, RepoRef } from "./api.js";
import { createComment, findComment, type IssueComment, updateComment } from "./comments.js";
import { comparedFiles, listPullFiles } from "./pulls.js";

export interface PortOptions {
  isOurs: (comment: IssueComment) => boolean;
  roleOf: (login: string) => Promise<string>;
  setVerdict: (sha: string, verdict: ChecklistVerdict, detailsUrl?: string) => Promise<void>;
  proof: StateProof;
}

/**
 * The one test for "this is our checklist comment", for the app and the action: the marker, an
 * author `isAuthor` accepts, and (when signing) a state only we could sign.
 */
export const checklistComment =
  (isAuthor: (user: IssueComment["user"]) => boolean, key?: string) =>
  (comment: IssueComment): boolean =>
    hasMarker(comment.body) && isAuthor(comment.user) && (!key || decodeState(comment.body, key) !== undefined);

/** The checklist's GitHub port for one pull request, shared by the app and the action. */
export function checklistPort(api: Api, ref: RepoRef, pullNumber: number, options: PortOptions): ChecklistPort {
  return {
    target: { repo: `${ref.owner}/${ref.repo}`, pr: pullNumber },
    prFiles: () => listPullFiles(api, ref, pullNumber),
    pushedFiles: (before, after) => comparedFiles(api, ref, before, after),
    findComment: async () => {
      const found = await findComment(api, ref, pullNumber, options.isOurs);
      if (!found) return undefined;
      return {
        id: found.id,
        nodeId: found.node_id,
        body: found.body ?? "",
        author: found.user?.login ?? "",
        url: found.html_url,
      };
    },
    createComment: (body) => createComment(api, ref, pullNumber, body),
    updateComment: (id, body) => updateComment(api, ref, id, body),
    roleOf: options.roleOf,
    setVerdict: options.setVerdict,
    proof: options.proof,
  };
}
