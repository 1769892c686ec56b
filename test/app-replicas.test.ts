import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Delivery, deliveriesFor, post, tickAll } from "../scripts/app-under-test.js";
import type { FakePull } from "../scripts/fake-github.js";
import type { AppProcess } from "./helpers/app-process.js";
import { type RedisServer, redisServer } from "./helpers/redis.js";
import { deliveryLines, eventually, githubWithChecklist, replica, SECRET } from "./helpers/replicas.js";

const CHECK = "deploy-gate/checklist";
const { host, repo } = githubWithChecklist();
const make = deliveriesFor(repo, "replicas");
let redis: RedisServer;
let replicas: AppProcess[];

const pull = (number: number): FakePull => ({
  number,
  head: `${number.toString(16).padStart(4, "0")}`.padEnd(40, "c"),
  base: "main",
  author: "mona",
  labels: [],
  body: "",
  files: [{ filename: "api/a.go", sha: "a".repeat(40), status: "modified" }],
});

const send = (app: AppProcess, delivery: Delivery) => post(app.url("/api/github/webhooks"), SECRET, delivery);
const commentsOn = (number: number) => [...repo.comments.values()].filter((c) => c.issue === number);
const checksOn = (sha: string) => repo.checkRuns.filter((r) => r.head_sha === sha && r.name === CHECK);
/** Whether every box of the PR's one checklist comment is ticked. */
const allTicked = (number: number) => !/^- \[ \]/m.test(commentsOn(number)[0]?.body ?? "- [ ]");

beforeAll(async () => {
  redis = await redisServer();
  await host.listen();
  replicas = await Promise.all([1, 2, 3].map(() => replica(host, { REDIS_URL: redis.url })));
});

afterAll(async () => {
  for (const app of replicas ?? []) app.child.kill("SIGKILL");
  await host.close();
  await redis?.stop();
});

describe("replicas on one Redis", () => {
  it("the same delivery sent to each of 3 replicas is handled once", async () => {
    const opened = make.open(pull(1));
    const statuses = await Promise.all(replicas.map((app) => send(app, opened)));
    expect(statuses).toEqual([200, 200, 200]);
    expect(commentsOn(1)).toHaveLength(1);
    expect(checksOn(pull(1).head)).toHaveLength(1);
    // One JSON line per delivery on each replica: one handled it, the others saw a duplicate.
    const linesOf = () => replicas.flatMap((app) => deliveryLines(app).filter((l) => l.delivery === opened.id));
    const lines = (await eventually(() => (linesOf().length === 3 ? linesOf() : undefined))) ?? linesOf();
    expect(lines.map((l) => l.outcome).sort()).toEqual(["duplicate", "duplicate", "handled"]);
    expect(lines.find((l) => l.outcome === "handled")).toMatchObject({
      event: "pull_request.opened",
      repository: "acme/web",
      pr: 1,
      durationMs: expect.any(Number),
    });
  });
});
