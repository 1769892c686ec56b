// Checklist bench: GitHub requests per event type and the handler's own time per event (p50/p95
// over 200 events), with GitHub mocked by nock at zero latency, so the time is the app's alone
// (Probot's dispatch, config parsing, GFM parsing, rendering, nock's in-process HTTP).
import nock from "nock";
import { Probot } from "probot";
import { createApp } from "../src/app/index.js";
import { buildState } from "../src/core/checklist/build-state.js";
import { renderComment } from "../src/core/checklist/render.js";
import { validateConfig } from "../src/core/config/load.js";
import { API, BOT, QuietOctokit, REPO } from "../test/helpers/checklist-app.js";
import { setBox } from "../test/helpers/checklist-comment.js";
import { examplePayload as pick } from "../test/helpers/payloads.js";
import { pct } from "./stats.js";

const KEY = "bench-key";
const RUNS = 200;
const CONFIG = `version: 1
checklist:
  reset: on-relevant-push
  items:
    - { id: api-key, text: "API key still works", paths: [api/**] }
    - { id: migration, text: "Migration rehearsed", labels: [db-migration] }
    - { id: rollback, text: "Rolled back and forward again" }
    - { id: docs, text: "Docs updated", optional: true }
`;
const checklist = validateConfig({ version: 1, checklist: (await import("yaml")).parse(CONFIG).checklist }, "bench")
  .checklist!;

// The comment was rendered for an older head; a push moves it, so the comment is rewritten.
const head = "1".repeat(40);
const state = buildState(
  checklist,
  { repo: "Codertocat/Hello-World", number: 2, headSha: head, author: "Codertocat", labels: [], files: ["api/a.go"] },
  undefined,
);
const unticked = renderComment(state, KEY);
// A path-scoped tick, so a relevant push has something to clear.
state.items[0].tick = { by: "lead", at: "2026-11-22T04:00:00Z" };
const comment = renderComment(state, KEY);
const ticked = setBox(comment, 1);
/** The comment's edit history (GraphQL, newest first): the app's rendering, lead's tick, the app's again. */
const BOT_ACTOR = { __typename: "Bot", login: "deploy-gate" };
const revision = (diff: string, at: string, editor: object = BOT_ACTOR) => ({
  editedAt: at,
  deletedAt: null,
  diff,
  editor,
});
const lead = { __typename: "User", login: "lead" };
const history = (edited?: string) => {
  const nodes = [
    revision(unticked, "2026-11-22T03:00:00Z"),
    revision(setBox(unticked, 0), "2026-11-22T04:00:00Z", lead),
    revision(comment, "2026-11-22T04:00:01Z"),
    ...(edited ? [revision(edited, "2026-11-22T05:00:00Z", lead)] : []),
  ].reverse();
  const node = {
    body: edited ?? comment,
    createdAt: "2026-11-22T03:00:00Z",
    includesCreatedEdit: true,
    author: BOT_ACTOR,
  };
  return {
    data: { node: { ...node, userContentEdits: { pageInfo: { hasNextPage: false, endCursor: null }, nodes } } },
  };
};
/** The body an edit event left, which GitHub's history then has; undefined for other events. */
let edited: string | undefined;

function github() {
  const scope = nock(API).persist();
  let count = 0;
  scope.on("request", (req: any) => {
    count++;
    if (process.env.BENCH_TRACE) console.log("  ", req.method, req.path);
  });
  scope.get(`${REPO}/contents/.github%2Fdeploy-gate.yml`).reply(() => [200, CONFIG.replace("on-relevant-push", reset)]);
  scope
    .get(`${REPO}/pulls/2/files`)
    .query(true)
    .reply(200, [{ filename: "api/a.go" }]);
  scope
    .get(`${REPO}/issues/2/comments`)
    .query(true)
    .reply(200, [{ id: 77, node_id: "IC_77", body: comment, user: BOT }]);
  scope.get(`${REPO}/pulls/2`).reply(200, { number: 2, head: { sha: head } });
  scope.get(/\/compare\//).reply(200, { files: [{ filename: "api/a.go" }] });
  scope.get(/\/collaborators\/.*\/permission$/).reply(200, { permission: "write", role_name: "write" });
  scope.patch(/\/issues\/comments\/\d+$/).reply(200, {});
  scope.post(/\/check-runs$/).reply(201, {});
  scope.post("/graphql").reply(() => [200, history(edited)]);
  scope.post(/\/issues\/2\/comments$/).reply(201, { id: 78 });
  return { count: () => count };
}

const pr = (action: string) => {
  const p = pick("pull_request", action === "synchronize" ? "synchronize" : "opened");
  p.action = action;
  p.pull_request.number = 2;
  p.pull_request.head.sha = action === "synchronize" ? p.after : head;
  // The push moves the head from the one the comment is for.
  if (action === "synchronize") p.before = head;
  return p;
};
const edit = (sender: string, body: string) => {
  const p = pick("issue_comment", "edited");
  Object.assign(p.issue, { number: 2, pull_request: { url: "x" } });
  Object.assign(p.comment, { id: 77, node_id: "IC_77", body, user: BOT, updated_at: "2026-11-22T05:00:00Z" });
  p.changes = { body: { from: comment } };
  p.sender = { ...p.sender, login: sender, id: 7, type: "User" };
  return p;
};

let reset = "on-relevant-push";
const EVENTS: [string, string, () => any, string?][] = [
  ["pull_request.opened (comment exists)", "pull_request", () => pr("opened")],
  ["pull_request.synchronize (on-relevant-push)", "pull_request", () => pr("synchronize")],
  ["pull_request.synchronize (on-push)", "pull_request", () => pr("synchronize"), "on-push"],
  ["issue_comment.edited (a tick)", "issue_comment", () => edit("lead", ticked)],
  [
    "issue_comment.edited (item text changed)",
    "issue_comment",
    () => edit("lead", ticked.replace("Rolled back", "Skipped")),
  ],
  [
    "merge_group.checks_requested",
    "merge_group",
    () => {
      const p = pick("merge_group", "checks_requested");
      p.merge_group.head_ref = "refs/heads/gh-readonly-queue/main/pr-2-abc";
      p.repository = pr("opened").repository;
      return p;
    },
  ],
];

export default async function bench(): Promise<void> {
  nock.disableNetConnect();
  const gh = github();
  const probot = new Probot({ githubToken: "bench", logLevel: "fatal", Octokit: QuietOctokit });
  probot.load(createApp({ key: KEY }));
  let id = 0;
  console.log(`GitHub mocked at zero latency; ${RUNS} events each; times are the handler's own (ms).`);
  console.log(
    "An edit costs at most 4 requests: the comment's edit history, the ticker's permission (cached after), the comment, the check.",
  );
  console.log("event                                          requests (first / steady)   p50      p95");
  for (const [label, name, payload, mode] of EVENTS) {
    reset = mode ?? "on-relevant-push";
    const times: number[] = [];
    let first = 0;
    let steady = 0;
    for (let i = 0; i < RUNS; i++) {
      const before = gh.count();
      const body = payload();
      edited = name === "issue_comment" ? body.comment.body : undefined;
      const start = performance.now();
      await probot.receive({ id: `bench-${++id}`, name, payload: body } as any);
      times.push(performance.now() - start);
      if (i === 0) first = gh.count() - before;
      if (i === RUNS - 1) steady = gh.count() - before;
    }
    console.log(
      `${label.padEnd(47)}${`${first} / ${steady}`.padEnd(28)}${pct(times, 50).toFixed(2).padStart(6)}  ${pct(times, 95).toFixed(2).padStart(7)}`,
    );
  }
  nock.cleanAll();
  nock.enableNetConnect();
}
