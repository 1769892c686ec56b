import nock from "nock";
import { API, BOT, CONFIG, HEAD, REPO } from "./checklist-app.js";

export interface CheckRun {
  head_sha: string;
  conclusion: string;
  output: { title: string; summary: string; text?: string };
}

/**
 * GitHub as the app sees it for PR #2, with state: one checklist comment, the check runs posted on
 * each commit (GitHub lists each app's newest one by name), collaborator roles and the config. A
 * write can be made to fail with 502, as GitHub sometimes does until retries run out.
 */
export function simulatedGitHub(options: { roles: Record<string, string>; config?: string; body?: string }) {
  const state = {
    body: options.body,
    checks: [] as CheckRun[],
    /** Check runs someone else (another app, a workflow) posted with the same name. */
    foreign: [] as { sha: string; text: string }[],
    /** How many of the next comment writes, and of the next check-run writes, fail with 502. */
    failPatches: 0,
    failChecks: 0,
    requests: [] as string[],
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
  scope
    .get(/\/commits\/[0-9a-f]{40}\/check-runs$/)
    .query(true)
    .reply((path) => {
      const sha = path.split("/")[5];
      const ours = state.checks.filter((c) => c.head_sha === sha).at(-1);
      const runs = [
        ...(ours ? [{ app: { slug: "deploy-gate" }, output: ours.output }] : []),
        ...state.foreign
          .filter((f) => f.sha === sha)
          .map((f) => ({ app: { slug: "other" }, output: { text: f.text } })),
      ];
      return [200, { total_count: runs.length, check_runs: runs }];
    });
  scope.patch(`${REPO}/issues/comments/77`).reply((_path, body: any) => {
    if (fault("failPatches")) return [502, { message: "Bad Gateway" }];
    state.body = body.body;
    return [200, {}];
  });
  scope.post(`${REPO}/issues/2/comments`).reply((_path, body: any) => {
    if (fault("failPatches")) return [502, { message: "Bad Gateway" }];
    state.body = body.body;
    return [201, { id: 77, node_id: "IC_77", body: body.body, html_url: "u" }];
  });
  scope.post(`${REPO}/check-runs`).reply((_path, body: any) => {
    if (fault("failChecks")) return [502, { message: "Bad Gateway" }];
    state.checks.push(body as CheckRun);
    return [201, {}];
  });
  /** The check GitHub shows on the head: the app's newest. */
  const check = (sha = HEAD) => state.checks.filter((c) => c.head_sha === sha).at(-1);
  return { state, check };
}
