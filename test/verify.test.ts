import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../src/core/config/load.js";
import type { UserError } from "../src/core/errors.js";
import { NothingToCheck } from "../src/core/nothing-to-check.js";
import type { Poll } from "../src/core/verify/probe.js";
import { progressLine } from "../src/core/verify/progress.js";
import { record } from "../src/core/verify/rollout.js";
import type { HostState } from "../src/core/verify/verdict.js";
import { always, fleet, switchesAt } from "./helpers/fleet.js";
import { dnsServer, httpServerAt } from "./helpers/servers.js";
import { PROD_ENV, runVerify, verifyConfig } from "./helpers/verify.js";

const OLD = { version: "0.149.1" };
const NEW = { version: "0.149.2" };

/** A rollout check over `hosts`, polled every 20ms; `extra` lines are indented fields. */
const rollout = (source: string, extra = "", id = "web") =>
  `  - id: ${id}
    type: rollout
${source}
    url: "http://{host}/healthz"
    expect: { status: 200, json: { "$.version": "\${RELEASE}" } }
    interval: 20ms
    timeout: 500ms
${extra}`;
const hostsLine = (hosts: string[]) => `    hosts: [${hosts.map((h) => `"${h}"`).join(", ")}]`;

describe("verify: rollout verdicts", () => {
  it("passes once every host has served the new version `consecutive` times in a row", async () => {
    const f = await fleet([switchesAt(2, OLD, NEW), switchesAt(5, OLD, NEW), always(NEW)]);
    const run = await runVerify(verifyConfig(rollout(hostsLine(f.hosts), "    consecutive: 2\n    deadline: 20s\n")), {
      files: PROD_ENV,
    });
    expect(run.stage.ok).toBe(true);
    expect(run.byId("web")).toMatchObject({
      status: "pass",
      verdict: "rolled-out",
      message: "3 of 3 hosts serve 0.149.2",
    });
    for (const host of f.hosts) {
      expect(run.byId(`web:${host}`)).toMatchObject({ status: "pass", verdict: "rolled-out" });
    }
    // The slow host answered old five times, then new at least twice in a row.
    expect(f.requests.get("127.0.0.3")!.length).toBeGreaterThanOrEqual(7);
  });

  it("fails `rollout-incomplete` at the deadline, naming the lagging host and the version it serves", async () => {
    const f = await fleet([always(NEW), always(NEW), always(OLD)]);
    const run = await runVerify(verifyConfig(rollout(hostsLine(f.hosts), "    deadline: 300ms\n")), {
      files: PROD_ENV,
    });
    expect(run.stage.ok).toBe(false);
    const check = run.byId("web")!;
    expect(check).toMatchObject({ status: "fail", verdict: "rollout-incomplete" });
    expect(check.message).toMatch(
      new RegExp(
        `^2 of 3 hosts serve 0\\.149\\.2; ${f.hosts[2].replace(/\./g, "\\.")} still serves 0\\.149\\.1 after 300ms; `,
      ),
    );
    expect(run.byId(`web:${f.hosts[2]}`)).toMatchObject({ status: "fail", verdict: "rollout-incomplete" });
    expect(run.byId(`web:${f.hosts[0]}`)).toMatchObject({ status: "pass", verdict: "rolled-out" });
  });

  it("a host that served the new version and then an older one is `version-regressed`, over every other verdict", async () => {
    const f = await fleet([(n) => (n < 1 ? NEW : OLD), always({ status: 502 }), always(OLD)]);
    const run = await runVerify(
      verifyConfig(rollout(hostsLine(f.hosts), "    consecutive: 3\n    error_limit: 50\n    deadline: 20s\n")),
      { files: PROD_ENV },
    );
    expect(run.byId("web")).toMatchObject({ status: "fail", verdict: "version-regressed" });
    expect(run.byId("web")!.message).toContain(`${f.hosts[0]} served 0.149.2, then 0.149.1`);
    expect(run.byId(`web:${f.hosts[0]}`)).toMatchObject({ verdict: "version-regressed" });
  });

  it("a host past `error_limit` (it 502s) is `unhealthy`, over hosts still lagging, and ends the wait", async () => {
    const f = await fleet([always(NEW), always({ status: 502 }), always(OLD)]);
    // A 20s deadline the test's own timeout would not survive: the unhealthy host must end it.
    const run = await runVerify(verifyConfig(rollout(hostsLine(f.hosts), "    error_limit: 3\n    deadline: 1m\n")), {
      files: PROD_ENV,
    });
    const check = run.byId("web")!;
    expect(check).toMatchObject({ status: "fail", verdict: "unhealthy" });
    expect(check.message).toContain(
      `${f.hosts[1]} failed 3 polls in a row (GET http://${f.hosts[1]}/healthz answered 502`,
    );
    expect(run.byId(`web:${f.hosts[1]}`)).toMatchObject({ verdict: "unhealthy" });
    expect(run.byId(`web:${f.hosts[2]}`)).toMatchObject({ verdict: "rollout-incomplete" });
    expect(f.requests.get("127.0.0.3")!.length).toBe(3);
  });

  it("a hung host costs one `timeout` per poll, not the deadline", async () => {
    const f = await fleet([always(NEW), always({ hang: true })]);
    const run = await runVerify(
      verifyConfig(rollout(hostsLine(f.hosts), "    error_limit: 2\n    deadline: 1m\n").replace("500ms", "100ms")),
      { files: PROD_ENV },
    );
    expect(run.byId("web")).toMatchObject({ verdict: "unhealthy" });
    expect(run.byId(`web:${f.hosts[1]}`)!.message).toContain(
      `no answer from http://${f.hosts[1]}/healthz within 100ms`,
    );
  });

  it("an error between answers resets the count: errors must come in a row to make a host unhealthy", async () => {
    const f = await fleet([(n) => (n < 6 ? (n % 2 ? { status: 503 } : OLD) : NEW)]);
    const run = await runVerify(verifyConfig(rollout(hostsLine(f.hosts), "    error_limit: 2\n    deadline: 20s\n")), {
      files: PROD_ENV,
    });
    expect(run.byId("web")).toMatchObject({ status: "pass", verdict: "rolled-out" });
  });

  it("`retries` tries a failed poll again before it counts as an error", async () => {
    const flaky = () => fleet([(n) => (n % 2 === 0 ? { status: 503 } : NEW)]);
    const without = await flaky();
    const once = await runVerify(
      verifyConfig(rollout(hostsLine(without.hosts), "    error_limit: 1\n    deadline: 20s\n")),
      {
        files: PROD_ENV,
      },
    );
    expect(once.byId("web")).toMatchObject({ verdict: "unhealthy" });
    const withRetry = await flaky();
    const retried = await runVerify(
      verifyConfig(rollout(hostsLine(withRetry.hosts), "    error_limit: 1\n    retries: 1\n    deadline: 20s\n")),
      { files: PROD_ENV },
    );
    expect(retried.byId("web")).toMatchObject({ verdict: "rolled-out" });
  });

  it("a host that never answers is `rollout-incomplete` with the reason, when `error_limit` is not reached", async () => {
    const f = await fleet([always(NEW)]);
    const run = await runVerify(
      verifyConfig(rollout(hostsLine([...f.hosts, "127.0.0.9:9"]), "    error_limit: 1000\n    deadline: 300ms\n")),
      { files: PROD_ENV },
    );
    expect(run.byId("web")).toMatchObject({ verdict: "rollout-incomplete" });
    expect(run.byId("web:127.0.0.9:9")!.message).toContain(
      "has not answered (GET http://127.0.0.9:9/healthz failed (ECONNREFUSED))",
    );
  });

  it("without `expect.json`, a host is rolled out when it answers the expected status", async () => {
    const f = await fleet([switchesAt(2, { status: 503 }, { status: 204 })]);
    const check = `  - id: web\n    type: rollout\n${hostsLine(f.hosts)}\n    url: "http://{host}/healthz"\n    expect: { status: 204 }\n    interval: 20ms\n    deadline: 20s\n`;
    const run = await runVerify(verifyConfig(check), { files: PROD_ENV });
    expect(run.byId("web")).toMatchObject({ verdict: "rolled-out", message: "1 of 1 host answered as expected" });
  });

  it("a host whose old build lacks the field lags (it is not in error)", async () => {
    const f = await fleet([switchesAt(3, {}, NEW)]);
    const run = await runVerify(verifyConfig(rollout(hostsLine(f.hosts), "    error_limit: 1\n    deadline: 20s\n")), {
      files: PROD_ENV,
    });
    expect(run.byId("web")).toMatchObject({ verdict: "rolled-out" });
  });
});

describe("verify: one host's state machine", () => {
  const poll = fc.constantFrom<Poll>(
    { kind: "met" },
    { kind: "lagging", version: "0.149.1" },
    { kind: "error", reason: "ECONNREFUSED" },
  );
  /** The longest run of polls of `kind` in a row. */
  const longestRun = (polls: Poll[], kind: Poll["kind"]) => {
    let best = 0;
    let run = 0;
    for (const p of polls) {
      run = p.kind === kind ? run + 1 : 0;
      best = Math.max(best, run);
    }
    return best;
  };

  it("rolled out after `consecutive` met in a row, unhealthy after `error_limit` errors in a row, regressed on a lag after a met", () => {
    fc.assert(
      fc.property(
        fc.array(poll, { maxLength: 40 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        (polls, consecutive, limit) => {
          const state: HostState = {
            host: { label: "h" },
            polls: 0,
            streak: 0,
            errors: 0,
            served: false,
            rolledOut: false,
          };
          for (const p of polls) record(state, p, consecutive, limit);
          expect(state.rolledOut).toBe(longestRun(polls, "met") >= consecutive);
          expect(Boolean(state.unhealthy)).toBe(longestRun(polls, "error") >= limit);
          const firstMet = polls.findIndex((p) => p.kind === "met");
          const lagAfter = firstMet >= 0 && polls.slice(firstMet).some((p) => p.kind === "lagging");
          expect(state.regressedTo !== undefined).toBe(lagAfter);
        },
      ),
    );
  });
});

describe("verify: where the hosts come from", () => {
  it("dns: every A record of the name, with the port, asked of the given server", async () => {
    const f = await fleet([switchesAt(2, OLD, NEW), always(NEW)]);
    const dns = await dnsServer({ "web.internal": { A: f.addresses } });
    const source = `    dns: { name: web.internal, port: ${f.port}, expect_hosts: 2, server: "${dns}" }`;
    const run = await runVerify(verifyConfig(rollout(source, "    deadline: 20s\n")), { files: PROD_ENV });
    expect(run.byId("web")).toMatchObject({ verdict: "rolled-out", message: "2 of 2 hosts serve 0.149.2" });
    expect(run.results.map((r) => r.id).sort()).toEqual(["web", ...f.hosts.map((h) => `web:${h}`)].sort());
  });

  it("dns: fewer records than `expect_hosts` at the deadline is `hosts-missing`", async () => {
    const f = await fleet([always(NEW), always(NEW)]);
    const dns = await dnsServer({ "web.internal": { A: f.addresses } });
    const source = `    dns: { name: web.internal, port: ${f.port}, expect_hosts: 3, server: "${dns}" }`;
    const run = await runVerify(verifyConfig(rollout(source, "    deadline: 300ms\n")), { files: PROD_ENV });
    expect(run.byId("web")).toMatchObject({ status: "fail", verdict: "hosts-missing" });
    expect(run.byId("web")!.message).toContain("web.internal lists 2 hosts, 3 expected after 300ms");
  });

  it("dns: a name that does not resolve is `hosts-missing` (none), saying why", async () => {
    const dns = await dnsServer({});
    const source = `    dns: { name: gone.internal, port: 80, server: "${dns}" }`;
    const run = await runVerify(verifyConfig(rollout(source, "    deadline: 300ms\n")), { files: PROD_ENV });
    expect(run.byId("web")).toMatchObject({ status: "fail", verdict: "hosts-missing" });
    expect(run.byId("web")!.message).toMatch(
      /^no host to poll; gone\.internal lists 0 hosts, 1 expected \(gone\.internal did not resolve/,
    );
  });

  it("dns: AAAA records are hosts too, in brackets in the id and the URL", async () => {
    const port = await httpServerAt("::1", (req, res) =>
      res.end(JSON.stringify({ version: "0.149.2", host: req.headers.host })),
    );
    const dns = await dnsServer({ "web6.internal": { AAAA: ["::1"] } });
    const source = `    dns: { name: web6.internal, port: ${port}, server: "${dns}" }`;
    const run = await runVerify(verifyConfig(rollout(source, "    deadline: 20s\n")), { files: PROD_ENV });
    expect(run.byId("web")).toMatchObject({ verdict: "rolled-out" });
    expect(run.byId(`web:[::1]:${port}`)).toMatchObject({ verdict: "rolled-out" });
  });

  it("command: one host:port per line, with the environment's variables exported", async () => {
    const f = await fleet([always(NEW), switchesAt(1, OLD, NEW)]);
    const source = `    command: 'printf "%s\\n%s\\n" "$HOST_A" "127.0.0.3:${f.port}"'`;
    const run = await runVerify(verifyConfig(rollout(source, "    deadline: 20s\n")), {
      files: { "prod.env": `RELEASE=0.149.2\nHOST_A=${f.hosts[0]}\n` },
    });
    expect(run.byId("web")).toMatchObject({ verdict: "rolled-out", message: "2 of 2 hosts serve 0.149.2" });
  });

  it("command: a failing host lister is `hosts-missing` with its output", async () => {
    const source = `    command: "echo no inventory >&2; exit 3"`;
    const run = await runVerify(verifyConfig(rollout(source, "    deadline: 200ms\n")), { files: PROD_ENV });
    expect(run.byId("web")).toMatchObject({ verdict: "hosts-missing" });
    expect(run.byId("web")!.message).toContain("exited 3: no inventory");
  });

  it("a listed entry that is no host is `hosts-missing`, naming it", async () => {
    const run = await runVerify(verifyConfig(rollout(hostsLine(["http://10.0.0.1/"]), "    deadline: 100ms\n")), {
      files: PROD_ENV,
    });
    expect(run.byId("web")!.message).toContain('gave "http://10.0.0.1/", which is not host or host:port');
  });
});

describe("verify: requests", () => {
  it("`host_header` is the Host every host is asked with", async () => {
    const f = await fleet([always(NEW), always(NEW)]);
    const run = await runVerify(
      verifyConfig(rollout(hostsLine(f.hosts), "    host_header: app.example.com\n    deadline: 20s\n")),
      { files: PROD_ENV },
    );
    expect(run.stage.ok).toBe(true);
    for (const a of f.addresses) expect(f.requests.get(a)!.map((h) => h.host)).toContain("app.example.com");
  });

  it("with https, `host_header` is also the TLS server name, and an untrusted certificate is an error", async () => {
    const { createServer } = await import("node:tls");
    const names: (string | undefined)[] = [];
    // No certificate at all: the handshake fails after the client named the server, which is what is checked.
    const server = createServer({
      SNICallback: (name, cb) => {
        names.push(name);
        cb(new Error("no cert"));
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.2", resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const check = `  - id: web\n    type: rollout\n${hostsLine([`127.0.0.2:${port}`])}\n    url: "https://{host}/healthz"\n    host_header: app.example.com\n    error_limit: 1\n    interval: 20ms\n    deadline: 20s\n`;
      const run = await runVerify(verifyConfig(check), { files: PROD_ENV });
      expect(names[0]).toBe("app.example.com");
      expect(run.byId("web")).toMatchObject({ status: "fail", verdict: "unhealthy" });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("verify: the stage", () => {
  it("any preflight check type may be listed too (a smoke test), after the rollouts, in the config's order", async () => {
    const f = await fleet([always(NEW)]);
    const smoke = `  - { id: smoke, type: http, url: "http://${f.hosts[0]}/healthz", expect: { json: { "$.version": "\${RELEASE}" } } }\n`;
    const run = await runVerify(verifyConfig(smoke + rollout(hostsLine(f.hosts), "    deadline: 20s\n")), {
      files: PROD_ENV,
    });
    expect(run.stage).toMatchObject({ stage: "verify", ok: true });
    expect(run.results.map((r) => r.id)).toEqual(["smoke", "web", `web:${f.hosts[0]}`]);
  });

  it("a variable the environment lacks is `missing-variable`, and no host is polled", async () => {
    const f = await fleet([always(NEW)]);
    const check = rollout(hostsLine(f.hosts), "    deadline: 20s\n").replace("${RELEASE}", "${NOPE}");
    const run = await runVerify(verifyConfig(check), { files: PROD_ENV });
    expect(run.results).toEqual([expect.objectContaining({ id: "web", verdict: "missing-variable", status: "fail" })]);
    expect(f.requests.get(f.addresses[0])).toEqual([]);
  });

  it("a stop (Ctrl-C, SIGTERM) ends the wait: hosts not done are `rollout-incomplete`, and the stage fails", async () => {
    const f = await fleet([always(NEW), always(OLD)]);
    const stop = new AbortController();
    // Stop once the second host has been seen lagging.
    const polling = setInterval(() => {
      if ((f.requests.get(f.addresses[1])?.length ?? 0) >= 2) stop.abort();
    }, 5);
    try {
      const run = await runVerify(verifyConfig(rollout(hostsLine(f.hosts), "    deadline: 1m\n")), {
        files: PROD_ENV,
        stop: stop.signal,
      });
      expect(run.stage.ok).toBe(false);
      expect(run.byId("web")).toMatchObject({ verdict: "rollout-incomplete" });
      expect(run.byId("web")!.message).toMatch(/still serves 0\.149\.1 when the verify was stopped after/);
      expect(run.byId(`web:${f.hosts[0]}`)).toMatchObject({ verdict: "rolled-out" });
    } finally {
      clearInterval(polling);
    }
  });

  it("reports progress when it changes, never once per poll", async () => {
    const f = await fleet([switchesAt(4, OLD, NEW), switchesAt(8, OLD, NEW)]);
    const run = await runVerify(verifyConfig(rollout(hostsLine(f.hosts), "    deadline: 20s\n")), { files: PROD_ENV });
    expect(run.progress.map((p) => `${p.ready}/${p.total}`)).toEqual(["0/2", "1/2", "2/2"]);
    expect(progressLine({ ...run.progress[1], deadlineAt: 1_000_000 + 240_000 }, 1_000_000)).toBe(
      "web: 1/2 hosts on 0.149.2, 4m left",
    );
  });

  it("nothing under `verify:` for the environment is nothing to check (exit 2), not a pass", async () => {
    const config = `version: 1\nenvironments:\n  production: {}\n  staging: {}\nverify:\n  - { id: web, type: rollout, hosts: ["127.0.0.2:1"], url: "http://{host}/", environments: [staging] }\n`;
    await expect(runVerify(config)).rejects.toBeInstanceOf(NothingToCheck);
  });
});

describe("verify: config", () => {
  const problems = (yaml: string) => {
    try {
      parseConfig(yaml, "c.yml");
      return [];
    } catch (error) {
      return (error as UserError).problems.map((p) => `${p.path}: ${p.message}`);
    }
  };
  const base = (fields: string) => `version: 1\nverify:\n  - id: web\n    type: rollout\n${fields}`;

  it("needs exactly one host source, {host} in the URL, and JSON paths that parse", () => {
    expect(problems(base(`    url: "http://x/healthz"\n    hosts: [a]\n`)).join("\n")).toContain("must hold {host}");
    expect(problems(base(`    url: "http://{host}/"\n`)).join("\n")).toContain(
      "exactly one of `hosts`, `dns` or `command`",
    );
    expect(problems(base(`    url: "http://{host}/"\n    hosts: [a]\n    command: x\n`)).join("\n")).toContain(
      "exactly one of",
    );
    expect(
      problems(base(`    url: "http://{host}/"\n    hosts: [a]\n    expect: { json: { "version": "1" } }\n`)).join(
        "\n",
      ),
    ).toContain("must start with $");
  });

  it("ids are unique within `verify:`, and `environments` must be defined", () => {
    const twice = `version: 1\nverify:\n  - { id: a, type: tcp, host: h, port: 1 }\n  - { id: a, type: tcp, host: h, port: 2 }\n`;
    expect(problems(twice).join("\n")).toContain('duplicate id "a"');
    const scoped = `version: 1\nverify:\n  - { id: a, type: tcp, host: h, port: 1, environments: [nowhere] }\n`;
    expect(problems(scoped).join("\n")).toContain('environment "nowhere" is not defined');
  });

  it("a rollout is not a preflight check", () => {
    const yaml = `version: 1\npreflight:\n  - { id: web, type: rollout, hosts: [a], url: "http://{host}/" }\n`;
    expect(problems(yaml).length).toBeGreaterThan(0);
  });

  it("fills the defaults: consecutive 1, interval 5s, deadline 10m, error_limit 3", () => {
    const loaded = parseConfig(base(`    url: "http://{host}/"\n    hosts: [a]\n`), "c.yml");
    expect(loaded.config.verify?.[0]).toMatchObject({
      consecutive: 1,
      interval: "5s",
      deadline: "10m",
      error_limit: 3,
    });
  });
});
