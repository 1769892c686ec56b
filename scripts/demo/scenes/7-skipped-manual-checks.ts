import { createRequire } from "node:module";
import { Probot, ProbotOctokit } from "probot";
import { createApp } from "../../../src/app/index.js";
import { FakeGitHub } from "../../fake-github.js";
import type { Scene } from "../scene.js";

const require = createRequire(import.meta.url);
const examples: { name: string; examples: any[] }[] = require("@octokit/webhooks-examples/api.github.com/index.json");
/** A real webhook payload from GitHub's own examples, adapted to the scene's repository. */
const example = (event: string, action: string): any =>
  structuredClone(examples.find((e) => e.name === event)?.examples.find((x) => x.action === action));

const CHECK = "deploy-gate/checklist";
const HEAD = "5c0ffee".padEnd(40, "0");
const config = `version: 1
checklist:
  tickers: { permission: write, allow_author: false }
  items:
    - { id: api-key, text: "Ran \`rack params set\` in staging; the API key still works", paths: ["deploy/**"] }
    - { id: rollback, text: "Rolled back in the lab environment and forward again" }
`;

const tickAll = (body: string) => body.replace(/^- \[ \]/gm, "- [x]");

// Manual checks of the critical paths were skipped: nothing kept the merge waiting for them. The
// real app runs here against a stand-in for GitHub: the PR's author ticks every box (refused, with
// the reason), then a reviewer who may tick does.
export const skippedManualChecks: Scene = {
  incident: 7,
  title: "manual checks of critical paths skipped",
  stage: "checklist",
  verdict: "unticked",
  id: CHECK,
  play: async () => {
    const github = new FakeGitHub("acme", "web");
    const baseUrl = await github.listen();
    try {
      github.files.set(".github/deploy-gate.yml", config);
      github.permissions.set("mona", "write");
      github.permissions.set("hubot", "maintain");
      github.pulls.set(7, {
        number: 7,
        head: HEAD,
        base: "main",
        author: "mona",
        labels: [],
        body: "Rotates the API key.",
        files: [{ filename: "deploy/production.env", sha: "1".repeat(40), status: "modified" }],
      });
      // No retry or throttling waits: the stand-in answers at once and never refuses.
      const Octokit = ProbotOctokit.defaults((options: any) => ({
        ...options,
        baseUrl,
        retry: { enabled: false },
        throttle: { ...options.throttle, enabled: false },
      })) as typeof ProbotOctokit;
      const probot = new Probot({ githubToken: "demo-token", logLevel: "fatal", Octokit });
      await probot.load(createApp({ key: "demo-webhook-secret" }));
      const repository = (payload: any) => {
        payload.repository.owner.login = "acme";
        payload.repository.name = "web";
        payload.repository.full_name = "acme/web";
        payload.repository.html_url = "https://github.com/acme/web";
        payload.installation = { id: 1 };
        return payload;
      };
      let delivery = 0;
      const send = (name: "pull_request" | "issue_comment", payload: any) =>
        probot.receive({ id: `demo-${++delivery}`, name, payload } as any);

      const opened = repository(example("pull_request", "opened"));
      Object.assign(opened.pull_request, { number: 7, body: "Rotates the API key.", labels: [] });
      opened.number = 7;
      opened.pull_request.head.sha = HEAD;
      opened.pull_request.base.ref = "main";
      opened.pull_request.user.login = "mona";
      await send("pull_request", opened);
      const [comment] = github.comments.values();
      if (!comment) throw new Error("the app posted no checklist comment");

      const tick = (login: string) => {
        const { from, comment: edited } = github.edit(comment.id, login, tickAll(comment.body));
        const payload = repository(example("issue_comment", "edited"));
        payload.issue.number = 7;
        payload.issue.pull_request = { url: `${baseUrl}/repos/acme/web/pulls/7` };
        payload.changes = { body: { from } };
        payload.comment = { ...payload.comment, id: edited.id, body: edited.body, updated_at: edited.updated_at };
        payload.comment.user = { ...payload.comment.user, ...github.bot, type: "Bot" };
        payload.sender = { ...payload.sender, login, id: login.length, type: "User" };
        return send("issue_comment", payload);
      };
      // The author ticks every box: allow_author is false, so the app undoes it and says why.
      await tick("mona");
      const refused = github.latestCheck(HEAD, CHECK);
      const why = comment.body.match(/^> (.*)$/m)?.[1] ?? "";
      // A reviewer with `maintain` ticks them: now it counts.
      await tick("hubot");
      const passed = github.latestCheck(HEAD, CHECK);
      return {
        caught:
          refused && refused.conclusion !== "success"
            ? {
                id: CHECK,
                status: "fail",
                verdict: "unticked",
                message: `${refused.output?.title}, merge blocked${why ? `; ${why.replace(/`|\*\*/g, "")}` : ""}`,
              }
            : undefined,
        faultyExit: refused?.conclusion === "success" ? 0 : 1,
        fixedExit: passed?.conclusion === "success" ? 0 : 1,
        fixedProblem: passed ? `${passed.conclusion}: ${passed.output?.title}` : "the app set no check run",
      };
    } finally {
      await github.close();
    }
  },
};
