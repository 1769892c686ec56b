import fc from "fast-check";
import ignore from "ignore";
import nock from "nock";
import { ProbotOctokit } from "probot";
import { describe, expect, it } from "vitest";
import {
  CODEOWNERS_MAX_BYTES,
  codeownersPaths,
  compilePattern,
  loadCodeowners,
  parseCodeowners,
  patternSource,
} from "../src/core/codeowners.js";
import { sourceTest } from "../src/core/glob-match.js";
import { fileAt } from "../src/github/contents.js";
import { explainErrors } from "../src/github/explain-errors.js";
import { createOctokit } from "../src/github/octokit.js";
import { teamMembership } from "../src/github/team-membership.js";

const API = "https://api.github.com";

// Written from the behaviour GitHub's "About code owners" page documents, line by line.
const EXAMPLE = `# Everything, unless a later line says otherwise.
*              @Global-A @global-b

# By ending, at any depth; a comment may follow the owners.
*.js           @js-owner   # the front end
*.go           go-owner@example.com
*.txt          @octo-org/writers

# Any logs directory, then the root build/logs more precisely.
**/logs        @any-logs
/build/logs/   @build-logs

# Files directly in the root docs directory only.
docs/*         docs-owner@example.com

# An apps directory anywhere.
apps/          @apps-owner

# The root apps directory, except its github subdirectory, which nobody owns.
/apps/         @root-apps
/apps/github
`;

const ownersOf = (text: string, path: string) =>
  parseCodeowners(text)
    .ownersOf(path)
    .map((o) => o.text);

describe("CODEOWNERS as GitHub documents it", () => {
  it("the documented example: the last matching line decides each file", () => {
    const file = parseCodeowners(EXAMPLE);
    expect(file.errors).toEqual([]);
    const cases: [string, string[]][] = [
      ["README.md", ["@Global-A", "@global-b"]],
      ["lib/deep/x.js", ["@js-owner"]],
      ["cmd/main.go", ["go-owner@example.com"]],
      ["a/b/c.txt", ["@octo-org/writers"]],
      ["scripts/logs/run.sh", ["@any-logs"]],
      ["build/logs", ["@any-logs"]],
      ["build/logs/a/b.log", ["@build-logs"]],
      ["docs/getting-started.md", ["docs-owner@example.com"]],
      ["docs/build-app/troubleshooting.md", ["@Global-A", "@global-b"]],
      ["nested/docs/x.md", ["@Global-A", "@global-b"]],
      ["web/apps/index.js", ["@apps-owner"]],
      ["apps", ["@Global-A", "@global-b"]],
      ["apps/main.js", ["@root-apps"]],
      ["apps/github/x.js", []],
    ];
    expect(cases.map(([path]) => [path, file.ownersOf(path).map((o) => o.text)])).toEqual(cases);
    expect(file.ruleFor("apps/github/x.js")).toMatchObject({ line: 21, pattern: "/apps/github", owners: [] });
    expect(file.ruleFor("README.md")?.line).toBe(2);
  });

  it("owners are users, teams and emails", () => {
    const [rule] = parseCodeowners("* @Alice @acme/Web-Team bob@example.com").rules;
    expect(rule.owners).toEqual([
      { kind: "user", login: "Alice", text: "@Alice" },
      { kind: "team", org: "acme", slug: "Web-Team", text: "@acme/Web-Team" },
      { kind: "email", email: "bob@example.com", text: "bob@example.com" },
    ]);
  });

  it("a later, broader line wins over an earlier, narrower one", () => {
    expect(ownersOf("/src/ @src\n* @everyone", "src/a.ts")).toEqual(["@everyone"]);
    expect(ownersOf("* @a\n*.js @b\n/src/ @c", "src/x.js")).toEqual(["@c"]);
    expect(ownersOf("* @a\n*.js @b\n/src/ @c", "lib/x.js")).toEqual(["@b"]);
  });

  it("no matching line, and an un-owning line, both leave a file without owners", () => {
    const file = parseCodeowners("/src/ @src\n/src/generated/\n");
    expect(file.ownersOf("README.md")).toEqual([]);
    expect(file.ruleFor("README.md")).toBeUndefined();
    expect(file.ownersOf("src/generated/api.ts")).toEqual([]);
    expect(file.ruleFor("src/generated/api.ts")?.line).toBe(2);
    expect(ownersOf("/src/ @src\n/src/generated/\n", "src/main.ts")).toEqual(["@src"]);
  });

  // pattern, then paths it matches, then paths it does not.
  const PATTERNS: [string, string[], string[]][] = [
    ["foo", ["foo", "foo/bar", "bar/foo", "bar/foo/baz"], ["foo.txt", "bar/foo.txt", "food"]],
    ["/foo", ["foo", "foo/bar", "foo/bar/baz"], ["bar/foo", "fool"]],
    ["foo/", ["foo/bar", "bar/foo/baz", "foo/bar/baz"], ["foo", "bar/foo"]],
    ["/foo/", ["foo/bar", "foo/bar/baz"], ["foo", "bar/foo/baz"]],
    ["foo/bar", ["foo/bar", "foo/bar/baz"], ["x/foo/bar", "foo/bart"]],
    ["foo/bar/", ["foo/bar/baz"], ["foo/bar", "x/foo/bar/baz"]],
    ["*", ["foo", "foo/bar", "a/b/c"], []],
    ["/*", ["foo", "bar.md"], ["foo/bar"]],
    ["f*", ["foo", "foo/bar", "bar/foo"], ["bar/baz", "xfoo"]],
    ["/f*", ["foo", "foo/bar"], ["bar/foo", "xfoo"]],
    ["f*/", ["foo/bar", "bar/foo/baz"], ["foo", "bar/foo"]],
    ["/*/", ["foo/bar", "a/b/c"], ["foo"]],
    ["docs/*", ["docs/a.md"], ["docs/a/b.md", "docs", "x/docs/a.md"]],
    ["docs/*.md", ["docs/a.md"], ["docs/a/b.md", "x/docs/a.md", "docs/a.txt"]],
    ["docs/*/api", ["docs/v1/api", "docs/v1/api/x.md"], ["docs/api", "docs/v1/v2/api"]],
    ["*.js", ["a.js", "a/b.js", "a.js/x"], ["a.jsx", "a/b.ts"]],
    ["f?o", ["foo", "x/fxo"], ["fo", "fooo", "f/o"]],
    ["**/foo/bar", ["foo/bar", "x/foo/bar", "x/y/foo/bar/baz"], ["foo/x/bar"]],
    ["**/logs", ["logs", "build/logs", "a/b/logs/c.log"], ["logsx", "a/catalogs"]],
    ["foo/**", ["foo/bar", "foo/bar/baz"], ["foo", "x/foo/bar"]],
    ["foo/**/bar", ["foo/bar", "foo/x/bar", "foo/x/y/bar/z"], ["x/foo/bar", "foo/barx"]],
    ["foo/**/", ["foo/bar/baz", "foo/a/b/c"], ["foo", "foo/bar"]],
    ["**", ["a", "a/b"], []],
    ["foo**bar", ["foobar", "fooXbar", "x/fooXbar"], ["foo/bar"]],
    ["a\\*b", ["a*b"], ["axb"]],
    ["a\\?b", ["a?b"], ["axb"]],
    ["foo\\ bar.txt", ["foo bar.txt", "x/foo bar.txt"], ["foo"]],
    ["\\[x\\]", ["[x]"], ["x"]],
    ["{a,b}.js", ["{a,b}.js"], ["a.js", "b.js"]],
    ["a+(b).js", ["a+(b).js"], ["ab.js"]],
  ];

  it.each(PATTERNS)("`%s` matches %j and not %j", (pattern, yes, no) => {
    const matches = compilePattern(pattern);
    if (typeof matches === "string") throw new Error(matches);
    expect(yes.filter((p) => !matches(p))).toEqual([]);
    expect(no.filter((p) => matches(p))).toEqual([]);
  });

  it("paths are case-sensitive, owners' names are not", () => {
    expect(ownersOf(EXAMPLE, "Docs/a.md")).toEqual(["@Global-A", "@global-b"]);
    expect(ownersOf(EXAMPLE, "LIB/X.JS")).toEqual(["@Global-A", "@global-b"]);
    expect(ownersOf(EXAMPLE, "lib/x.js")).toEqual(["@js-owner"]);
  });

  it("lines GitHub cannot read are skipped and reported with their number; the rest still apply", () => {
    const file = parseCodeowners(
      [
        "*.js @ok",
        "!*.js @negated",
        "*.[ch] @c-owner",
        "\\#notes @hash",
        "src/ not-an-owner",
        "src/ @acme/web/extra",
        "src/ @",
        "trailing\\",
        "/ @root",
        "*.md @docs",
        "   # an indented comment",
        "",
        "\r",
      ].join("\n"),
    );
    expect(file.errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(file.errors[0].message).toContain("negation");
    expect(file.errors[1].message).toContain("`[ ]`");
    expect(file.errors[2].message).toContain("`#`");
    expect(file.errors[3].message).toContain("`not-an-owner` is not an owner");
    expect(file.errors[4].message).toContain("not a team");
    expect(file.rules.map((r) => r.line)).toEqual([1, 10]);
    expect(file.ownersOf("a/b.js").map((o) => o.text)).toEqual(["@ok"]);
    expect(file.ownersOf("a.c")).toEqual([]);
    expect(file.ownersOf("README.md").map((o) => o.text)).toEqual(["@docs"]);
  });

  it("CRLF files read as LF ones", () => {
    expect(ownersOf("* @a\r\n/src/ @b\r\n", "src/x")).toEqual(["@b"]);
  });
});

describe("CODEOWNERS matching is gitignore's where GitHub does not say otherwise, and always linear", () => {
  const CHARS = ["a", "b", ".", "-"];
  const segment = fc
    .array(fc.constantFrom(...CHARS), { minLength: 1, maxLength: 3 })
    .map((cs) => cs.join(""))
    .filter((s) => s !== "." && s !== "..");
  const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((ss) => ss.join("/"));
  const patternSegment = fc.oneof(
    { weight: 4, arbitrary: fc.array(fc.constantFrom(...CHARS, "*", "?"), { minLength: 1, maxLength: 3 }) },
    { weight: 1, arbitrary: fc.constant(["**"]) },
  );
  const pattern = fc
    .tuple(fc.boolean(), fc.array(patternSegment, { minLength: 1, maxLength: 3 }), fc.boolean())
    .map(([lead, segs, trail]) => `${lead ? "/" : ""}${segs.map((s) => s.join("")).join("/")}${trail ? "/" : ""}`)
    .filter((p) => p !== "/" && !/(^|\/)\.\.?(\/|$)/.test(p));
  /** GitHub's documented exception: an anchored last segment of just `*` takes no subdirectory. */
  const childrenOnly = (p: string) => !p.endsWith("/") && /\//.test(p) && /(^|\/)\*$/.test(p);

  it("agrees with the gitignore reference (the `ignore` package) on random patterns and paths", () => {
    fc.assert(
      fc.property(
        pattern.filter((p) => !childrenOnly(p)),
        fc.array(path, { minLength: 1, maxLength: 6 }),
        (p, paths) => {
          const ours = compilePattern(p);
          if (typeof ours === "string") throw new Error(`${p}: ${ours}`);
          const reference = ignore().add(p);
          for (const file of paths) expect([p, file, ours(file)]).toEqual([p, file, reference.ignores(file)]);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("the string-test shapes mean what the RE2 expression means", () => {
    fc.assert(
      fc.property(pattern, fc.array(path, { minLength: 1, maxLength: 6 }), (p, paths) => {
        const fast = compilePattern(p);
        if (typeof fast === "string") throw new Error(`${p}: ${fast}`);
        const slow = sourceTest(patternSource(p)!);
        for (const file of paths) expect([p, file, fast(file)]).toEqual([p, file, slow(file)]);
      }),
      { numRuns: 3000 },
    );
  });

  it("any text parses without throwing, and any path gets an answer", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 80 }), (text, file) => {
        const parsed = parseCodeowners(text);
        expect(Array.isArray(parsed.ownersOf(file))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("hostile patterns (many stars and globstars) against long paths complete on the RE2 layer", () => {
    const hostile = [
      `${"*a".repeat(40)}*b`,
      `${"**/".repeat(30)}*a*a*a*a*b`,
      `/${"*/".repeat(30)}x`,
      `${"?".repeat(200)}*`,
    ];
    const file = parseCodeowners(hostile.map((p) => `${p} @x`).join("\n"));
    expect(file.errors).toEqual([]);
    const long = `${"a/".repeat(60)}${"a".repeat(150)}`;
    for (const rule of file.rules) expect(rule.matches(long)).toBe(false);
    expect(file.rules[0].matches(`${"a".repeat(300)}b`)).toBe(true);
  });

  it("random star-heavy patterns never throw, on long paths too (they run on RE2, never a backtracking regex)", () => {
    const piece = fc.constantFrom("*", "**", "*a", "a*", "?", "/", "**/", "\\*", "a", "{", "(", "#", "!");
    // Not starting with `#`, which makes the line a comment.
    const hostile = fc
      .array(piece, { minLength: 1, maxLength: 120 })
      .map((ps) => ps.join(""))
      .filter((p) => !p.startsWith("#"));
    const long = fc
      .tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 300 }), fc.constantFrom("", "b", "/b"))
      .map(([depth, width, tail]) => `${"a/".repeat(depth)}${"a".repeat(width)}${tail}`);
    fc.assert(
      fc.property(hostile, fc.array(long, { minLength: 1, maxLength: 4 }), (p, paths) => {
        const file = parseCodeowners(`${p} @x`);
        expect(file.rules.length + file.errors.length).toBe(1);
        for (const path of paths) expect(typeof file.ruleFor(path)).toMatch(/^(object|undefined)$/);
      }),
      { numRuns: 500 },
    );
  });
});

describe("where CODEOWNERS is read from", () => {
  const reader = (files: Record<string, string>, asked: string[]) => async (p: string) => {
    asked.push(p);
    return files[p];
  };

  it("GitHub's order: .github/, then the root, then docs/; the first found is the only one used", async () => {
    expect(codeownersPaths).toEqual([".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"]);
    const asked: string[] = [];
    const all = { ".github/CODEOWNERS": "* @dot-github", CODEOWNERS: "* @root", "docs/CODEOWNERS": "* @docs" };
    const found = await loadCodeowners(reader(all, asked));
    expect([found?.path, found?.ownersOf("x")[0].text, asked]).toEqual([
      ".github/CODEOWNERS",
      "@dot-github",
      [".github/CODEOWNERS"],
    ]);
    const rootAndDocs = await loadCodeowners(reader({ CODEOWNERS: "* @root", "docs/CODEOWNERS": "* @docs" }, []));
    expect(rootAndDocs?.path).toBe("CODEOWNERS");
    expect((await loadCodeowners(reader({ "docs/CODEOWNERS": "* @docs" }, [])))?.path).toBe("docs/CODEOWNERS");
    const none: string[] = [];
    expect(await loadCodeowners(reader({}, none))).toBeUndefined();
    expect(none).toEqual(codeownersPaths);
  });

  it("a file of 3 MB or more gives no owners and says so, and the next location is not used", async () => {
    const big = `* @big\n${"#".repeat(CODEOWNERS_MAX_BYTES)}`;
    const found = await loadCodeowners(reader({ ".github/CODEOWNERS": big, CODEOWNERS: "* @root" }, []));
    expect(found?.path).toBe(".github/CODEOWNERS");
    expect(found?.rules).toEqual([]);
    expect(found?.ownersOf("x")).toEqual([]);
    expect(found?.errors[0].message).toContain("GitHub ignores a CODEOWNERS file of 3 MB or more");
    const under = await loadCodeowners(reader({ CODEOWNERS: `* @ok\n${"#".repeat(CODEOWNERS_MAX_BYTES - 10)}` }, []));
    expect(under?.ownersOf("x")[0].text).toBe("@ok");
  });

  it("read through the contents API at the base commit, never the head", async () => {
    const base = "b".repeat(40);
    nock(API)
      .get("/repos/acme/web/contents/.github%2FCODEOWNERS")
      .query({ ref: base })
      .reply(404, { message: "Not Found" })
      .get("/repos/acme/web/contents/CODEOWNERS")
      .query({ ref: base })
      .reply(200, "/infra/ @acme/ops\n");
    const api = createOctokit({ token: "t", retries: 0 });
    const found = await loadCodeowners((p) => fileAt(api, { owner: "acme", repo: "web" }, p, base));
    expect(found?.ownersOf("infra/main.tf").map((o) => o.text)).toEqual(["@acme/ops"]);
  });
});

describe("team membership", () => {
  const membership = (org: string, team: string, user: string) => `/orgs/${org}/teams/${team}/memberships/${user}`;

  it("an active membership counts; a pending one and a 404 do not; each is asked once per cache", async () => {
    nock(API)
      .get(membership("acme", "web", "alice"))
      .reply(200, { state: "active", role: "member" })
      .get(membership("acme", "web", "bob"))
      .reply(200, { state: "pending", role: "member" })
      .get(membership("acme", "web", "carol"))
      .reply(404, { message: "Not Found" });
    const isMember = teamMembership(createOctokit({ token: "t", retries: 0 }));
    expect(await isMember("acme", "web", "alice")).toBe(true);
    expect(await isMember("acme", "web", "bob")).toBe(false);
    expect(await isMember("acme", "web", "carol")).toBe(false);
    // Answered from the cache: nock has no interceptor left, so a request would fail.
    expect(await isMember("ACME", "Web", "Alice")).toBe(true);
    expect(await isMember("acme", "web", "carol")).toBe(false);
  });

  it("a refusal names the `members: read` permission; a 500 throws: neither is read as 'not a member'", async () => {
    const AppOctokit = ProbotOctokit.plugin(explainErrors("app"));
    const app = new AppOctokit({ auth: "t", retry: { enabled: false }, throttle: { enabled: false } });
    nock(API)
      .get(membership("acme", "web", "alice"))
      .reply(403, { message: "Resource not accessible by integration" })
      .get(membership("acme", "ops", "alice"))
      .reply(500, { message: "boom" })
      .get(membership("acme", "ops", "alice"))
      .reply(200, { state: "active" });
    const isMember = teamMembership(app);
    const refused = await isMember("acme", "web", "alice").catch((e) => e);
    expect(refused.status).toBe(403);
    expect(refused.message).toContain("the app lacks `members: read`");
    await expect(isMember("acme", "ops", "alice")).rejects.toMatchObject({ status: 500 });
    // A failure is not remembered: the next event's question goes to GitHub again.
    expect(await isMember("acme", "ops", "alice")).toBe(true);
  });
});
