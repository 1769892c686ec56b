// The real app, in this process, wired to a FakeGitHub and fed GitHub's own example payloads
// (adapted to the fake's repository): what the demo and the benchmarks drive.
import { createHmac } from "node:crypto";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Probot, ProbotOctokit } from "probot";
import { REDIS_TIMINGS } from "../src/app/coordination/redis.js";
import { createApp } from "../src/app/index.js";
import { main } from "../src/app/start.js";
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

/** One webhook delivery: what GitHub POSTs (its id, event name and payload). */
export interface Delivery {
  id: string;
  name: string;
  payload: any;
}

/**
 * The deliveries GitHub would send for what happens on the fake: each call changes the fake as the
 * person's action would (a PR opened, pushed to, its comment edited) and returns the delivery.
 */
export function deliveriesFor(github: FakeGitHub, prefix = "delivery") {
  let delivery = 0;
  const make = (name: string, payload: any, installation: number): Delivery => {
    payload.repository.owner.login = github.owner;
    payload.repository.name = github.repo;
    payload.repository.full_name = `${github.owner}/${github.repo}`;
    payload.repository.html_url = `https://github.com/${github.owner}/${github.repo}`;
    payload.installation = { id: installation };
    return { id: `${prefix}-${++delivery}`, name, payload };
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
    /** A new pull request: the fake learns it; `pull_request.opened`. */
    open(pull: FakePull, installation = 1): Delivery {
      github.pulls.set(pull.number, pull);
      return make("pull_request", pullPayload("opened", pull), installation);
    },
    /** Another event on an open pull request that changes nothing on it (`edited`, `labeled`...). */
    touch(number: number, action: string, installation = 1): Delivery {
      const pull = github.pulls.get(number);
      if (!pull) throw new Error(`no pull request ${number}`);
      // GitHub's examples have no `edited`: the opened one, renamed, carries the same PR fields.
      return make("pull_request", { ...pullPayload("opened", pull), action }, installation);
    },
    /** A new push to a pull request: `pull_request.synchronize`. */
    push(number: number, head: string, installation = 1): Delivery {
      const pull = github.pulls.get(number);
      if (!pull) throw new Error(`no pull request ${number}`);
      const before = pull.head;
      pull.head = head;
      const payload = pullPayload("synchronize", pull);
      Object.assign(payload, { before, after: head });
      return make("pull_request", payload, installation);
    },
    /** A person edits the PR's checklist comment in the browser: `issue_comment.edited`. */
    edit(number: number, login: string, change: (body: string) => string, installation = 1): Delivery {
      const comment = [...github.comments.values()].find((c) => c.issue === number);
      if (!comment) throw new Error(`no checklist comment on pull request ${number}`);
      const { from, comment: edited } = github.edit(comment.id, login, change(comment.body));
      const payload = example("issue_comment", "edited");
      payload.issue.number = number;
      payload.issue.pull_request = {
        url: `https://api.github.com/repos/${github.owner}/${github.repo}/pulls/${number}`,
      };
      payload.changes = { body: { from } };
      payload.comment = {
        ...payload.comment,
        id: edited.id,
        node_id: `IC_${edited.id}`,
        body: edited.body,
        updated_at: edited.updated_at,
      };
      payload.comment.user = { ...payload.comment.user, ...github.bot, type: "Bot" };
      payload.sender = { ...payload.sender, login, id: 1000 + login.length, type: "User" };
      return make("issue_comment", payload, installation);
    },
  };
}

export async function appUnderTest(
  github: FakeGitHub,
  Octokit: typeof ProbotOctokit,
  key = "webhook-secret",
): Promise<AppUnderTest> {
  const probot = new Probot({ githubToken: "token", logLevel: "fatal", Octokit });
  await probot.load(createApp({ key }));
  const make = deliveriesFor(github);
  const receive = (delivery: Delivery) => probot.receive(delivery as any);
  return {
    open: (pull, installation) => receive(make.open(pull, installation)),
    push: (number, head, installation) => receive(make.push(number, head, installation)),
    edit: (number, login, change, installation) => receive(make.edit(number, login, change, installation)),
  };
}

/** POSTs a delivery to a running app, signed with `secret`, as GitHub does; resolves with the status. */
export async function post(url: string, secret: string, delivery: Delivery, timeoutMs = 15_000): Promise<number> {
  const body = JSON.stringify(delivery.payload);
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": delivery.name,
      "x-github-delivery": delivery.id,
      "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
    },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  await response.arrayBuffer();
  return response.status;
}

/** Ticks every open box of a checklist comment. */
export const tickAll = (body: string) => body.replace(/^- \[ \]/gm, "- [x]");

/**
 * `node --import tsx scripts/app-under-test.ts serve`: the app as `npm start` runs it, from the
 * sources, with the environment given (GHE_HOST at a fake GitHub, REDIS_URL); BENCH_WRITE_BUDGET
 * (`perMinute,perHour`) raises the limiter's budgets so a benchmark measures the app's own cost,
 * BENCH_LOCK_TTL_MS shortens the PR lock's TTL.
 */
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv[2] === "serve") {
  const [perMinute, perHour] = (process.env.BENCH_WRITE_BUDGET ?? "").split(",").map(Number);
  const ttl = Number(process.env.BENCH_LOCK_TTL_MS);
  await main([], process.env, {
    budget: perMinute && perHour ? { perMinute, perHour } : undefined,
    timings: ttl ? { ...REDIS_TIMINGS, lockTtlMs: ttl } : undefined,
  });
}
