import { afterEach, describe, expect, it } from "vitest";
import { FakeGitHub } from "../scripts/fake-github.js";
import { createOctokit } from "../src/github/octokit.js";
import { type Clock, createsContent, memoryWriteWindow, WriteLimiter } from "../src/github/write-limiter.js";

/** A clock whose sleeps pass at once: an hour of budget is simulated in milliseconds. */
function simulatedClock(): Clock & { sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

const maxInWindow = (times: number[], window: number) => {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= window) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
};

let github: FakeGitHub | undefined;
afterEach(async () => {
  await github?.close();
  github = undefined;
});

async function fake(options: ConstructorParameters<typeof FakeGitHub>[2] = {}) {
  github = new FakeGitHub("acme", "web", options);
  github.pulls.set(1, {
    number: 1,
    head: "a".repeat(40),
    base: "main",
    author: "mona",
    labels: [],
    body: "",
    files: [],
  });
  const baseUrl = await github.listen();
  return { github, octokit: createOctokit({ token: "t", baseUrl, retries: 0, limiter: new WriteLimiter() }) };
}

describe("the write limiter", () => {
  it("keeps GitHub's budgets in every sliding window: 80 writes a minute, 500 an hour", async () => {
    const clock = simulatedClock();
    const limiter = new WriteLimiter({ clock });
    const times: number[] = [];
    for (let i = 0; i < 1200; i++) {
      await limiter.acquireWrite("installation-1");
      times.push(clock.now());
    }
    expect(maxInWindow(times, 60_000)).toBe(80);
    expect(maxInWindow(times, 3_600_000)).toBe(500);
    // A burst goes at once while the budget has room: no fixed spacing between writes.
    expect(times.slice(0, 80).every((t) => t === 0)).toBe(true);
    expect(times[80]).toBe(60_000);
  });

  it("gives each installation its own budget", async () => {
    const clock = simulatedClock();
    const limiter = new WriteLimiter({ clock, budget: { perMinute: 2, perHour: 100 } });
    for (const key of ["a", "a", "b", "b"]) await limiter.acquireWrite(key);
    expect(clock.sleeps).toEqual([]);
    await limiter.acquireWrite("a");
    expect(clock.now()).toBe(60_000);
  });

  it("a token bucket would let 160 through in a minute; the window store does not", async () => {
    const store = memoryWriteWindow();
    let taken = 0;
    // Ask every 100 ms for 59.9 s: a full bucket plus its refill would grant 80 + 79.
    for (let t = 0; t < 59_900; t += 100)
      if ((await store.take("k", t, { perMinute: 80, perHour: 500 })) === 0) taken++;
    expect(taken).toBe(80);
  });

  it("counts content-creating requests only: reads, token minting and GraphQL queries are free", () => {
    expect(createsContent("POST", "/repos/o/r/check-runs")).toBe(true);
    expect(createsContent("PATCH", "/repos/o/r/issues/comments/1")).toBe(true);
    expect(createsContent("GET", "/repos/o/r/pulls/1")).toBe(false);
    expect(createsContent("POST", "/app/installations/12/access_tokens")).toBe(false);
    expect(createsContent("POST", "https://ghe.example/api/graphql", { query: "query { viewer { login } }" })).toBe(
      false,
    );
    expect(createsContent("POST", "/graphql", { query: " mutation { addReaction { x } }" })).toBe(true);
  });
});

describe("an Octokit with the limiter", () => {
  it("sends one installation's requests one at a time", async () => {
    const { github, octokit } = await fake({ latency: 15 });
    await Promise.all([
      ...Array.from({ length: 6 }, () => octokit.request("GET /repos/acme/web/pulls/1")),
      ...Array.from({ length: 6 }, (_, i) =>
        octokit.request("POST /repos/acme/web/statuses/{sha}", {
          sha: "a".repeat(40),
          state: "success",
          context: `c${i}`,
        }),
      ),
    ]);
    expect(github.requests).toHaveLength(12);
    expect(github.maxInFlight).toBe(1);
  });

  it("waits out a secondary-rate-limit 403 and sends the write again", async () => {
    const { github, octokit } = await fake();
    github.failNext(
      "POST",
      /\/statuses\//,
      403,
      { message: "You have exceeded a secondary rate limit." },
      { "retry-after": "1" },
    );
    await octokit.request("POST /repos/acme/web/statuses/{sha}", {
      sha: "b".repeat(40),
      state: "success",
      context: "x",
    });
    expect(github.requests.filter((r) => r.startsWith("POST"))).toHaveLength(2);
    expect(github.statuses).toEqual([expect.objectContaining({ state: "success", context: "x" })]);
  });

  it("fails instead of waiting past its bound, so nothing unconfirmed is reported as written", async () => {
    const { github, octokit } = await fake();
    github.failNext(
      "POST",
      /\/check-runs$/,
      403,
      { message: "You have exceeded a secondary rate limit." },
      { "retry-after": "3600" },
    );
    await expect(
      octokit.request("POST /repos/acme/web/check-runs", { name: "deploy-gate/checklist", head_sha: "c".repeat(40) }),
    ).rejects.toMatchObject({ status: 403 });
    expect(github.checkRuns).toEqual([]);
  });

  it("waits for x-ratelimit-reset after the primary limit", async () => {
    const { github, octokit } = await fake();
    const reset = String(Math.floor(Date.now() / 1000));
    github.failNext(
      "GET",
      /\/pulls\/1$/,
      403,
      { message: "API rate limit exceeded" },
      { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset },
    );
    const { data } = await octokit.request("GET /repos/acme/web/pulls/1");
    expect(data.number).toBe(1);
    expect(github.requests).toHaveLength(2);
  });
});
