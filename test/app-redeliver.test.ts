import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeDelivery, FakeGitHubHost } from "../scripts/fake-github-host.js";
import { toRedeliver } from "../src/app/redeliver.js";
import { redeliverCommand, sweepPlan } from "../src/app/redeliver-command.js";
import { type AppProcess, spawnApp, testKey } from "./helpers/app-process.js";
import { type RedisServer, redisServer } from "./helpers/redis.js";
import { replica } from "./helpers/replicas.js";

const KEY = testKey();
const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
let next = 1;
const attempt = (guid: string, minutes: number, status_code: number, redelivery = false): FakeDelivery => ({
  id: next++,
  guid,
  delivered_at: ago(minutes),
  redelivery,
  status: status_code === 200 ? "OK" : status_code === 0 ? "timed out" : `Invalid HTTP Response: ${status_code}`,
  status_code,
  event: "pull_request",
  action: "opened",
});

/** What GitHub lists, newest first: two failed (one twice), one failed then redelivered fine, one fine, one too old. */
function history() {
  const failedTwice = [attempt("g-twice", 30, 500), attempt("g-twice", 20, 503, true)];
  const timedOut = attempt("g-timeout", 10, 0);
  const repaired = [attempt("g-repaired", 50, 500), attempt("g-repaired", 40, 200, true)];
  const fine = attempt("g-fine", 5, 200);
  const old = attempt("g-old", 120, 500);
  const all = [...failedTwice, timedOut, ...repaired, fine, old].sort((a, b) =>
    b.delivered_at.localeCompare(a.delivered_at),
  );
  return { all, expected: [failedTwice[1].id, timedOut.id].sort() };
}

describe("which deliveries are redelivered", () => {
  it("each delivery none of whose attempts succeeded, once, by its newest attempt", () => {
    const { all, expected } = history();
    const recent = all.filter((d) => d.guid !== "g-old");
    expect(
      toRedeliver(recent)
        .map((d) => d.id)
        .sort(),
    ).toEqual(expected);
  });
});

describe("node dist/app.js redeliver --since 1h", () => {
  let host: FakeGitHubHost;
  beforeAll(async () => {
    host = new FakeGitHubHost({}, 2);
    await host.listen();
  });
  afterAll(() => host.close());

  const run = async (args: string[]): Promise<AppProcess> =>
    spawnApp(
      { APP_ID: "1", PRIVATE_KEY: KEY, GHE_HOST: host.host, GHE_PROTOCOL: "http" },
      { argv: ["--import", "tsx", "src/app/server.ts", "redeliver", ...args], cwd: process.cwd() },
    );

  const env = () => ({ APP_ID: "1", PRIVATE_KEY: KEY, GHE_HOST: host.host, GHE_PROTOCOL: "http" });
  const command = async (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await redeliverCommand(
      argv,
      env(),
      (l) => out.push(l),
      (l) => err.push(l),
    );
    return { code, out, err };
  };

  it("pages through the last hour's deliveries by cursor and redelivers each failed one once", async () => {
    const { all, expected } = history();
    host.deliveries.splice(0, host.deliveries.length, ...all);
    const first = await command(["--since", "1h"]);
    expect(first.code).toBe(0);
    expect([...host.redelivered].sort()).toEqual(expected);
    expect(first.out).toContain("redelivering pull_request.opened delivery g-timeout (it failed: timed out)");
    expect(first.out.at(-1)).toBe("2 failed deliveries of the last 1h redelivered, out of 6 attempts listed");
    // Run again: GitHub now lists the redeliveries as handled, so nothing more is asked.
    const again = await command(["--since", "1h"]);
    expect(again.code).toBe(0);
    expect(host.redelivered).toHaveLength(2);
  });

  it("exits 1 naming the delivery GitHub refused to redeliver", async () => {
    host.deliveries.splice(0, host.deliveries.length, attempt("g-gone", 1, 500));
    host.refuse = true;
    try {
      const run = await command([]);
      expect(run.code).toBe(1);
      expect(run.out[0]).toMatch(/^could not redeliver pull_request\.opened delivery g-gone: /);
    } finally {
      host.refuse = false;
    }
  });

  it("says what to set when the app's credentials are missing", async () => {
    const err: string[] = [];
    expect(
      await redeliverCommand(
        [],
        {},
        () => {},
        (l) => err.push(l),
      ),
    ).toBe(1);
    expect(err).toEqual([
      "deploy-gate redeliver: APP_ID is not set: redeliver acts as the app; set APP_ID and PRIVATE_KEY as for `npm start`",
    ]);
  });

  it.each([
    [
      { DEPLOY_GATE_REDELIVER_EVERY: "often" },
      'DEPLOY_GATE_REDELIVER_EVERY must be a duration such as 10m (it is "often")',
    ],
    [
      { DEPLOY_GATE_REDELIVER_EVERY: "10m", DEPLOY_GATE_REDELIVER_SINCE: "1y" },
      'DEPLOY_GATE_REDELIVER_SINCE must be a duration such as 1h (it is "1y")',
    ],
  ])("refuses a sweep setting that is no duration: %o", (env, message) => {
    expect(() => sweepPlan(env)).toThrow(message);
  });

  it("refuses a --since that is no duration, in one line", async () => {
    const command = await run(["--since", "yesterday"]);
    expect(await command.exited).toBe(1);
    expect(command.stderr().trim()).toBe(
      'deploy-gate redeliver: --since takes a duration such as 30m, 1h or 3d (not "yesterday")',
    );
  });
});

describe("the app's own sweep (DEPLOY_GATE_REDELIVER_EVERY), one replica a turn", () => {
  let redis: RedisServer;
  let host: FakeGitHubHost;
  beforeAll(async () => {
    redis = await redisServer();
    host = new FakeGitHubHost({}, 2);
    await host.listen();
  });
  afterAll(async () => {
    await host.close();
    await redis.stop();
  });

  it("two replicas redeliver each failed delivery once between them", { tags: ["slow"] }, async () => {
    const { all, expected } = history();
    host.deliveries.splice(0, host.deliveries.length, ...all);
    const env = { REDIS_URL: redis.url, DEPLOY_GATE_REDELIVER_EVERY: "2s", DEPLOY_GATE_REDELIVER_SINCE: "1h" };
    const replicas = await Promise.all([replica(host, env), replica(host, env)]);
    try {
      for (let i = 0; i < 100 && host.redelivered.length < expected.length; i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect([...host.redelivered].sort()).toEqual(expected);
      // A few more turns pass: nothing is redelivered twice.
      await new Promise((r) => setTimeout(r, 5_000));
      expect([...host.redelivered].sort()).toEqual(expected);
      const swept = replicas.map((r) => r.stdout().includes("2 failed deliveries of the last 1h redelivered"));
      expect(swept.filter(Boolean)).toHaveLength(1);
    } finally {
      for (const r of replicas) r.child.kill("SIGKILL");
    }
  });
});
