import type { Revision } from "../core/checklist/history.js";
import type { GitHub } from "./octokit.js";

/** Pages of 100 revisions read at most: a longer history loses its oldest, never-provable, ticks. */
const MAX_PAGES = 10;

const QUERY = `query($id: ID!, $cursor: String) {
  node(id: $id) {
    ... on IssueComment {
      body
      createdAt
      includesCreatedEdit
      author { __typename login }
      userContentEdits(first: 100, after: $cursor) {
        pageInfo { hasNextPage endCursor }
        nodes { editedAt deletedAt diff editor { __typename login } }
      }
    }
  }
}`;

type Actor = { __typename?: string; login: string } | null;

interface HistoryPage {
  node: {
    body: string;
    createdAt: string;
    includesCreatedEdit: boolean;
    author: Actor;
    userContentEdits: {
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      nodes: { editedAt: string; deletedAt: string | null; diff: string | null; editor: Actor }[];
    };
  } | null;
}

/** GraphQL names a bot without REST's `[bot]` suffix; the REST form is the one the rules compare. */
const loginOf = (actor: Actor): string | null =>
  actor ? (actor.__typename === "Bot" && !actor.login.endsWith("[bot]") ? `${actor.login}[bot]` : actor.login) : null;

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
  let comment: NonNullable<HistoryPage["node"]> | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    // Octokit's graphql finds the endpoint on GitHub Enterprise Server too (not under /api/v3), and
    // throws on an answer with errors.
    const data: HistoryPage = await api.graphql(QUERY, { id: nodeId, cursor });
    if (!data.node) throw new Error("GitHub's GraphQL API found no such checklist comment to read its edit history");
    comment = data.node;
    for (const edit of comment.userContentEdits.nodes) {
      edits.push({ editor: loginOf(edit.editor), body: edit.deletedAt ? null : edit.diff, at: edit.editedAt });
    }
    if (!comment.userContentEdits.pageInfo.hasNextPage) break;
    cursor = comment.userContentEdits.pageInfo.endCursor;
  }
  if (!comment) throw new Error("GitHub's GraphQL API gave no edit history for the checklist comment");
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
