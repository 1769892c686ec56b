import { describe, expect, it } from "vitest";
import { parseConfig, validateConfig } from "../src/core/config/load.js";
import { configError as fail } from "./helpers/config.js";

describe("config errors name the file, the key path and the line", () => {
  it("an unknown check type lists the known ones", () => {
    const e = fail("version: 1\npreflight:\n  - id: a\n    type: env\n  - id: b\n    type: no-such-check\n");
    expect(String(e)).toBe(
      '.github/deploy-gate.yml:6: preflight[1].type: unknown check type "no-such-check" (expected one of env, http, tcp, dns, command, k8s-refs, images-pinned, aws)',
    );
    expect(e.exitCode).toBe(2);
  });

  it("an unknown key is an error, on the key's own line", () => {
    const e = fail("version: 1\nartifacts:\n  - name: x\n    path: bin/x\n    inputs: [src/**]\n    bogus: 3\n");
    expect({ line: e.line, path: e.path, message: e.message }).toEqual({
      line: 6,
      path: "artifacts[0].bogus",
      message: 'unknown key "bogus"',
    });
  });

  it("a wrong type says what was expected and what was found", () => {
    const e = fail('version: 1\npreflight:\n  - { id: h, type: http, url: "x", timeout: 5 }\n');
    expect(String(e)).toBe(".github/deploy-gate.yml:3: preflight[0].timeout: expected a string, got number 5");
  });

  it("a bad enum value lists the allowed ones", () => {
    const e = fail("version: 1\nchecklist:\n  reset: sometimes\n  items: [{ id: a, text: b }]\n");
    expect(e.line).toBe(3);
    expect(e.message).toContain('"on-push", "on-relevant-push", "never"');
  });

  it("a YAML syntax error keeps the yaml package's line and column", () => {
    const e = fail("version: 1\nfoo: [1, 2\n");
    expect(e.message).toMatch(/^YAML syntax error at column \d+: /);
    expect(e.line).toBeGreaterThanOrEqual(2);
  });

  it("a duplicate key is a syntax error, not a silent overwrite", () => {
    expect(fail("version: 1\nversion: 1\n").message).toMatch(/YAML syntax error/);
  });

  it("the version must be 1 and is required", () => {
    expect(String(fail("version: 2\n"))).toBe(
      ".github/deploy-gate.yml:1: version: number 2 is not allowed (expected 1)",
    );
    expect(fail("checklist: { items: [{ id: a, text: b }] }\n").path).toBe("version");
  });

  it("an empty file says what it needs", () => {
    expect(fail("").message).toContain("version: 1");
  });

  it("a bad glob is a config error", () => {
    const e = fail("version: 1\nartifacts:\n  - name: x\n    path: bin/x\n    inputs: ['src/[a']\n");
    expect(e.path).toBe("artifacts[0].inputs[0]");
    expect(e.message).toContain('bad glob "src/[a"');
  });

  it("globs cannot leave the repository", () => {
    expect(fail("version: 1\nartifacts:\n  - { name: x, path: x, inputs: ['../x'] }\n").message).toContain('".."');
    expect(fail("version: 1\nartifacts:\n  - { name: x, path: x, inputs: ['/etc/*'] }\n").message).toContain(
      "relative",
    );
  });

  it("a bad regular expression in patterns is a config error", () => {
    const e = fail("version: 1\npreflight:\n  - id: e\n    type: env\n    patterns: { AMI_ID: '^ami-(' }\n");
    expect(e.path).toBe("preflight[0].patterns.AMI_ID");
    expect(e.line).toBe(5);
  });

  it("a pattern RE2 cannot run in linear time (a backreference, a lookahead) is a config error", () => {
    const e = fail("version: 1\npreflight:\n  - id: e\n    type: env\n    patterns: { X: '^(a)\\1$', Y: '^a' }\n");
    expect(String(e)).toMatch(/^\.github\/deploy-gate\.yml:5: preflight\[0\]\.patterns\.X: bad regular expression: /);
    expect(e.message).toContain("RE2 syntax is required");
    const ahead = fail("version: 1\npreflight:\n  - id: e\n    type: env\n    patterns: { X: '^(?=a)' }\n");
    expect(ahead.message).toContain("RE2 syntax is required");
  });

  it("a glob beyond the supported syntax is a config error that says what to write", () => {
    const e = fail("version: 1\nartifacts:\n  - { name: x, path: x, inputs: ['src/**.ts'] }\n");
    expect(String(e)).toContain('artifacts[0].inputs[0]: bad glob "src/**.ts": `**` must be a whole path segment');
    expect(fail("version: 1\nartifacts:\n  - { name: x, path: x, inputs: ['!src/**'] }\n").message).toContain(
      "negation",
    );
  });

  it("an artifact needs exactly one of path or image", () => {
    const e = fail("version: 1\nartifacts:\n  - name: x\n    inputs: [a]\n");
    expect(e.message).toBe("give exactly one of `path` or `image`");
    expect(e.line).toBe(3);
  });

  it("a command check needs exactly one of run or argv", () => {
    const e = fail("version: 1\npreflight:\n  - { id: c, type: command, run: x, argv: [x] }\n");
    expect(e.message).toBe("give exactly one of `run` or `argv`");
  });

  it("ids are unique", () => {
    const e = fail("version: 1\npreflight:\n  - { id: a, type: env }\n  - { id: a, type: env }\n");
    expect(e.message).toBe('duplicate id "a"');
    expect(e.line).toBe(4);
  });

  it("environments named by entries and parity_with must be defined", () => {
    const e = fail(
      "version: 1\nenvironments:\n  production: {}\npreflight:\n  - { id: a, type: env, parity_with: staging }\n",
    );
    expect(e.path).toBe("preflight[0].parity_with");
    expect(
      fail(
        "version: 1\nenvironments:\n  production: {}\nartifacts:\n  - { name: a, path: a, inputs: [a], environments: [prod] }\n",
      ).path,
    ).toBe("artifacts[0].environments[0]");
  });

  it("a variable source must be one of the known forms", () => {
    const e = fail("version: 1\nenvironments:\n  prod:\n    variables:\n      - dotenv: a.env\n      - nope: 1\n");
    expect(e.path).toBe("environments.prod.variables[1]");
    expect(e.line).toBe(6);
  });

  it("durations are written 500ms, 5s or 2m", () => {
    expect(fail("version: 1\ndefaults: { timeout: 5 seconds }\n").message).toContain('"500ms", "5s", "2m"');
  });

  it("reports every problem, one FILE:LINE: key.path: what line each, in file order", () => {
    const e = fail(
      "version: 1\npreflight:\n  - { id: b, type: env, y: 1 }\n  - { id: a, type: env, x: 1 }\ndefaults: { retries: 99 }\n",
    );
    expect(e.line).toBe(3);
    expect(e.message).toBe('unknown key "y"');
    expect(String(e).split("\n")).toEqual([
      '.github/deploy-gate.yml:3: preflight[0].y: unknown key "y"',
      '.github/deploy-gate.yml:4: preflight[1].x: unknown key "x"',
      ".github/deploy-gate.yml:5: defaults.retries: must be at most 10",
    ]);
    expect(e.problems).toHaveLength(3);
  });

  it("every YAML syntax error is listed, not only the first", () => {
    const e = fail("version: 1\nfoo: [1, 2\nbar: {\n");
    expect(e.problems.length).toBeGreaterThanOrEqual(2);
    for (const p of e.problems) expect(p.message).toMatch(/^YAML syntax error at column \d+: /);
  });
});

describe("a mistyped key suggests the near miss among the keys known at that level", () => {
  it.each([
    ["versoin: 1\n", "versoin", "version"],
    ["version: 1\nenviroments: {}\n", "enviroments", "environments"],
    ["version: 1\ndefaults: { budgte: 5s }\n", "defaults.budgte", "budget"],
    ["version: 1\npreflight:\n  - { id: h, type: http, url: x, methd: GET }\n", "preflight[0].methd", "method"],
    [
      "version: 1\npreflight:\n  - { id: t, type: tcp, host: h, port: 1, tmeout: 5s }\n",
      "preflight[0].tmeout",
      "timeout",
    ],
    ["version: 1\nchecklist:\n  itmes: [{ id: a, text: b }]\n", "checklist.itmes", "items"],
  ])("%j", (text, path, meant) => {
    const problem = fail(text).problems.find((p) => p.path === path);
    const typed = path.split(".").at(-1);
    expect(problem?.message).toBe(`unknown key "${typed}"; did you mean "${meant}"?`);
  });

  it("a key far from every known one gets no guess", () => {
    expect(fail("version: 1\nbogus: true\n").message).toBe('unknown key "bogus"');
  });

  it("suggests from the check type's own keys, not another type's", () => {
    // `manifests` belongs to k8s-refs; an env check has no key near "manifest".
    const e = fail("version: 1\npreflight:\n  - { id: e, type: env, manifest: [a] }\n");
    expect(e.message).toBe('unknown key "manifest"');
  });
});

describe("limits are said in the project's words, not zod's", () => {
  it.each([
    ["version: 1\nchecklist:\n  items: []\n", "checklist.items", "cannot be an empty list; list at least one item"],
    ["version: 1\ndefaults: { retries: 11 }\n", "defaults.retries", "must be at most 10"],
    ["version: 1\ndefaults: { concurrency: 0 }\n", "defaults.concurrency", "must be at least 1"],
    ["version: 1\nenvironments:\n  p: { secrets: [''] }\n", "environments.p.secrets[0]", "cannot be empty"],
  ])("%j", (text, path, message) => {
    const e = fail(text);
    expect({ path: e.path, message: e.message }).toEqual({ path, message });
    expect(e.message).not.toMatch(/Too (small|big)|expected array|>=|<=/);
  });
});

describe("duplicate ids name the right path and line", () => {
  it("a duplicate checklist item id points at checklist.items[N].id", () => {
    const e = fail("version: 1\nchecklist:\n  items:\n    - { id: a, text: b }\n    - id: a\n      text: c\n");
    expect(String(e)).toBe('.github/deploy-gate.yml:5: checklist.items[1].id: duplicate id "a"');
  });

  it("a duplicate artifact name points at artifacts[N].name", () => {
    const e = fail(
      "version: 1\nartifacts:\n  - { name: x, path: a, inputs: [a] }\n  - { name: x, path: b, inputs: [b] }\n",
    );
    expect({ path: e.path, line: e.line }).toEqual({ path: "artifacts[1].name", line: 4 });
  });
});

describe("valid configs", () => {
  it("only version is required, and defaults fill in", () => {
    const { config } = parseConfig("version: 1\n", "c.yml");
    expect(config.defaults).toEqual({
      timeout: "10s",
      retries: 0,
      concurrency: 64,
      command_concurrency: 4,
      budget: "120s",
    });
  });

  it("version and a checklist are enough; the checklist gets its defaults", () => {
    const { config } = parseConfig("version: 1\nchecklist:\n  items: [{ id: a, text: Ran it }]\n", "c.yml");
    expect(config.checklist).toMatchObject({
      reset: "on-push",
      pr_body: false,
      tickers: { permission: "write", allow_author: true },
    });
  });

  it("`_extends` is accepted outside the schema (Probot's inheritance)", () => {
    expect(validateConfig({ _extends: ".github", version: 1 }, "c.yml").version).toBe(1);
  });

  it("a config without a source names the key path and the file, without a line", () => {
    try {
      validateConfig({ version: 1, preflight: [{ id: "x", type: "nope" }] }, "org/.github:.github/deploy-gate.yml");
      throw new Error("accepted");
    } catch (error) {
      expect(String(error)).toBe(
        'org/.github:.github/deploy-gate.yml: preflight[0].type: unknown check type "nope" (expected one of env, http, tcp, dns, command, k8s-refs, images-pinned, aws)',
      );
    }
  });
});
