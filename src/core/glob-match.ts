import { RE2JS } from "re2js";

/**
 * Globs of the config (`inputs`, checklist `paths` and `branches`, `files`, `manifests`, `allow`),
 * matched in time linear in the path: each glob becomes an RE2 expression. picomatch's own
 * expressions backtrack, and a glob with many stars took seconds on a 40-character name.
 *
 * The syntax is picomatch's with dot files matched: `*` and `?` within a segment, `**` as a whole
 * segment (any number of segments), `[abc]`, `[a-z]`, `[!abc]` / `[^abc]`, `{a,b}` (nested too),
 * and `\` to quote the next character. Paths are repository-relative and normalised (no `.` or
 * `..` segment, no empty one), which is what lets the translation do without lookaround.
 */

export class GlobError extends Error {}

/** Characters that mean something to RE2, quoted when a glob uses them literally. */
const RE2_SPECIAL = /[\\^$.|?*+()[\]{}]/g;
const quote = (text: string) => text.replace(RE2_SPECIAL, "\\$&");

// A star within a segment; a leading globstar with its slash (any number of whole segments, none
// included); a globstar between two slashes.
const STAR = "[^/]*";
const ANY_DIRS = "(?:.*/)?";
const SOME_DIRS = `(?:/${ANY_DIRS}|$)`;

/** Extglobs and negation are picomatch features this matcher does not offer: refuse, never guess. */
const UNSUPPORTED: Record<string, string> = {
  "(": "groups and extglobs such as @(a|b) are not supported; use {a,b}, or quote it as \\(",
  ")": "groups and extglobs such as @(a|b) are not supported; use {a,b}, or quote it as \\)",
  "|": "`|` is not supported; use {a,b}, or quote it as \\|",
  "}": "`}` closes no `{`; quote it as \\}",
};

/** One `[...]` class from `start` (its `[`): the RE2 class and the index after its `]`. */
function translateClass(glob: string, start: number): { source: string; end: number } {
  let i = start + 1;
  let negated = false;
  if (glob[i] === "!" || glob[i] === "^") {
    negated = true;
    i++;
  }
  let body = "";
  for (let first = true; i < glob.length; first = false) {
    const c = glob[i];
    if (c === "]" && !first) {
      return { source: negated ? `[^/${body}]` : `[${body}]`, end: i + 1 };
    }
    if (c === "/") throw new GlobError("a bracket expression cannot match `/`");
    if (c === "[" && glob[i + 1] === ":") throw new GlobError("POSIX classes such as [[:alpha:]] are not supported");
    if (c === "\\") {
      if (i + 1 >= glob.length) break;
      body += glob[i + 1] === "-" ? "\\-" : quote(glob[i + 1]);
      i += 2;
      continue;
    }
    body += quote(c);
    i++;
  }
  throw new GlobError("a `[` has no closing `]`");
}

/** The RE2 source of `glob`, anchored at both ends. Throws a GlobError for what it cannot translate. */
export function globSource(glob: string): string {
  let i = 0;
  while (glob.startsWith("./", i)) i += 2;
  if (glob[i] === "!") throw new GlobError("negation (a leading `!`) is not supported; list what to match instead");
  let out = "";
  // Per open `{`: how many commas it has seen so far.
  const braces: number[] = [];
  while (i < glob.length) {
    const c = glob[i];
    const atSegmentStart = i === 0 || glob[i - 1] === "/";
    if (c === "*" && glob[i + 1] === "*") {
      const end = i + 2;
      if (!atSegmentStart || (end < glob.length && glob[end] !== "/")) {
        throw new GlobError("`**` must be a whole path segment (write **/*.ts, not **.ts)");
      }
      // `**/**` means what one `**` means.
      if (out.endsWith(SOME_DIRS)) out = `${out.slice(0, -SOME_DIRS.length)}/`;
      else if (out.endsWith(`/${ANY_DIRS}`)) out = out.slice(0, -ANY_DIRS.length);
      else if (out === ANY_DIRS) out = "";
      if (end < glob.length) {
        // As picomatch, `a/**/b` may also end right after `a`, which only a `b` that can be empty
        // uses, and never one starting with `*` (picomatch's star there needs a character).
        const mayEnd = glob[end + 1] !== "*";
        if (!out.endsWith("/")) out = ANY_DIRS;
        else out = `${out.slice(0, -1)}${mayEnd ? SOME_DIRS : `/${ANY_DIRS}`}`;
        i = end + 1;
        continue;
      }
      i = end;
      // `dir/**` matches dir itself and everything below it, but (as picomatch) `dir*/**` needs
      // something below; `**` alone matches every path.
      if (out.endsWith(`${STAR}/`)) out += ".*";
      else if (out.endsWith("/")) out = `${out.slice(0, -1)}(?:/.*)?`;
      else out += ".*";
      continue;
    }
    if (c === "*") {
      out += STAR;
      i++;
    } else if (c === "?") {
      out += "[^/]";
      i++;
    } else if (c === "[") {
      const cls = translateClass(glob, i);
      out += cls.source;
      i = cls.end;
    } else if (c === "{") {
      braces.push(0);
      out += "(?:";
      i++;
    } else if (c === "," && braces.length) {
      braces[braces.length - 1]++;
      out += "|";
      i++;
    } else if (c === "}" && braces.length) {
      if (braces.pop() === 0)
        throw new GlobError("a `{...}` needs a comma, as in {a,b}; ranges such as {1..3} are not supported");
      out += ")";
      i++;
    } else if (c === "." && glob[i + 1] === "." && braces.length) {
      throw new GlobError("`..` inside {...} reads as a range, and ranges such as {1..3} are not supported");
    } else if (c === "\\") {
      if (i + 1 >= glob.length) throw new GlobError("a glob cannot end with `\\`");
      out += quote(glob[i + 1]);
      i += 2;
    } else if (UNSUPPORTED[c]) {
      throw new GlobError(UNSUPPORTED[c]);
    } else {
      out += quote(c);
      i++;
    }
  }
  if (braces.length) throw new GlobError("a `{` has no closing `}`");
  return `^${out}$`;
}

/**
 * A whole-path test from RE2 source such as globSource's, for callers that wrap a glob in more
 * expression (CODEOWNERS' any-depth and directory rules). A GlobError when RE2 refuses it.
 */
export function sourceTest(source: string): (path: string) => boolean {
  let re: RE2JS;
  try {
    re = RE2JS.compile(source, RE2JS.DOTALL);
  } catch (error) {
    throw new GlobError((error as Error).message.replace(/^error parsing regexp: /, ""));
  }
  return (path) => re.testExact(path);
}

/** Has no wildcard: the glob names one path. */
const isLiteral = (glob: string) => !/[*?[{\\]/.test(glob);

/** A literal directory, any depth below it, and a literal ending of the name (all `.go` under `src`). */
const UNDER_BY_ENDING = /^(?:(.+)\/)?\*\*\/\*([^*?[\]{}\\/]+)$/;

/**
 * One glob as a test. The common shapes (a plain path, a whole directory, every `.ext` below one)
 * are string tests; the rest runs RE2 after a cheap check of the literal start and end, since RE2
 * in JavaScript costs a few microseconds a path and fingerprinting matches every path of the
 * repository.
 */
export function compileGlob(glob: string): (path: string) => boolean {
  const source = globSource(glob);
  const plain = glob.replace(/^(?:\.\/)+/, "");
  if (isLiteral(plain)) return (path) => path === plain;
  const dir = plain.endsWith("/**") ? plain.slice(0, -3) : undefined;
  if (dir && isLiteral(dir)) {
    const prefix = `${dir}/`;
    return (path) => path === dir || path.startsWith(prefix);
  }
  const shape = UNDER_BY_ENDING.exec(plain);
  if (shape && (shape[1] === undefined || isLiteral(shape[1]))) {
    const prefix = shape[1] === undefined ? "" : `${shape[1]}/`;
    const ending = shape[2];
    return (path) => path.length >= prefix.length + ending.length && path.startsWith(prefix) && path.endsWith(ending);
  }
  const test = sourceTest(source);
  const first = plain.search(/[*?[{\\]/);
  const last = Math.max(...[..."*?[]{}\\"].map((c) => plain.lastIndexOf(c)));
  // Next to a globstar the slash is optional (`a/**` matches `a`, `**/c` matches `c`).
  const start = plain.slice(0, first).replace(/\/$/, plain.startsWith("**", first) ? "" : "/");
  const end = plain.slice(last + 1).replace(/^\//, plain.startsWith("**", last - 1) ? "" : "/");
  return (path) => path.startsWith(start) && path.endsWith(end) && test(path);
}

/** True when any of the globs matches. */
export function anyGlob(globs: readonly string[]): (path: string) => boolean {
  const tests = globs.map(compileGlob);
  return (path) => tests.some((test) => test(path));
}

/** The leading directories of a glob that hold no wildcard: where a walk for it can start ("" for the root). */
export function globBase(glob: string): string {
  const segments = glob.replace(/^(?:\.\/)+/, "").split("/");
  const fixed: string[] = [];
  for (const segment of segments.slice(0, -1)) {
    if (!isLiteral(segment)) break;
    fixed.push(segment);
  }
  return fixed.join("/");
}
