// The sentences a user sees for config mistakes (formatIssue over zod's issues, the loader's own
// errors) and the repository-path guards, at the cases the other tests leave out.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formatIssue } from "../src/core/config/format-issue.js";
import { knownKeysAt } from "../src/core/config/known-keys.js";
import { loadConfig, parseConfig, validateConfig } from "../src/core/config/load.js";
import {
  openRegular,
  RepoPathError,
  readRepoFile,
  readRepoText,
  repoEntry,
  resolveInRepo,
  specialKind,
} from "../src/core/repo-files.js";
import { userError } from "./helpers/config.js";

/** The messages formatIssue gives for `data` against `schema`, as "path: message". */
function messages(schema: z.ZodType, data: unknown, known?: (path: readonly PropertyKey[]) => string[]): string[] {
  const result = schema.safeParse(data);
  if (result.success) throw new Error("the data was accepted");
  return result.error.issues.flatMap((issue) =>
    formatIssue(issue, data, known).map((f) => `${f.path.map(String).join(".")}: ${f.message}`),
  );
}

describe("formatIssue: size limits in the project's words", () => {
  it("lists: at least / at most, with the plural right", () => {
    expect(messages(z.object({ a: z.array(z.string()).min(2) }), { a: ["x"] })).toEqual(["a: list at least 2 items"]);
    expect(messages(z.object({ a: z.array(z.string()).max(1) }), { a: ["x", "y"] })).toEqual([
      "a: list at most 1 item",
    ]);
    expect(messages(z.object({ a: z.array(z.string()).min(1) }), { a: [] })).toEqual([
      "a: cannot be an empty list; list at least one item",
    ]);
    expect(messages(z.object({ a: z.set(z.string()).max(2) }), { a: new Set(["x", "y", "z"]) })).toEqual([
      "a: list at most 2 items",
    ]);
  });

  it("strings: empty, too short, too long", () => {
    expect(messages(z.object({ s: z.string().min(1) }), { s: "" })).toEqual(["s: cannot be empty"]);
    expect(messages(z.object({ s: z.string().min(3) }), { s: "ab" })).toEqual([
      "s: must be at least 3 characters long",
    ]);
    expect(messages(z.object({ s: z.string().max(1) }), { s: "ab" })).toEqual(["s: must be at most 1 character long"]);
  });

  it("numbers: inclusive and exclusive bounds", () => {
    expect(messages(z.object({ n: z.number().min(1) }), { n: 0 })).toEqual(["n: must be at least 1"]);
    expect(messages(z.object({ n: z.number().max(5) }), { n: 6 })).toEqual(["n: must be at most 5"]);
    expect(messages(z.object({ n: z.number().gt(0) }), { n: 0 })).toEqual(["n: must be more than 0"]);
    expect(messages(z.object({ n: z.number().lt(10) }), { n: 10 })).toEqual(["n: must be less than 10"]);
  });

  it("keeps a schema's own size message", () => {
    expect(messages(z.object({ a: z.array(z.string()).min(1, "list at least one glob") }), { a: [] })).toEqual([
      "a: list at least one glob",
    ]);
  });
});

describe("formatIssue: what was found, in words", () => {
  const schema = z.object({ n: z.string() });

  it("names null, lists, mappings and scalars", () => {
    expect(messages(schema, { n: null })).toEqual(["n: expected a string, got null"]);
    expect(messages(schema, { n: [1] })).toEqual(["n: expected a string, got a list"]);
    expect(messages(schema, { n: { a: 1 } })).toEqual(["n: expected a string, got a mapping"]);
    expect(messages(schema, { n: 3 })).toEqual(["n: expected a string, got number 3"]);
    expect(messages(schema, {})).toEqual(["n: is required"]);
  });

  it("a type without a friendly name keeps zod's", () => {
    expect(messages(z.object({ n: z.bigint() }), { n: "x" })).toEqual(['n: expected bigint, got string "x"']);
    expect(messages(z.object({ n: z.int() }), { n: "x" })).toEqual(['n: expected a number, got string "x"']);
  });

  it("an enum value that is missing is required, one that is wrong is not allowed", () => {
    const e = z.object({ m: z.enum(["a", "b"]) });
    expect(messages(e, {})).toEqual(['m: is required (expected "a", "b")']);
    expect(messages(e, { m: [] })).toEqual(['m: a list is not allowed (expected "a", "b")']);
  });

  it("a record key that breaks its schema is reported at that key, in the key schema's words", () => {
    const rec = z.object({ r: z.record(z.string().regex(/^[a-z]+$/, "names are lower-case letters"), z.number()) });
    expect(messages(rec, { r: { Bad: 1 } })).toEqual(["r.Bad: names are lower-case letters"]);
  });

  it("a union no form of which matches", () => {
    const u = z.object({ v: z.union([z.string(), z.number()]) });
    expect(messages(u, { v: true })).toEqual(["v: boolean true matches none of the allowed forms"]);
    expect(messages(u, { v: null })).toEqual(["v: null matches none of the allowed forms"]);
    expect(messages(u, {})).toEqual(["v: nothing matches none of the allowed forms"]);
  });

  it("a discriminated union on `type` lists the types, and says when the type is missing", () => {
    const checks = z.object({
      check: z.discriminatedUnion("type", [
        z.object({ type: z.literal("env") }),
        z.object({ type: z.literal("http"), url: z.string() }),
      ]),
    });
    expect(messages(checks, { check: {} })).toEqual(["check.type: is required (expected one of env, http)"]);
    expect(messages(checks, { check: { type: "x" } })).toEqual([
      'check.type: unknown check type "x" (expected one of env, http)',
    ]);
  });

  it("a path through a scalar finds nothing there, so the key is required", () => {
    const issue = { code: "invalid_type", expected: "string", path: ["a", "b"], message: "x", input: undefined };
    expect(formatIssue(issue as unknown as Parameters<typeof formatIssue>[0], { a: 3 })).toEqual([
      { path: ["a", "b"], message: "is required" },
    ]);
  });

  it("an issue it has no wording for keeps zod's message", () => {
    const custom = z.object({ c: z.string().refine(() => false, "must name a real thing") });
    expect(messages(custom, { c: "x" })).toEqual(["c: must name a real thing"]);
  });

  it("an unknown key with no known keys to compare gets no suggestion", () => {
    expect(messages(z.strictObject({ name: z.string() }), { name: "x", nmae: 1 })).toEqual([
      'nmae: unknown key "nmae"',
    ]);
    expect(messages(z.strictObject({ name: z.string() }), { name: "x", nmae: 1 }, () => ["name"])).toEqual([
      'nmae: unknown key "nmae"; did you mean "name"?',
    ]);
  });
});

describe("knownKeysAt: the keys allowed where an unknown key was written", () => {
  const check = z.discriminatedUnion("type", [
    z.strictObject({ type: z.literal("env"), names: z.array(z.string()) }),
    z.strictObject({ type: z.literal("http"), url: z.string(), timeout: z.string().optional() }),
  ]);
  const schema = z.strictObject({
    version: z.literal(1),
    checks: z.array(check).optional(),
    envs: z.record(z.string(), z.strictObject({ file: z.string(), mode: z.string().default("x") })).optional(),
    piped: z
      .strictObject({ inner: z.string() })
      .transform((v) => v)
      .optional(),
  });

  it("at the top and through optional, default and pipe wrappers", () => {
    expect(knownKeysAt(schema, {}, [])).toEqual(["version", "checks", "envs", "piped"]);
    expect(knownKeysAt(schema, { piped: {} }, ["piped"])).toEqual(["inner"]);
  });

  it("in a list item of a discriminated union, by the type the item names", () => {
    const data = { checks: [{ type: "http", urll: "x" }] };
    expect(knownKeysAt(schema, data, ["checks", 0])).toEqual(["type", "url", "timeout"]);
    const env = { checks: [{ type: "env" }] };
    expect(knownKeysAt(schema, env, ["checks", 0])).toEqual(["type", "names"]);
  });

  it("every option's keys when the type names none of them", () => {
    expect(knownKeysAt(schema, { checks: [{ type: "nope" }] }, ["checks", 0])).toEqual([
      "type",
      "names",
      "url",
      "timeout",
    ]);
    expect(knownKeysAt(schema, { checks: ["scalar"] }, ["checks", 0])).toEqual(["type", "names", "url", "timeout"]);
  });

  it("in a record's value", () => {
    expect(knownKeysAt(schema, { envs: { a: {} } }, ["envs", "a"])).toEqual(["file", "mode"]);
  });

  it("nothing below a scalar or a key the schema lacks", () => {
    expect(knownKeysAt(schema, { version: 1 }, ["version"])).toEqual([]);
    expect(knownKeysAt(schema, {}, ["nope", "deeper"])).toEqual([]);
    expect(knownKeysAt(schema, "text", ["checks", "x"])).toEqual([]);
  });

  it("follows a union's options by key when no value says which", () => {
    const u = z.object({ a: z.union([z.object({ x: z.object({ p: z.string() }) }), z.object({ y: z.string() })]) });
    expect(knownKeysAt(u, {}, ["a", "x"])).toEqual(["p"]);
  });
});

describe("the loader's own errors", () => {
  it("a config that is a scalar or a list is no mapping", () => {
    for (const text of ["just text\n", "- a\n- b\n", "3\n"]) {
      const e = userError(() => parseConfig(text, "c.yml"));
      expect(e.message).toBe("the config must be a mapping with at least `version: 1`");
      expect(e.line).toBe(1);
    }
  });

  it("an empty config", () => {
    expect(userError(() => parseConfig("", "c.yml")).message).toBe(
      "the config is empty: it needs at least `version: 1`",
    );
  });

  it("a problem below a scalar points at the scalar's key line", () => {
    const e = userError(() => parseConfig("version: 1\nchecklist: 3\n", "c.yml"));
    expect(e.line).toBe(2);
    expect(e.path).toBe("checklist");
  });

  it("a problem in a list item past the list's end points at the list", () => {
    const lineOf = (path: readonly PropertyKey[]) => (path.length ? 7 : undefined);
    const e = userError(() => validateConfig({ version: 2 }, "c.yml", lineOf));
    expect(e.line).toBe(7);
  });

  it("__proto__ is refused as a key, with the environment wording under environments", () => {
    const e = userError(() => parseConfig('version: 1\nx:\n  "__proto__": 1\n', "c.yml"));
    const all = [e.message, ...e.problems.map((p) => p.message)];
    expect(all).toContain('"__proto__" cannot be a key; choose another name');
    const env = userError(() => parseConfig('version: 1\nenvironments:\n  "__proto__": {}\n', "c.yml"));
    expect([env.message, ...env.problems.map((p) => p.message)]).toContain(
      "an environment cannot be named __proto__, constructor or prototype; choose another name",
    );
  });

  it("a problem inside an aliased mapping points at the key that holds the alias", () => {
    const aliased = userError(() => parseConfig("version: 1\nx: &x {a: 1}\nchecklist: *x\n", "c.yml"));
    expect(aliased.problems.map((p) => `${p.line} ${p.path}: ${p.message}`)).toEqual([
      '2 x: unknown key "x"',
      "3 checklist.items: is required",
      '3 checklist.a: unknown key "a"',
    ]);
  });

  it("without lines, problems keep the schema's order", () => {
    const e = userError(() => validateConfig({ version: 2, bogus: 1 }, "c.yml"));
    expect(e.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      "version: number 2 is not allowed (expected 1)",
      'bogus: unknown key "bogus"',
    ]);
    expect(e.problems.every((p) => p.line === undefined)).toBe(true);
  });

  it("an alias error names the alias that has no anchor, not one that resolves", () => {
    const e = userError(() => parseConfig("version: 1\nx: &x 1\nchecklist: *x\nenvironments: *missing\n", "c.yml"));
    expect(e.message).toBe("YAML alias error: *missing has no anchor before it; define &missing above it");
    expect(e.line).toBe(4);
  });

  it("an alias with no anchor names itself and its line", () => {
    const e = userError(() => parseConfig("version: 1\nchecklist: *missing\n", "c.yml"));
    expect(e.message).toBe("YAML alias error: *missing has no anchor before it; define &missing above it");
    expect(e.line).toBe(2);
  });

  it("aliases that expand too far are refused", () => {
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 6; i++)
      lines.push(
        `${"b".repeat(i)}: &${"b".repeat(i)} [${Array(10)
          .fill(i === 1 ? "*a" : `*${"b".repeat(i - 1)}`)
          .join(", ")}]`,
      );
    const e = userError(() => parseConfig(`${lines.join("\n")}\n`, "c.yml"));
    expect(e.message).toBe(
      "YAML alias error: the aliases expand to too much data (a guard against resource exhaustion); write the values out instead",
    );
    expect(e.line).toBeGreaterThan(1);
  });

  it("a config path that cannot be read says why", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cov-config-"));
    await expect(loadConfig(dir, "shown.yml")).rejects.toThrow(
      "cannot read it (EISDIR); create it with at least `version: 1`, or point --config at it",
    );
    await expect(loadConfig(join(dir, "none.yml"), "shown.yml")).rejects.toThrow(
      "no such file; create it with at least `version: 1`, or point --config at it",
    );
  });
});

describe("repository paths", () => {
  const repo = mkdtempSync(join(tmpdir(), "cov-repo-"));
  const outsideDir = mkdtempSync(join(tmpdir(), "cov-out-"));
  writeFileSync(join(repo, "a.txt"), "hello");
  mkdirSync(join(repo, "dir"));
  writeFileSync(join(outsideDir, "secret"), "s");
  symlinkSync(join(outsideDir, "secret"), join(repo, "link-out"));
  symlinkSync("a.txt", join(repo, "link-in"));
  execFileSync("mkfifo", [join(repo, "fifo")]);

  const refused = async (promise: Promise<unknown>): Promise<RepoPathError> => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RepoPathError);
    return error as RepoPathError;
  };

  it("reads a file, also through a symlink that stays inside", async () => {
    expect(await readRepoText(repo, "a.txt")).toBe("hello");
    expect(await readRepoText(repo, "link-in")).toBe("hello");
    expect((await repoEntry(repo, "dir")).kind).toBe("directory");
  });

  it("refuses '..', absolute paths and symlinks out", async () => {
    for (const file of ["../x", outsideDir, "link-out"]) {
      const e = await refused(resolveInRepo(repo, file));
      expect(e.reason).toBe("outside");
      expect(e.message).toBe(
        `${file} leads outside the repository (an absolute path, ".." or a symlink out); every path the config names must stay inside the repository`,
      );
    }
  });

  it("a missing path, or one below a file, is not in the checkout", async () => {
    const missing = await refused(readRepoFile(repo, "none.txt"));
    expect([missing.message, missing.reason, missing.code]).toEqual([
      "none.txt is not in the checkout",
      "missing",
      "ENOENT",
    ]);
    const below = await refused(readRepoFile(repo, "a.txt/x"));
    expect([below.message, below.code]).toEqual(["a.txt/x is not in the checkout", "ENOTDIR"]);
  });

  it("refuses a FIFO and a directory before reading", async () => {
    const fifo = await refused(readRepoFile(repo, "fifo"));
    expect(fifo.message).toBe(
      "fifo is a named pipe (FIFO); only regular files, directories and symlinks to them inside the repository are read",
    );
    const dir = await refused(readRepoFile(repo, "dir"));
    expect(dir.message).toBe(
      "dir is a directory, not a file; only regular files, directories and symlinks to them inside the repository are read",
    );
  });

  it("openRegular checks the kind again on the open descriptor", async () => {
    const dir = await refused(openRegular(join(repo, "dir"), "dir"));
    expect(dir.reason).toBe("special");
    expect(dir.message).toMatch(/^dir is a directory, not a file;/);
    const fifo = await refused(openRegular(join(repo, "fifo"), "fifo"));
    expect(fifo.message).toMatch(/^fifo is a named pipe \(FIFO\);/);
    const gone = await refused(openRegular(join(repo, "none"), "none"));
    expect(gone.reason).toBe("missing");
  });

  it("a size check that refuses becomes a read error naming the file", async () => {
    const e = await refused(
      readRepoFile(repo, "a.txt", (size) => {
        throw new Error(`too big: ${size} bytes`);
      }),
    );
    expect([e.message, e.reason, e.code]).toEqual(["a.txt cannot be read (too big: 5 bytes)", "unreadable", undefined]);
  });

  it("names sockets, devices and other kinds", () => {
    const kind = (k: string) => ({
      isFIFO: () => k === "fifo",
      isSocket: () => k === "socket",
      isCharacterDevice: () => k === "char",
      isBlockDevice: () => k === "block",
      isFile: () => k === "file",
      isDirectory: () => k === "dir",
    });
    const name = (k: string) => specialKind(kind(k) as unknown as Parameters<typeof specialKind>[0]);
    expect(["fifo", "socket", "char", "block", "other", "file", "dir"].map(name)).toEqual([
      "a named pipe (FIFO)",
      "a socket",
      "a device",
      "a device",
      "not a regular file",
      undefined,
      undefined,
    ]);
  });

  it("a repository that is no git checkout is its own root", async () => {
    expect(await resolveInRepo(repo, "a.txt")).toMatch(/a\.txt$/);
  });
});
