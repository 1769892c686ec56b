// The real app, in this process, wired to a FakeGitHub and fed GitHub's own example payloads
// (adapted to the fake's repository): what the demo and the benchmarks drive.
import { createRequire } from "node:module";
import { Probot, ProbotOctokit } from "probot";
import { createApp } from "../src/app/index.js";
import type { FakeGitHub, FakePull } from "./fake-github.js";

const require = createRequire(import.meta.url);
const examples: { name: string; examples: any[] }[] = require("@octokit/webhooks-examples/api.github.com/index.json");
const example = (event: string, action: string): any =>
  structuredClone(examples.find((e) => e.name === event)?.examples.find((x) => x.action === action));

/** No retry or throttling waits: for a fake that answers at once and never refuses. */
export const unthrottled = (baseUrl: string) =>
  ProbotOctokit.defaults((options: any) => ({
    ...options,
    baseUrl,
    retry: { enabled: false },
    throttle: { ...options.throttle, enabled: false },
  })) as typeof ProbotOctokit;

export interface AppUnderTest {
  /** A new pull request: the fake learns it, the app gets `pull_request.opened`. */
  open(pull: FakePull, installation?: number): Promise<void>;
  /** A new push to a pull request: `pull_request.synchronize`. */
  push(number: number, head: string, installation?: number): Promise<void>;
  /** A person edits the PR's checklist comment in the browser: `issue_comment.edited`. */
  edit(number: number, login: string, change: (body: string) => string, installation?: number): Promise<void>;
}

export async function appUnderTest(
  github: FakeGitHub,
  Octokit: typeof ProbotOctokit,
  key = "webhook-secret",
): Promise<AppUnderTest> {
  const probot = new Probot({ githubToken: "token", logLevel: "fatal", Octokit });
  await probot.load(createApp({ key }));
  let delivery = 0;
  const send = (name: string, payload: any, installation: number) => {
    payload.repository.owner.login = github.owner;
    payload.repository.name = github.repo;
    payload.repository.full_name = `${github.owner}/${github.repo}`;
    payload.repository.html_url = `https://github.com/${github.owner}/${github.repo}`;
    payload.installation = { id: installation };
    return probot.receive({ id: `delivery-${++delivery}`, name, payload } as any);
  };
  const pullPayload = (action: string, pull: FakePull) => {
    const payload = example("pull_request", action);
    Object.assign(payload.pull_request, {
      number: pull.number,
      body: pull.body,
      labels: pull.labels.map((name) => ({ name })),
    });
    payload.number = pull.number;
    payload.pull_request.head.sha = pull.head;
    payload.pull_request.base.ref = pull.base;
    payload.pull_request.user.login = pull.author;
    return payload;
  };
  return {
    open: (pull, installation = 1) => {
      github.pulls.set(pull.number, pull);
      return send("pull_request", pullPayload("opened", pull), installation);
    },
    push: (number, head, installation = 1) => {
      const pull = github.pulls.get(number);
      if (!pull) throw new Error(`no pull request ${number}`);
      const before = pull.head;
      pull.head = head;
      const payload = pullPayload("synchronize", pull);
      Object.assign(payload, { before, after: head });
      return send("pull_request", payload, installation);
    },
    edit: (number, login, change, installation = 1) => {
      const comment = [...github.comments.values()].find((c) => c.issue === number);
      if (!comment) throw new Error(`no checklist comment on pull request ${number}`);
      const { from, comment: edited } = github.edit(comment.id, login, change(comment.body));
      const payload = example("issue_comment", "edited");
      payload.issue.number = number;
      payload.issue.pull_request = {
        url: `https://api.github.com/repos/${github.owner}/${github.repo}/pulls/${number}`,
      };
      payload.changes = { body: { from } };
      payload.comment = { ...payload.comment, id: edited.id, body: edited.body, updated_at: edited.updated_at };
      payload.comment.user = { ...payload.comment.user, ...github.bot, type: "Bot" };
      payload.sender = { ...payload.sender, login, id: 1000 + login.length, type: "User" };
      return send("issue_comment", payload, installation);
    },
  };
}

/** Ticks every open box of a checklist comment. */
export const tickAll = (body: string) => body.replace(/^- \[ \]/gm, "- [x]");
