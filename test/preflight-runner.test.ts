import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateConfig } from "../src/core/config/load.js";
import type { CheckConfig } from "../src/core/config/schema.js";
import { runChecks } from "../src/core/preflight/runner.js";
import { runPreflight } from "./helpers/preflight.js";
import { httpServer } from "./helpers/servers.js";

const config = (checks: string, defaults = "", identity = "") => `version: 1
${defaults ? `defaults: ${defaults}\n` : ""}environments:
  production:
    variables: [{ dotenv: prod.env }]${identity ? `\n    identity: ${identity}` : ""}
  staging: {}
preflight:
${checks}`;

/** A server answering each path after `delay(path)` ms; `most()` is how many requests it held at once at most. */
async function countingServer(delay: (url: string) => number) {
  let inFlight = 0;
  let most = 0;
  const base = await httpServer((req, res) => {
    inFlight++;
    most = Math.max(most, inFlight);
    setTimeout(
      () => {
        inFlight--;
        res.end("ok");
      },
      delay(req.url ?? ""),
    );
  });
  return { base, most: () => most };
}

/**
 * A server holding the first requests until `count` are in flight at once (or 5 s went by, so a
 * runner sending fewer fails instead of hanging), then answering every request: on a loaded
 * machine, no answer leaves before the runner had its chance to send `count`.
 */
async function heldServer(count: number) {
  let held: (() => void)[] | undefined = [];
  let most = 0;
  const release = () => {
    const answers = held ?? [];
    held = undefined;
    for (const answer of answers) answer();
  };
  const fallback = setTimeout(release, 5000);
  const base = await httpServer((_req, res) => {
    if (!held) return void res.end("ok");
    held.push(() => res.end("ok"));
    most = Math.max(most, held.length);
    if (held.length === count) {
      clearTimeout(fallback);
      // A little later, so that a runner sending more than `count` shows it.
      setTimeout(release, 100);
    }
  });
  return { base, most: () => most };
}

const httpChecks = (count: number, base: string) =>
  Array.from({ length: count }, (_, i) => `  - { id: c${i}, type: http, url: "${base}/${i}" }\n`).join("");

describe("preflight runner", () => {
  it("runs network checks concurrently, at most `concurrency` at once, results in config order", async () => {
    // The first check answers last, so order must come from the config, not from completion.
    const server = await countingServer((url) => (url === "/0" ? 300 : 100));
    const { results } = await runPreflight(config(httpChecks(9, server.base), "{ concurrency: 3 }"), {
      "prod.env": "",
    });
    expect(results.map((r) => r.id)).toEqual(Array.from({ length: 9 }, (_, i) => `c${i}`));
    expect(results.every((r) => r.verdict === "passed")).toBe(true);
    expect(server.most()).toBe(3);
  });

  it("by default runs 64 network checks at once: 48 checks take one round trip, not two", async () => {
    const server = await heldServer(64);
    const { results } = await runPreflight(config(httpChecks(70, server.base)), { "prod.env": "" });
    expect(results.filter((r) => r.verdict === "passed")).toHaveLength(70);
    expect(server.most()).toBe(64);
  });

  it("runs commands under their own bound", async () => {
    const checks = Array.from(
      { length: 5 },
      (_, i) => `  - { id: k${i}, type: command, run: "echo start >> log; sleep 0.2; echo end >> log" }\n`,
    ).join("");
    const { results, repo } = await runPreflight(config(checks, "{ command_concurrency: 2 }"), { "prod.env": "" });
    expect(results.every((r) => r.verdict === "passed")).toBe(true);
    let running = 0;
    let most = 0;
    for (const line of readFileSync(join(repo, "log"), "utf8").trim().split("\n")) {
      running += line === "start" ? 1 : -1;
      most = Math.max(most, running);
    }
    expect(most).toBe(2);
  });

  it("hung checks cannot hold the stage past the budget; the others still report", async () => {
    const base = await httpServer((req, res) => {
      if (req.url !== "/hang") res.end("ok");
    });
    const { results } = await runPreflight(
      config(
        `  - { id: hung1, type: http, url: "${base}/hang", timeout: 1m }
  - { id: fast, type: http, url: "${base}/ok" }
  - { id: hung2, type: command, run: "sleep 60", timeout: 1m }
`,
        "{ budget: 400ms }",
      ),
      { "prod.env": "" },
    );
    expect(results.map((r) => [r.id, r.verdict])).toEqual([
      ["hung1", "timeout"],
      ["fast", "passed"],
      ["hung2", "timeout"],
    ]);
    expect(results[0].message).toContain("the preflight budget of 400ms ran out");
  });

  it("checks limited to other environments do not run", async () => {
    const { results } = await runPreflight(
      config(`  - { id: only-staging, type: command, run: "exit 1", environments: [staging] }
  - { id: everywhere, type: command, run: "true" }
`),
      { "prod.env": "" },
    );
    expect(results.map((r) => r.id)).toEqual(["everywhere"]);
  });

  it("outage 2: identity runs first; failing it stops the stage with one wrong-target result", async () => {
    const { results, repo, stage } = await runPreflight(
      config(
        `  - { id: a, type: command, run: "touch ran-a" }
  - { id: b, type: command, run: "touch ran-b" }
  - { id: c, type: env }
`,
        "",
        '{ run: "echo 210987654321", equals: "${ACCOUNT}" }',
      ),
      { "prod.env": "ACCOUNT=123456789012\n" },
    );
    expect(stage.ok).toBe(false);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ id: "identity", status: "fail", verdict: "wrong-target", line: 5 });
    expect(results[0].message).toContain('printed "210987654321", expected "123456789012"');
    expect(results[0].message).toContain("3 checks were not run");
    expect(existsSync(join(repo, "ran-a"))).toBe(false);
  });

  it("a passing identity is reported first, then the checks run with the variables exported", async () => {
    const { results } = await runPreflight(
      config(`  - { id: a, type: command, run: "true" }\n`, "", '{ run: "echo $ACCOUNT", equals: "123456789012" }'),
      { "prod.env": "ACCOUNT=123456789012\n" },
    );
    expect(results.map((r) => [r.id, r.verdict])).toEqual([
      ["identity", "passed"],
      ["a", "passed"],
    ]);
  });

  it("an identity command that fails, hangs or names a missing variable is wrong-target", async () => {
    for (const [identity, text] of [
      ['{ run: "echo nope >&2; exit 2", equals: "1" }', "exited 2: nope"],
      ['{ run: "sleep 30", equals: "1", timeout: 200ms }', "did not finish within 200ms"],
      ['{ run: "echo 1", equals: "${NOPE}" }', "${NOPE}"],
    ]) {
      const { results } = await runPreflight(config(`  - { id: a, type: env }\n`, "", identity), { "prod.env": "" });
      expect(results).toHaveLength(1);
      expect(results[0]).toMatchObject({ id: "identity", verdict: "wrong-target" });
      expect(results[0].message).toContain(text);
      expect(results[0].message).toContain("1 check was not run");
    }
  });
});

describe("a check that crashes in a way nobody foresaw", () => {
  const crashing = async (check: CheckConfig) => {
    const config = validateConfig({ version: 1, environments: { production: {}, staging: {} } }, "gate.yml");
    const environment = {
      name: "production",
      config: {},
      variables: {},
      values: {},
      secretNames: new Set<string>(),
      secretValues: [],
    };
    return runChecks([{ check, line: 7 }], {
      context: {
        repo: "/nonexistent",
        environment,
        configFile: "gate.yml",
        // A bug, not a config error: a plain Error out of the environment setup.
        loadOther: () => Promise.reject(new Error("EIO: i/o error, read")),
        processEnv: {},
      },
      defaults: config.defaults,
    });
  };

  it("fails as `could-not-run` with the error: a crashed `env` check is no `parity-gap`", async () => {
    const results = await crashing({ id: "parity", type: "env", parity_with: "staging" });
    expect(results).toEqual([
      {
        id: "parity",
        status: "fail",
        verdict: "could-not-run",
        message: "the check could not run: EIO: i/o error, read",
      },
    ]);
  });
});
