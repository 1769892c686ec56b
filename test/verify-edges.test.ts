import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { RolloutConfig } from "../src/core/config/schema.js";
import { hostOf, listHosts, parseHost, sourceName } from "../src/core/verify/hosts.js";
import { type Agents, createAgents, type ProbeTarget, pollHost } from "../src/core/verify/probe.js";
import { type RolloutProgress, watchRollout } from "../src/core/verify/rollout.js";
import { type HostState, rolloutResults, spoken } from "../src/core/verify/verdict.js";
import { always, fleet } from "./helpers/fleet.js";
import { repoWith } from "./helpers/preflight.js";
import { dnsServer, httpServer, httpServerAt } from "./helpers/servers.js";

const agentsToDestroy: Agents[] = [];
afterEach(() => {
  for (const a of agentsToDestroy.splice(0)) a.destroy();
});
const agents = () => {
  const a = createAgents();
  agentsToDestroy.push(a);
  return a;
};

const target = (url: string, extra: Partial<ProbeTarget> = {}): ProbeTarget => ({
  url,
  expect: undefined,
  paths: [],
  timeoutMs: 2000,
  timeoutText: "2s",
  agents: agents(),
  ...extra,
});
const live = () => new AbortController().signal;
const ctx = (repo: string) => ({ repo, values: {}, processEnv: process.env, signal: live(), timeoutMs: 2000 });

describe("verify hosts: parsing and listing", () => {
  it("parses bracketed and bare IPv6, with and without a port, and refuses bad ports and non-addresses", () => {
    expect(parseHost("[fd00::5]:8080")).toEqual({ label: "[fd00::5]:8080" });
    expect(parseHost(" [fd00::5] ")).toEqual({ label: "[fd00::5]" });
    expect(parseHost("fd00::5")).toEqual({ label: "[fd00::5]" });
    expect(parseHost("[web-1]:80")).toBeUndefined();
    expect(parseHost("[fd00::5]:0")).toBeUndefined();
    expect(parseHost("[fd00::5]:65536")).toBeUndefined();
    expect(parseHost("web-1:65535")).toEqual({ label: "web-1:65535" });
    expect(parseHost("web 1")).toBeUndefined();
  });

  it("brackets an IPv6 address from DNS and leaves the port off when none is configured", () => {
    expect(hostOf("fd00::5", 8080)).toEqual({ label: "[fd00::5]:8080" });
    expect(hostOf("10.0.0.1")).toEqual({ label: "10.0.0.1" });
  });

  it("names the source as the DNS name, the command, or `hosts`", () => {
    expect(sourceName({ dns: { name: "web.internal" } } as RolloutConfig)).toBe("web.internal");
    expect(sourceName({ command: "echo a" } as RolloutConfig)).toBe("`echo a`");
    expect(sourceName({ hosts: ["a"] } as RolloutConfig)).toBe("`hosts`");
  });

  it("a name the DNS server does not know is a problem naming the server asked", async () => {
    const server = await dnsServer({});
    const list = await listHosts({ dns: { name: "web.internal", server } } as RolloutConfig, ctx(repoWith({})));
    expect(list).toEqual({
      problem: expect.stringMatching(/^web\.internal did not resolve \(asking 127\.0\.0\.1:\d+\) \(\w+\)$/),
    });
  });

  it("a command killed by a signal is a problem that says so", async () => {
    const list = await listHosts({ command: "kill -9 $$" } as RolloutConfig, ctx(repoWith({})));
    expect(list).toEqual({ problem: expect.stringMatching(/^`kill -9 \$\$` was killed by SIGKILL/) });
  });

  it("a command exiting non-zero is a problem naming its exit code and output", async () => {
    const list = await listHosts({ command: "echo nope >&2; exit 3" } as RolloutConfig, ctx(repoWith({})));
    expect("problem" in list && list.problem).toMatch(/exited 3/);
    expect("problem" in list && list.problem).toContain("nope");
  });

  it("a command that cannot start (its directory is gone) is a problem, not a throw", async () => {
    const list = await listHosts({ command: "echo a" } as RolloutConfig, ctx(join(repoWith({}), "gone")));
    expect(list).toEqual({ problem: expect.stringMatching(/^`echo a` could not start: /) });
  });

  it("a command's output skips comments and blank lines, keeps order and drops duplicates; a bad line is a problem", async () => {
    const ok = await listHosts({ command: "printf '# c\\n\\nb:1\\na:2\\nb:1\\n'" } as RolloutConfig, ctx(repoWith({})));
    expect(ok).toEqual({ hosts: [{ label: "b:1" }, { label: "a:2" }] });
    const bad = await listHosts({ command: "echo 'not a host!'" } as RolloutConfig, ctx(repoWith({})));
    expect("problem" in bad && bad.problem).toContain('gave "not a host!", which is not host or host:port');
  });
});

describe("verify probe: one poll against a real server", () => {
  it("refuses a URL scheme other than http(s) without sending anything", async () => {
    const poll = await pollHost({ label: "127.0.0.1:1" }, target("ftp://{host}/x"), live());
    expect(poll).toEqual({ kind: "error", reason: "ftp: URLs cannot be polled; use http:// or https://" });
  });

  it("throws the stop's reason when the rollout is already stopped", async () => {
    const base = await httpServer((_req, res) => res.end("{}"));
    const reason = new Error("stopped");
    await expect(
      pollHost({ label: new URL(base).host }, target("http://{host}/"), AbortSignal.abort(reason)),
    ).rejects.toBe(reason);
  });

  it("an unexpected status against a status list names both; an empty body adds no body text", async () => {
    const base = await httpServer((_req, res) => {
      res.writeHead(500);
      res.end();
    });
    const host = new URL(base).host;
    const poll = await pollHost({ label: host }, target("http://{host}/h", { expect: { status: [200, 204] } }), live());
    expect(poll).toEqual({ kind: "error", reason: `GET http://${host}/h answered 500, expected 200 or 204` });
  });

  it("sends the configured Host header instead of the address", async () => {
    let seen: string | undefined;
    const base = await httpServer((req, res) => {
      seen = req.headers.host;
      res.end("{}");
    });
    const poll = await pollHost(
      { label: new URL(base).host },
      target("http://{host}/", { hostHeader: "web.example" }),
      live(),
    );
    expect(poll).toEqual({ kind: "met" });
    expect(seen).toBe("web.example");
  });

  it("a body past 256 KiB is cut at the cap and read as what arrived (here: not JSON)", async () => {
    const base = await httpServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const chunk = "x".repeat(64 * 1024);
      for (let i = 0; i < 8; i++) res.write(chunk);
      res.end();
    });
    const host = new URL(base).host;
    const paths = [{ path: "$.version", segments: ["version"], expected: "1" }];
    const poll = await pollHost({ label: host }, target("http://{host}/", { paths }), live());
    expect(poll.kind).toBe("error");
    expect(poll.kind === "error" && poll.reason).toMatch(/did not answer JSON \(got: x+/);
    expect(poll.kind === "error" && poll.timedOut).toBeUndefined();
  });

  it("a connection closed mid-answer is an error naming that, not a pass on a partial body", async () => {
    const base = await httpServer((_req, res) => {
      res.writeHead(200, { "content-length": "100" });
      res.write('{"version":');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const host = new URL(base).host;
    const poll = await pollHost({ label: host }, target("http://{host}/"), live());
    // Node reports the cut either as a reset or as a close before the end: both are a failed GET.
    expect(poll).toEqual({
      kind: "error",
      reason: expect.stringMatching(
        /^GET http:\/\/127\.0\.0\.1:\d+\/ failed \((ECONNRESET|aborted|the connection closed mid-answer)\)$/,
      ),
    });
  });

  it("a second `expect.json` path that differs is lagging, named by its path; non-string values show as JSON", async () => {
    const base = await httpServer((_req, res) => res.end(JSON.stringify({ version: "2", build: { n: 7 } })));
    const host = new URL(base).host;
    const paths = [
      { path: "$.version", segments: ["version"], expected: "2" },
      { path: "$.build", segments: ["build"], expected: { n: 8 } },
    ];
    expect(await pollHost({ label: host }, target("http://{host}/", { paths }), live())).toEqual({
      kind: "lagging",
      version: '$.build {"n":7}',
    });
    const missing = [
      { path: "$.version", segments: ["version"], expected: "2" },
      { path: "$.sha", segments: ["sha"], expected: "abc" },
    ];
    expect(await pollHost({ label: host }, target("http://{host}/", { paths: missing }), live())).toEqual({
      kind: "lagging",
      version: "$.sha no $.sha",
    });
  });
});

const config = (extra: Partial<RolloutConfig> = {}): RolloutConfig =>
  ({ id: "web", type: "rollout", url: "http://{host}/", consecutive: 3, deadline: "2m", ...extra }) as RolloutConfig;
const state = (label: string, extra: Partial<HostState> = {}): HostState => ({
  host: { label },
  polls: 1,
  streak: 0,
  errors: 0,
  served: false,
  rolledOut: false,
  ...extra,
});

describe("verify verdicts: messages for every state", () => {
  it("says durations as a person would", () => {
    expect(spoken(800)).toBe("800ms");
    expect(spoken(45_000)).toBe("45s");
    expect(spoken(120_000)).toBe("2m");
    expect(spoken(150_000)).toBe("2m30s");
  });

  it("names a host never polled, one met but not enough times, and one that served and then failed", () => {
    const states = [
      state("a:1", { polls: 0 }),
      state("b:1", { served: true, streak: 1, last: { kind: "met" } }),
      state("c:1", { served: true, errors: 1, last: { kind: "error", reason: "ECONNRESET" } }),
      state("d:1", { version: "0.1", errors: 1, last: { kind: "error", reason: "timeout" } }),
    ];
    const [check, ...hosts] = rolloutResults(config(), states, { kind: "deadline" }, {}, "0.2");
    expect(check).toMatchObject({ id: "web", verdict: "rollout-incomplete" });
    expect(check).not.toHaveProperty("file");
    expect(check.message).toBe(
      "0 of 4 hosts serve 0.2; a:1 was not polled yet, b:1 served 0.2 only 1 of 3 polls in a row, c:1 served 0.2, then failed (ECONNRESET) and 1 more after 2m; finish the rollout, or raise `deadline` if it needs longer",
    );
    expect(hosts[3].message).toMatch(/^d:1 served 0\.1, then failed \(timeout\) after 2m; /);
  });

  it("an unhealthy host whose last poll was no error shows an empty reason", () => {
    const [check] = rolloutResults(
      config(),
      [state("a:1", { unhealthy: true, errors: 5, last: { kind: "met" } })],
      { kind: "failed" },
      { file: "f.yml" },
    );
    expect(check).toMatchObject({ verdict: "unhealthy", file: "f.yml" });
    expect(check).not.toHaveProperty("line");
    expect(check.message).toContain("a:1 failed 5 polls in a row ()");
  });

  it("a stop before any host rolled out, with every host fine so far, is incomplete: not seen through", () => {
    const [check] = rolloutResults(
      config(),
      [state("a:1", { rolledOut: true, served: true, streak: 3, last: { kind: "met" } })],
      { kind: "stopped" },
      {},
    );
    expect(check.verdict).toBe("rollout-incomplete");
    expect(check.message).toBe(
      "1 of 1 host answered as expected; the rollout was not seen through when the verify was stopped after 0ms; finish the rollout, or raise `deadline` if it needs longer",
    );
  });

  it("hosts-missing with one host of two expected says so in the singular", () => {
    const [check] = rolloutResults(
      config({ dns: { name: "web.internal", expect_hosts: 2 } } as Partial<RolloutConfig>),
      [state("a:1", { rolledOut: true, served: true, streak: 3, last: { kind: "met" } })],
      { kind: "deadline" },
      {},
    );
    expect(check.verdict).toBe("hosts-missing");
    expect(check.message).toBe(
      "1 of 1 host answered as expected; web.internal lists 1 host, 2 expected after 2m; bring the missing instances up, or fix `expect_hosts` or the DNS name",
    );
  });

  it("hosts-missing names the last listing problem and, for a fixed list, says to fix the list", () => {
    const [check] = rolloutResults(
      config({ command: "list" }),
      [],
      { kind: "done", listProblem: "`list` exited 1" },
      {},
    );
    expect(check.verdict).toBe("hosts-missing");
    expect(check.message).toBe(
      "no host to poll; `list` lists 0 hosts, 1 expected (`list` exited 1) when the check ended; make the host list name the instances",
    );
  });
});

/** Options for watchRollout with a 20ms interval; the check's fields in `extra`. */
function watch(extra: Partial<RolloutConfig>, more: { repo?: string; stop?: AbortSignal; timeoutText?: string } = {}) {
  const progress: RolloutProgress[] = [];
  const run = watchRollout({
    check: config({
      expect: { status: 200, json: { "$.version": "2" } },
      interval: "20ms",
      consecutive: 1,
      error_limit: 50,
      ...extra,
    } as Partial<RolloutConfig>),
    place: {},
    list: { repo: more.repo ?? repoWith({}), values: {}, processEnv: process.env },
    timeoutText: more.timeoutText ?? "1s",
    retries: 0,
    agents: agents(),
    pool: (task) => task(),
    startedAt: Date.now(),
    stop: more.stop ?? live(),
    onProgress: (p) => progress.push(p),
  });
  return { run, progress };
}

describe("verify rollout: the watch loop", () => {
  it("a rollout already stopped polls nothing and reports the stop", async () => {
    const f = await fleet([always({ version: "2" })]);
    const { run } = watch({ hosts: f.hosts, deadline: "10s" }, { stop: AbortSignal.abort(new Error("sigterm")) });
    const [check, ...hosts] = await run;
    expect(check.verdict).toBe("hosts-missing");
    expect(check.message).toMatch(/when the verify was stopped after \d+m?s/);
    expect(hosts).toEqual([]);
    expect(f.requests.get(f.addresses[0])).toEqual([]);
  });

  it("a listing that outlasts the timeout is the problem hosts-missing names", async () => {
    const { run } = watch({ command: "sleep 5", deadline: "300ms" }, { timeoutText: "50ms" });
    const [check] = await run;
    expect(check.verdict).toBe("hosts-missing");
    expect(check.message).toContain("(listing the hosts took longer than 50ms) after 300ms");
  });

  it("a host taken out of the list after rolling out no longer counts: the one left must still roll out", async () => {
    const f = await fleet([always({ version: "2" }), always({ version: "1" })]);
    const repo = repoWith({ "hosts.txt": `${f.hosts.join("\n")}\n` });
    const { run, progress } = watch({ command: "cat hosts.txt", deadline: "1500ms" }, { repo });
    // Once the first host has rolled out, it leaves the list.
    const removed = (async () => {
      while (!progress.some((p) => p.ready === 1)) await new Promise((r) => setTimeout(r, 10));
      writeFileSync(join(repo, "hosts.txt"), `${f.hosts[1]}\n`);
    })();
    const results = await run;
    await removed;
    expect(results[0]).toMatchObject({ verdict: "rollout-incomplete" });
    expect(results[0].message).toMatch(/^0 of 1 host serves 2; /);
    expect(results.map((r) => r.id)).toEqual(["web", `web:${f.hosts[1]}`]);
    expect(progress.at(-1)).toMatchObject({ ready: 0, total: 1 });
  });

  it("a host taken out of the list while a poll is in flight: that poll's answer is dropped and it is not polled again", async () => {
    const answered: string[] = [];
    const slow = await httpServerAt("127.0.0.88", (_req, res) => {
      answered.push("slow");
      setTimeout(() => res.end(JSON.stringify({ version: "2" })), 150);
    });
    const f = await fleet([always({ version: "1" })]);
    const repo = repoWith({ "hosts.txt": `127.0.0.88:${slow}\n${f.hosts[0]}\n` });
    const { run, progress } = watch({ command: "cat hosts.txt", deadline: "800ms" }, { repo });
    const removed = (async () => {
      while (!answered.length) await new Promise((r) => setTimeout(r, 5));
      writeFileSync(join(repo, "hosts.txt"), `${f.hosts[0]}\n`);
    })();
    const results = await run;
    await removed;
    expect(answered).toEqual(["slow"]);
    expect(results.map((r) => r.id)).toEqual(["web", `web:${f.hosts[0]}`]);
    expect(results[0]).toMatchObject({ verdict: "rollout-incomplete" });
    // Its late "2" never counted: no progress line ever showed a host ready.
    expect(progress.every((p) => p.ready === 0)).toBe(true);
  });
});
