import type nock from "nock";

/** A revision of the checklist comment: who saved it (`bot` for deploy-gate's own bot), the body, when. */
export type Rev = [editor: string, body: string, at?: string];

/** Revision `i`'s time when the test gives none: one minute apart, in order. */
const at = (i: number) => `2026-11-22T05:${String(i).padStart(2, "0")}:00Z`;

/** One page of `userContentEdits` for `edits` (oldest first); GitHub lists them newest first. */
function userContentEdits(edits: Rev[], actor: (login: string) => { __typename: string; login: string }) {
  return {
    pageInfo: { hasNextPage: false, endCursor: null },
    nodes: edits
      .map(([editor, diff, when], i) => ({ editedAt: when ?? at(i), deletedAt: null, diff, editor: actor(editor) }))
      .reverse(),
  };
}

/**
 * GitHub's record of a comment's revisions (GraphQL `userContentEdits`, newest first, with the
 * created revision once it was edited), answered for the comment's node id only. `bot` is the
 * GraphQL login of deploy-gate's bot (no `[bot]` suffix there); `current` is the comment's body
 * when the list lags behind it.
 */
export function historyReply(
  scope: nock.Scope,
  revisions: Rev[],
  who: { nodeId: string; bot: string; current?: string },
) {
  const bot = { __typename: "Bot", login: who.bot };
  const edits = revisions.length > 1 ? revisions : [];
  return scope
    .post("/graphql", (b: any) => b.variables?.id === who.nodeId && /userContentEdits/.test(b.query))
    .reply(200, {
      data: {
        node: {
          body: who.current ?? revisions.at(-1)![1],
          createdAt: at(0),
          includesCreatedEdit: edits.length > 0,
          author: bot,
          userContentEdits: userContentEdits(edits, (login) => (login === "bot" ? bot : { __typename: "User", login })),
        },
      },
    });
}

/** A comment of the PR as GraphQL lists it: its author (`bot` for deploy-gate's), body, revisions. */
export interface ListedNode {
  id: number;
  author: string;
  body: string;
  at?: string;
  /** Its revisions, oldest first, when it was edited (deploy-gate's checklist comment). */
  revisions?: Rev[];
  edited?: boolean;
}

/**
 * GitHub's GraphQL answer for a PR's comments, each with its edit history (one page), for the
 * repository `owner/repo` and PR `number`; `bot` is deploy-gate's bot's GraphQL login.
 */
export function pullCommentsReply(
  scope: nock.Scope,
  comments: ListedNode[],
  who: { owner: string; repo: string; number: number; bot: string },
) {
  const actor = (login: string) =>
    login === "bot" ? { __typename: "Bot", login: who.bot } : { __typename: "User", login };
  return scope
    .post(
      "/graphql",
      (b: any) =>
        b.variables?.owner === who.owner &&
        b.variables?.repo === who.repo &&
        b.variables?.number === who.number &&
        /pullRequest/.test(b.query),
    )
    .reply(200, {
      data: {
        repository: {
          pullRequest: {
            comments: {
              pageInfo: { hasNextPage: false, endCursor: null },
              nodes: comments.map((c) => {
                const edits = c.revisions && c.revisions.length > 1 ? c.revisions : [];
                const created = c.at ?? at(0);
                return {
                  id: `IC_${c.id}`,
                  databaseId: c.id,
                  url: `https://github.com/${who.owner}/${who.repo}/pull/${who.number}#issuecomment-${c.id}`,
                  body: c.body,
                  createdAt: created,
                  lastEditedAt: edits.length || c.edited ? "2026-11-22T07:00:00Z" : null,
                  includesCreatedEdit: edits.length > 0,
                  author: actor(c.author),
                  userContentEdits: userContentEdits(edits, actor),
                };
              }),
            },
          },
        },
      },
    });
}
