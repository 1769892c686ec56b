import type { Revision } from "../core/checklist/history.js";
import type { IssueComment } from "./comments.js";
import type { GitHub } from "./octokit.js";

/** Pages of 100 revisions read at most: a longer history loses its oldest, never-provable, ticks. */
const MAX_PAGES = 10;

const EDITS = `userContentEdits(first: 100, after: $cursor) {
        pageInfo { hasNextPage endCursor }
        nodes { editedAt deletedAt diff editor { __typename login } }
      }`;

const QUERY = `query($id: ID!, $cursor: String) {
  node(id: $id) {
    ... on IssueComment {
      body
      createdAt
      includesCreatedEdit
      author { __typename login }
      ${EDITS}
    }
  }
}`;

type Actor = { __typename?: string; login: string } | null;

interface EditsPage {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: { editedAt: string; deletedAt: string | null; diff: string | null; editor: Actor }[];
}

interface CommentNode {
  body: string;
  createdAt: string;
  includesCreatedEdit: boolean;
  author: Actor;
  userContentEdits: EditsPage;
}

interface HistoryPage {
  node: CommentNode | null;
}

/** GraphQL names a bot without REST's `[bot]` suffix; the REST form is the one the rules compare. */
const loginOf = (actor: Actor): string | null =>
  actor ? (actor.__typename === "Bot" && !actor.login.endsWith("[bot]") ? `${actor.login}[bot]` : actor.login) : null;

const revisionsOf = (page: EditsPage): Revision[] =>
  page.nodes.map((edit) => ({
    editor: loginOf(edit.editor),
    body: edit.deletedAt ? null : edit.diff,
    at: edit.editedAt,
  }));

/** The body and revisions, oldest first, from a comment and every edit read of it. */
function history(comment: CommentNode, edits: Revision[]): { body: string; revisions: Revision[] } {
  // GitHub lists the newest first. Its order decides, not the timestamps (edits a second apart may
  // tie), unless the timestamps say the list runs the other way.
  if (edits.length > 1 && Date.parse(edits[0].at) >= Date.parse(edits.at(-1)!.at)) edits.reverse();
  if (edits.length === 0) {
    return {
      body: comment.body,
      revisions: [{ editor: loginOf(comment.author), body: comment.body, at: comment.createdAt }],
    };
  }
  if (!comment.includesCreatedEdit) edits.unshift({ editor: null, body: null, at: comment.createdAt });
  return { body: comment.body, revisions: edits };
}

/**
 * The current body of an issue comment and every revision of it, oldest first, from GitHub's own edit history: the editor and
 * the whole body each one saved. A comment never edited is its one created revision; a history
 * without its created revision starts with one nobody can be credited with.
 */
export async function commentRevisions(
  api: Pick<GitHub, "graphql">,
  nodeId: string | undefined,
): Promise<{ body: string; revisions: Revision[] }> {
  if (!nodeId) throw new Error("GitHub gave no node id for the checklist comment, so its edit history cannot be read");
  const edits: Revision[] = [];
  let cursor: string | null = null;
  let comment: CommentNode | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    // Octokit's graphql finds the endpoint on GitHub Enterprise Server too (not under /api/v3), and
    // throws on an answer with errors.
    const data: HistoryPage = await api.graphql(QUERY, { id: nodeId, cursor });
    if (!data.node) throw new Error("GitHub's GraphQL API found no such checklist comment to read its edit history");
    comment = data.node;
    edits.push(...revisionsOf(comment.userContentEdits));
    if (!comment.userContentEdits.pageInfo.hasNextPage) break;
    cursor = comment.userContentEdits.pageInfo.endCursor;
  }
  if (!comment) throw new Error("GitHub's GraphQL API gave no edit history for the checklist comment");
  return history(comment, edits);
}

const PR_QUERY = `query($owner: String!, $repo: String!, $number: Int!, $after: String, $cursor: String) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      comments(first: 100, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes {
          id databaseId url body createdAt lastEditedAt includesCreatedEdit
          author { __typename login }
          ${EDITS}
        }
      }
    }
  }
}`;

interface PullCommentsPage {
  repository: {
    pullRequest: {
      comments: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        nodes: (CommentNode & { id: string; databaseId: number; url: string; lastEditedAt: string | null })[];
      };
    } | null;
  } | null;
}

/** Pages of 100 comments read at most, as REST's listing pages through them all. */
const MAX_COMMENT_PAGES = 30;

/**
 * Every comment of a PR in REST's shape, with the edit history of each read in the same request:
 * one request for a PR of up to 100 comments gives what the listing and the history read give
 * (the command path's budget). A history longer than one page is read again on its own.
 */
export async function pullCommentsWithHistory(
  api: Pick<GitHub, "graphql">,
  ref: { owner: string; repo: string },
  number: number,
): Promise<{
  comments: IssueComment[];
  revisions: (nodeId: string | undefined) => Promise<{ body: string; revisions: Revision[] }>;
}> {
  const comments: IssueComment[] = [];
  const known = new Map<string, { body: string; revisions: Revision[] }>();
  let after: string | null = null;
  for (let page = 0; page < MAX_COMMENT_PAGES; page++) {
    const data: PullCommentsPage = await api.graphql(PR_QUERY, { ...ref, number, after, cursor: null });
    const connection = data.repository?.pullRequest?.comments;
    if (!connection) throw new Error(`GitHub's GraphQL API found no pull request #${number} to list its comments`);
    for (const node of connection.nodes) {
      const login = loginOf(node.author);
      comments.push({
        id: node.databaseId,
        node_id: node.id,
        body: node.body,
        html_url: node.url,
        user: login ? { login, id: 0, type: node.author?.__typename === "Bot" ? "Bot" : "User" } : null,
        created_at: node.createdAt,
        updated_at: node.lastEditedAt ?? node.createdAt,
      });
      if (!node.userContentEdits.pageInfo.hasNextPage)
        known.set(node.id, history(node, revisionsOf(node.userContentEdits)));
    }
    if (!connection.pageInfo.hasNextPage) break;
    after = connection.pageInfo.endCursor;
  }
  return {
    comments,
    revisions: async (nodeId) => (nodeId && known.get(nodeId)) || commentRevisions(api, nodeId),
  };
}
