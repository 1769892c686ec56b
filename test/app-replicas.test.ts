import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Delivery, deliveriesFor, post, tickAll } from "../scripts/app-under-test.js";
import type { FakePull } from "../scripts/fake-github.js";
import { APP_BUNDLE, type AppProcess, settle, spawnApp, testKey } from "./helpers/app-process.js";
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

/** Delivers as GitHub does: it waits 10 s for an answer, then records the delivery as failed. */
const send = (app: AppProcess, delivery: Delivery) => post(app.url("/api/github/webhooks"), SECRET, delivery, 10_000);
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

describe("replicas on one Redis", { tags: ["slow"], timeout: 120_000 }, () => {
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

describe("one pull request's events across replicas", { tags: ["slow"], timeout: 120_000 }, () => {
  it("50 concurrent deliveries for one PR: one comment, and the check agrees with it", async () => {
    const first = make.open(pull(2));
    const actions = ["edited", "labeled", "unlabeled", "reopened", "ready_for_review"];
    const burst = [first, ...Array.from({ length: 49 }, (_, i) => make.touch(2, actions[i % actions.length]))];
    // Those that waited for the PR's lock past its bound answered 503 (GitHub records them failed)
    // and are delivered again, as `redeliver` would, until every one was handled. One still running
    // at 9 s is answered 202 by Probot's webhook middleware: its outcome is then in the logs.
    // Statuses other than these (a 500) would be a bug.
    const outcomes = (id: string) =>
      replicas.flatMap((app) => deliveryLines(app)).filter((l) => l.delivery === id && l.outcome !== "duplicate");
    let pending = burst;
    for (let round = 0; round < 10 && pending.length; round++) {
      const before = pending.map((d) => outcomes(d.id).length);
      // No answer within GitHub's 10 s (a starved machine) is a failed delivery too (0): sent again.
      const statuses = await Promise.all(
        pending.map((d, i) => send(replicas[(i + round) % replicas.length], d).catch(() => 0)),
      );
      expect(statuses.filter((s) => ![0, 200, 202, 503].includes(s))).toEqual([]);
      const handled = await Promise.all(
        pending.map(async (d, i) => {
          if (statuses[i] !== 202) return statuses[i] === 200;
          const last = await eventually(() => outcomes(d.id).at(before[i]), 60_000);
          return last?.outcome === "handled";
        }),
      );
      pending = pending.filter((_, i) => !handled[i]);
    }
    expect(pending).toEqual([]);
    expect(commentsOn(2)).toHaveLength(1);
    // Nothing ticked: every check written says so, as the comment does.
    expect(new Set(checksOn(pull(2).head).map((c) => c.conclusion))).toEqual(new Set(["action_required"]));
    // A reviewer ticks every box; the next event, on another replica, turns the check green.
    const tick = make.edit(2, "lead", tickAll);
    expect(await send(replicas[1], tick)).toBe(200);
    expect(allTicked(2)).toBe(true);
    expect(checksOn(pull(2).head).at(-1)?.conclusion).toBe("success");
  });
});

describe("a replica that dies or stalls mid-event", { tags: ["slow"], timeout: 120_000 }, () => {
  it("killed while it holds the PR: the PR's next event, on another replica, is handled correctly", async () => {
    const victim = await replica(host, { REDIS_URL: redis.url, BENCH_LOCK_TTL_MS: "1500" });
    const opened = make.open(pull(3));
    // The victim is reading the PR's comments (its lock held) when it dies.
    const held = repo.holdNext("GET", /\/issues\/3\/comments$/);
    const answer = send(victim, opened).catch(() => "no answer");
    await held.reached;
    victim.child.kill("SIGKILL");
    await victim.exited;
    held.release();
    expect(await answer).toBe("no answer");
    expect(commentsOn(3)).toHaveLength(0);
    // Its lock and claim expire; the next event goes through another replica, and so does GitHub's
    // redelivery of the lost one (handled, not taken for a duplicate).
    expect(await send(replicas[0], make.touch(3, "labeled"))).toBe(200);
    expect(await send(replicas[1], opened)).toBe(200);
    expect(commentsOn(3)).toHaveLength(1);
    expect(new Set(checksOn(pull(3).head).map((c) => c.conclusion))).toEqual(new Set(["action_required"]));
  });

  it("stalled past its lock's TTL: its late writes are refused, and the check agrees with the comment", async () => {
    const staller = await replica(host, { REDIS_URL: redis.url, BENCH_LOCK_TTL_MS: "1500" });
    expect(await send(replicas[0], make.open(pull(4)))).toBe(200);
    // A reviewer ticks every box; the staller takes the event, then freezes mid-read.
    const tick = make.edit(4, "lead", tickAll);
    const held = repo.holdNext("POST", /^\/graphql$/);
    const stalled = send(staller, tick);
    await held.reached;
    process.kill(staller.child.pid as number, "SIGSTOP");
    held.release();
    // Meanwhile the reviewer unticks one box, and that event is handled by another replica.
    const untick = make.edit(4, "lead", (body) => body.replace("- [x]", "- [ ]"));
    expect(await send(replicas[2], untick)).toBe(200);
    const checksBefore = checksOn(pull(4).head).length;
    const commentBefore = commentsOn(4)[0].body;
    process.kill(staller.child.pid as number, "SIGCONT");
    // The staller wakes holding nothing: its delivery fails (GitHub records it) and writes nothing.
    expect(await stalled).toBeGreaterThanOrEqual(500);
    expect(checksOn(pull(4).head)).toHaveLength(checksBefore);
    expect(commentsOn(4)[0].body).toBe(commentBefore);
    expect(allTicked(4)).toBe(false);
    expect(checksOn(pull(4).head).at(-1)?.conclusion).not.toBe("success");
    staller.child.kill("SIGKILL");
  });
});

describe("Redis stopped and restarted", { tags: ["slow"], timeout: 120_000 }, () => {
  it("fails deliveries with 5xx while it is down, never leaves a half-done success, and recovers empty", async () => {
    expect(await send(replicas[0], make.open(pull(5)))).toBe(200);
    const ready = () => fetch(replicas[0].url("/readyz")).then((r) => r.status);
    expect(await ready()).toBe(200);
    // Redis dies in the middle of a tick that would turn the check green.
    const held = repo.holdNext("POST", /^\/graphql$/);
    const tick = make.edit(5, "lead", tickAll);
    const answer = send(replicas[1], tick);
    await held.reached;
    await redis.stop();
    held.release();
    expect(await answer).toBeGreaterThanOrEqual(500);
    // Its check write could not be fenced, and was made only because it fails closed.
    expect(checksOn(pull(5).head).at(-1)).toMatchObject({ conclusion: "failure" });
    // While it is down, a delivery fails at once with a 5xx (GitHub records it failed), readyz says 503.
    const opened = make.open(pull(6));
    expect(await send(replicas[2], opened)).toBeGreaterThanOrEqual(500);
    expect(await ready()).toBe(503);
    // Back, empty: the replicas reconnect by themselves, and the failed deliveries redelivered work.
    await redis.start();
    const up = await eventually(async () => ((await ready()) === 200 ? true : undefined), 20_000);
    expect(up).toBe(true);
    expect(await send(replicas[0], tick)).toBe(200);
    expect(await send(replicas[1], opened)).toBe(200);
    expect(checksOn(pull(5).head).at(-1)?.conclusion).toBe("success");
    expect(commentsOn(6)).toHaveLength(1);
  });
});

describe("SIGTERM", { tags: ["slow"], timeout: 120_000 }, () => {
  it("stops taking deliveries, finishes the one in flight, releases its lock and exits 0", async () => {
    const leaving = await replica(host, { REDIS_URL: redis.url });
    const held = repo.holdNext("GET", /\/issues\/7\/comments$/);
    const inFlight = send(leaving, make.open(pull(7)));
    await held.reached;
    leaving.child.kill("SIGTERM");
    const client = new Redis(redis.url, { lazyConnect: true });
    try {
      await client.connect();
      // Refused while it drains: GitHub records it failed, and it can be redelivered elsewhere.
      const refused = await eventually(async () => {
        const status = await send(leaving, make.touch(7, "labeled"));
        return status === 503 ? status : undefined;
      });
      expect(refused).toBe(503);
      expect(await fetch(leaving.url("/readyz")).then((r) => r.status)).toBe(503);
      expect(await client.exists("deploy-gate:lock:acme/web#7")).toBe(1);
      held.release();
      expect(await inFlight).toBe(200);
      expect(await leaving.exited).toBe(0);
      expect(await client.exists("deploy-gate:lock:acme/web#7")).toBe(0);
      expect(commentsOn(7)).toHaveLength(1);
    } finally {
      client.disconnect();
    }
  });
});

describe("the bundle", { tags: ["slow"], timeout: 120_000 }, () => {
  it("dist/app.js carries ioredis: started with REDIS_URL, it is ready on Redis", async () => {
    const app = await spawnApp({
      APP_ID: "1",
      PRIVATE_KEY: testKey(),
      WEBHOOK_SECRET: SECRET,
      GHE_HOST: host.host,
      GHE_PROTOCOL: "http",
      NODE_ENV: "production",
      REDIS_URL: redis.url,
    });
    expect(APP_BUNDLE).toMatch(/dist\/app\.js$/);
    expect(await settle(app)).toBe("listening");
    const ready = await fetch(app.url("/readyz"));
    expect(await ready.json()).toEqual({ ok: true, redis: "ok", github: "ok" });
    expect(app.stdout()).toContain("replicas coordinate through Redis at redis://127.0.0.1:");
    app.child.kill("SIGTERM");
    expect(await app.exited).toBe(0);
  });
});
