import fc from "fast-check";
import picomatch from "picomatch";
import { describe, expect, it } from "vitest";
import { compileGlob, GlobError, globBase } from "../src/core/glob-match.js";

// Characters of the generated names: a few letters and the punctuation paths carry.
const CHARS = ["a", "b", "c", ".", "-", "_"];
const char = fc.constantFrom(...CHARS);
const segment = fc
  .array(char, { minLength: 1, maxLength: 4 })
  .map((cs) => cs.join(""))
  .filter((s) => s !== "." && s !== "..");
const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((ss) => ss.join("/"));

const cls = fc
  .tuple(fc.boolean(), fc.uniqueArray(fc.constantFrom("a", "b", "c", "a-c", ".", "-"), { minLength: 1, maxLength: 3 }))
  .map(([negated, members]) => {
    // A `-` member last, so it stays a literal rather than a range between its neighbours.
    const body = members.filter((m) => m !== "-").join("") + (members.includes("-") ? "-" : "");
    return `[${negated ? "^" : ""}${body}]`;
  });
const atom: fc.Arbitrary<string> = fc.letrec<{ atom: string; brace: string }>((tie) => ({
  atom: fc.oneof(
    { weight: 5, arbitrary: char },
    { weight: 3, arbitrary: fc.constant("*") },
    { weight: 1, arbitrary: fc.constant("?") },
    { weight: 1, arbitrary: cls },
    { weight: 1, arbitrary: tie("brace") },
  ),
  brace: fc
    .array(
      fc.array(tie("atom"), { maxLength: 3 }).map((as) => as.join("")),
      { minLength: 2, maxLength: 3 },
    )
    .map((alternatives) => `{${alternatives.join(",")}}`),
})).atom;
const globSegment = fc.oneof(
  { weight: 1, arbitrary: fc.constant("**") },
  {
    weight: 4,
    arbitrary: fc
      .array(atom, { minLength: 1, maxLength: 4 })
      .map((as) => as.join(""))
      .filter((s) => !s.includes("**")),
  },
);
// `..` is refused in a segment (the schema) and inside braces (it reads as a range). A `.*` ending
// the glob or next to braces is left out: there picomatch's star after a dot sometimes refuses to
// end the path (`*.*` and `{a.*,b}` refuse "a.", `?.*` accepts "a."); the shell, and this matcher,
// accept it.
const glob = fc
  .array(globSegment, { minLength: 1, maxLength: 4 })
  .map((ss) => ss.join("/"))
  .filter((g) => !g.includes("..") && !/\{.*\.\*|\.\*.*\{|\.\*$/.test(g));

// The shapes compileGlob answers without RE2: a whole directory, every name ending so below one.
const literal = fc.array(segment, { minLength: 1, maxLength: 2 }).map((ss) => ss.join("/"));
const shortcut = fc.oneof(
  literal.map((dir) => `${dir}/**`),
  fc
    .tuple(fc.option(literal), fc.array(char, { minLength: 1, maxLength: 3 }))
    .map(([dir, ending]) => `${dir === null ? "" : `${dir}/`}**/*${ending.join("")}`),
);

/** A path the glob matches, built from it, so the property sees matches and not only misses. */
const near = (g: string) =>
  g
    .replace(/\*\*/g, "a/b")
    .replace(/\[\^?([^\]]*)\]/g, (_, body: string) => (body.startsWith("-") ? "-" : body[0]))
    .replace(/[*?]/g, "a")
    .replace(/\{([^{}]*?),[^{}]*\}/g, "$1");

describe("globs match in linear time, as picomatch does", () => {
  it("agrees with picomatch (dot: true) on random globs and paths of the supported syntax", () => {
    fc.assert(
      fc.property(fc.oneof(glob, shortcut), fc.array(path, { maxLength: 6 }), (g, paths) => {
        const ours = compileGlob(g);
        const theirs = picomatch(g, { dot: true });
        for (const p of [...paths, near(g)]) {
          if (p.split("/").some((s) => s === "" || s === "." || s === "..")) continue;
          expect([g, p, ours(p)]).toEqual([g, p, theirs(p)]);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("a glob with many stars against a 120-character name answers at once (picomatch backtracks: see the note)", () => {
    const many = `**/${"*a".repeat(12)}*b*`;
    expect(compileGlob(many)("a".repeat(120))).toBe(false);
    expect(compileGlob(many)(`x/${"a".repeat(118)}b`)).toBe(true);
  });

  it("refuses what it does not translate, with the fix in the message", () => {
    const refused = (g: string) => {
      try {
        compileGlob(g);
      } catch (error) {
        expect(error).toBeInstanceOf(GlobError);
        return (error as Error).message;
      }
      throw new Error(`${g} was accepted`);
    };
    expect(refused("src/**.ts")).toContain("whole path segment");
    expect(refused("!src/**")).toContain("negation");
    expect(refused("+(a|b)")).toContain("extglobs");
    expect(refused("{1..3}")).toContain("ranges");
    expect(refused("{a..c,d}")).toContain("ranges");
    expect(refused("src/[a")).toContain("closing `]`");
    expect(refused("src/{a,b")).toContain("closing `}`");
    expect(refused("[[:alpha:]]")).toContain("POSIX");
    expect(refused("[a/b]")).toContain("`/`");
  });

  it("`[!a]` negates the class, as in the shell (picomatch with dot: true takes the `!` literally)", () => {
    expect(compileGlob("x[!a]")("xb")).toBe(true);
    expect(compileGlob("x[!a]")("xa")).toBe(false);
  });

  it("quoted characters are literal; the common shapes skip the expression and mean the same", () => {
    expect(compileGlob("a\\*b")("a*b")).toBe(true);
    expect(compileGlob("a\\*b")("axb")).toBe(false);
    expect(compileGlob("./src/x.ts")("src/x.ts")).toBe(true);
    const dir = compileGlob("src/**");
    expect(["src", "src/a", "src/.a/b", "srcx"].map(dir)).toEqual([true, true, true, false]);
  });

  it("globBase names the directories a walk can start from", () => {
    expect(["k8s/*.yaml", "k8s/app/deploy.yaml", "**/x.yaml", "a/{b,c}/d", "x"].map(globBase)).toEqual([
      "k8s",
      "k8s/app",
      "",
      "a",
      "",
    ]);
  });
});
