import { describe, expect, it } from "vitest";
import { parseConfig } from "../src/core/config/load.js";
import { configError as fail } from "./helpers/config.js";
import { runPreflight } from "./helpers/preflight.js";
import { tcpListener } from "./helpers/servers.js";

const FILE = ".github/deploy-gate.yml";

const accepts = (text: string) => parseConfig(text, FILE).config;

describe("durations are above zero and within what a timer can wait", () => {
  it.each(["0ms", "0s", "0m"])("%s is refused", (d) => {
    const e = fail(`version: 1\ndefaults: { timeout: ${d} }\n`);
    expect(e.path).toBe("defaults.timeout");
    expect(e.message).toContain("above zero");
  });

  it("a duration past Node's timer limit (2^31-1 ms) is refused, not left to fail every check", () => {
    const e = fail("version: 1\npreflight:\n  - { id: a, type: tcp, host: h, port: 1, timeout: 2147483648ms }\n");
    expect(String(e)).toBe(
      `${FILE}:3: preflight[0].timeout: "2147483648ms" is longer than the 24h (1440m) a gate may wait; give a shorter one`,
    );
    expect(fail("version: 1\ndefaults: { budget: 1441m }\n").path).toBe("defaults.budget");
    expect(
      fail("version: 1\nenvironments:\n  p:\n    identity: { run: x, equals: y, timeout: 9999999999s }\n").path,
    ).toBe("environments.p.identity.timeout");
  });

  it("the bounds themselves are accepted", () => {
    expect(accepts("version: 1\ndefaults: { timeout: 1ms, budget: 1440m }\n").defaults).toMatchObject({
      timeout: "1ms",
      budget: "1440m",
    });
  });
});

describe("a port is an integer 1-65535", () => {
  it.each(["0", "65536", "1.5", '"70000"', '"0"', '"80 "', '"https"', '""'])("port: %s is refused", (port) => {
    const e = fail(`version: 1\npreflight:\n  - id: db\n    type: tcp\n    host: h\n    port: ${port}\n`);
    expect({ path: e.path, line: e.line }).toEqual({ path: "preflight[0].port", line: 6 });
  });

  it.each(["1", "65535", '"5432"', '"${DB_PORT}"'])("port: %s is accepted", (port) => {
    expect(
      accepts(`version: 1\npreflight:\n  - { id: db, type: tcp, host: h, port: ${port} }\n`).preflight,
    ).toHaveLength(1);
  });

  it("a port that comes from a variable is checked when the check runs, and fails naming the value", async () => {
    const open = await tcpListener();
    const { results } = await runPreflight(
      `version: 1
environments:
  production:
    variables: [{ dotenv: prod.env }]
preflight:
  - { id: db, type: tcp, host: 127.0.0.1, port: "\${DB_PORT}" }
`,
      { "prod.env": `DB_PORT=${open + 65536}\n` },
    );
    expect(results).toEqual([expect.objectContaining({ id: "db", status: "fail", verdict: "unreachable" })]);
    expect(results[0].message).toContain(`port is "${open + 65536}", not a port number (1-65535)`);
  });
});

describe("environment names", () => {
  it.each(["__proto__", "constructor", "prototype"])("%s is refused, on its own line", (name) => {
    const e = fail(`version: 1\nenvironments:\n  staging: {}\n  ${name}: {}\n`);
    expect(String(e)).toBe(
      `${FILE}:4: environments.${name}: an environment cannot be named __proto__, constructor or prototype; choose another name`,
    );
  });

  it("an empty name, or one with a control character, is refused", () => {
    expect(fail('version: 1\nenvironments:\n  "": {}\n').message).toBe("an environment name cannot be empty");
    expect(fail('version: 1\nenvironments:\n  "prod\\tuction": {}\n').message).toContain("control characters");
    expect(fail('version: 1\nenvironments:\n  "prod\\n": {}\n').message).toContain("control characters");
  });

  it("the same rules hold where entries name environments", () => {
    const e = fail("version: 1\nartifacts:\n  - { name: a, path: a, inputs: [a], environments: [constructor] }\n");
    expect(e.problems.map((p) => p.path)).toContain("artifacts[0].environments[0]");
  });

  it("GitHub environment names may hold spaces: they are kept", () => {
    const config = accepts('version: 1\nenvironments:\n  "Production EU": {}\n');
    expect(Object.keys(config.environments ?? {})).toEqual(["Production EU"]);
  });

  it("a `__proto__` key anywhere is an error, not a key that silently vanishes", () => {
    const e = fail("version: 1\npreflight:\n  - id: e\n    type: env\n    patterns:\n      __proto__: x\n");
    expect({ path: e.path, line: e.line }).toEqual({ path: "preflight[0].patterns.__proto__", line: 6 });
  });
});

describe("YAML alias errors give FILE:LINE", () => {
  it("an alias without its anchor names the alias and its line", () => {
    const e = fail("version: 1\nenvironments:\n  p:\n    secrets:\n      - *token\n");
    expect(String(e)).toBe(`${FILE}:5: YAML alias error: *token has no anchor before it; define &token above it`);
  });

  it("aliases that expand without bound are refused with a line", () => {
    const lines = ["version: 1", "a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 0; i < 12; i++)
      lines.push(
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(", ")}]`,
      );
    const e = fail(`${lines.join("\n")}\n`);
    expect(e.message).toContain("YAML alias error: the aliases expand to too much data");
    expect(e.file).toBe(FILE);
    expect(e.line).toBeGreaterThanOrEqual(3);
  });
});

describe("identity.equals proves something", () => {
  it("a literal empty equals is a config error", () => {
    const e = fail('version: 1\nenvironments:\n  p:\n    identity: { run: "true", equals: "" }\n');
    expect({ path: e.path, line: e.line }).toEqual({ path: "environments.p.identity.equals", line: 4 });
  });

  it("an equals that interpolates to empty fails the identity, even when the command prints nothing", async () => {
    const { results, stage } = await runPreflight(
      `version: 1
environments:
  production:
    variables: [{ dotenv: prod.env }]
    identity: { run: "true", equals: "\${ACCOUNT}" }
preflight:
  - { id: e, type: env }
`,
      { "prod.env": "ACCOUNT=\n" },
    );
    expect(stage.ok).toBe(false);
    expect(results).toEqual([expect.objectContaining({ id: "identity", status: "fail", verdict: "wrong-target" })]);
    expect(results[0].message).toContain("identity.equals is empty once interpolated");
  });
});
