import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeDelivery, FakeGitHubHost } from "../scripts/fake-github-host.js";
import { toRedeliver } from "../src/app/redeliver.js";
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

  it("pages through the last hour's deliveries by cursor and redelivers each failed one once", async () => {
    const { all, expected } = history();
    host.deliveries.splice(0, host.deliveries.length, ...all);
    const command = await run(["--since", "1h"]);
    expect(await command.exited).toBe(0);
    expect([...host.redelivered].sort()).toEqual(expected);
    expect(command.stdout()).toContain("2 failed deliveries of the last 1h redelivered");
    expect(command.stdout()).toContain("redelivering pull_request.opened delivery g-timeout (it failed: timed out)");
    // Run again: GitHub now lists the redeliveries as handled, so nothing more is asked.
    const again = await run(["--since", "1h"]);
    expect(await again.exited).toBe(0);
    expect(host.redelivered).toHaveLength(2);
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
