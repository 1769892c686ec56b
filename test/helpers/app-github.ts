import nock from "nock";
import { API, BOT, CONFIG, HEAD, REPO } from "./checklist-app.js";

export interface CheckRun {
  head_sha: string;
  conclusion: string;
  output: { title: string; summary: string };
}

/** The GraphQL login of the app's bot (no `[bot]` suffix there). */
const GQL_BOT = { __typename: "Bot", login: BOT.login.replace(/\[bot\]$/, "") };

/**
 * GitHub as the app sees it for PR #2, with state: one checklist comment and its edit history
 * (every revision saved, whether or not its event reached the app), the check runs posted on each
 * commit, collaborator roles and the config. A write can be made to fail with 502, as GitHub
 * sometimes does until retries run out.
 */
export function simulatedGitHub(options: { roles: Record<string, string>; config?: string }) {
  const state = {
    body: undefined as string | undefined,
    /** Every revision of the comment, oldest first: who saved it ("bot" for the app) and the body. */
    revisions: [] as { editor: string; body: string; at: string }[],
    checks: [] as CheckRun[],
    /** How many of the next comment writes, and of the next check-run writes, fail with 502. */
    failPatches: 0,
    failChecks: 0,
    requests: [] as string[],
  };
  /** Saves a revision of the comment, as GitHub does for any edit by anyone. */
  const save = (editor: string, body: string) => {
    state.body = body;
    state.revisions.push({
      editor,
      body,
      at: new Date(Date.UTC(2026, 10, 22, 5, 0, state.revisions.length)).toISOString(),
    });
  };
  const scope = nock(API).persist();
  scope.on("request", (req: any) => state.requests.push(`${req.method} ${req.path}`));
  const fault = (kind: "failPatches" | "failChecks") => {
    if (state[kind] === 0) return false;
    state[kind]--;
    return true;
  };
  scope.get(`${REPO}/contents/.github%2Fdeploy-gate.yml`).reply(200, options.config ?? CONFIG);
  scope
    .get(`${REPO}/pulls/2/files`)
    .query(true)
    .reply(200, [{ filename: "api/keys.go" }]);
  scope
    .get(`${REPO}/issues/2/comments`)
    .query(true)
    .reply(() => [200, state.body === undefined ? [] : [{ id: 77, node_id: "IC_77", body: state.body, user: BOT }]]);
  scope.get(/\/collaborators\/[^/]+\/permission$/).reply((path) => {
    const login = decodeURIComponent(path.split("/").at(-2) ?? "");
    const role = options.roles[login];
    return role ? [200, { permission: role, role_name: role }] : [404, { message: "Not Found" }];
  });
  // GraphQL `userContentEdits`: newest first, the created revision included once edited.
  scope
    .post("/graphql", (b: any) => b.variables?.id === "IC_77")
    .reply(() => {
      const edits = state.revisions.length > 1 ? state.revisions : [];
      const node = {
        body: state.body,
        createdAt: state.revisions[0]?.at,
        includesCreatedEdit: edits.length > 0,
        author: GQL_BOT,
        userContentEdits: {
          pageInfo: { hasNextPage: false, endCursor: null },
          nodes: edits
            .map((r) => ({
              editedAt: r.at,
              deletedAt: null,
              diff: r.body,
              editor: r.editor === "bot" ? GQL_BOT : { __typename: "User", login: r.editor },
            }))
            .reverse(),
        },
      };
      return [200, { data: { node: state.body === undefined ? null : node } }];
    });
  scope.patch(`${REPO}/issues/comments/77`).reply((_path, body: any) => {
    if (fault("failPatches")) return [502, { message: "Bad Gateway" }];
    save("bot", body.body);
    return [200, {}];
  });
  scope.post(`${REPO}/issues/2/comments`).reply((_path, body: any) => {
    if (fault("failPatches")) return [502, { message: "Bad Gateway" }];
    state.revisions = [];
    save("bot", body.body);
    return [201, { id: 77, node_id: "IC_77", body: body.body, html_url: "u" }];
  });
  scope.post(`${REPO}/check-runs`).reply((_path, body: any) => {
    if (fault("failChecks")) return [502, { message: "Bad Gateway" }];
    state.checks.push(body as CheckRun);
    return [201, {}];
  });
  /** The check GitHub shows on the head: the app's newest. */
  const check = (sha = HEAD) => state.checks.filter((c) => c.head_sha === sha).at(-1);
  return { state, save, check };
}
