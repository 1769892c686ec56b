import type nock from "nock";

/** A revision of the checklist comment: who saved it (`bot` for deploy-gate's own bot), the body, when. */
export type Rev = [editor: string, body: string, at?: string];

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
  const at = (i: number) => `2026-11-22T05:${String(i).padStart(2, "0")}:00Z`;
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
          userContentEdits: {
            pageInfo: { hasNextPage: false, endCursor: null },
            nodes: edits
              .map(([editor, diff, when], i) => ({
                editedAt: when ?? at(i),
                deletedAt: null,
                diff,
                editor: editor === "bot" ? bot : { __typename: "User", login: editor },
              }))
              .reverse(),
          },
        },
      },
    });
}
