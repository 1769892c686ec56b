import { globSource, sourceTest } from "./glob-match.js";

/**
 * CODEOWNERS as GitHub reads it (docs: "About code owners"): a gitignore-style pattern, then its
 * owners; the last matching line decides a file's owners; a line with a pattern and no owners
 * leaves the files it matches without an owner. GitHub skips a line it cannot read and uses the
 * rest, so this does too, and reports the line. Patterns run on the RE2 glob layer: a pattern
 * cannot make matching slow, whoever wrote it.
 *
 * Where CODEOWNERS differs from gitignore, GitHub's word is followed: `!` (negation) and `[ ]`
 * (character ranges) do not work, and neither does `\#` to start a pattern with `#`; such lines
 * are reported and skipped rather than read as gitignore would. Paths are case-sensitive (GitHub's
 * file system is); logins and team names are not.
 */

export type Owner =
  | { kind: "user"; login: string; text: string }
  | { kind: "team"; org: string; slug: string; text: string }
  | { kind: "email"; email: string; text: string };

export interface CodeownersRule {
  /** 1-based, as an editor shows it. */
  line: number;
  pattern: string;
  /** Empty for a line that un-owns what it matches. */
  owners: readonly Owner[];
  matches: (path: string) => boolean;
}

export interface CodeownersError {
  /** 1-based; 0 for the file as a whole. */
  line: number;
  message: string;
}

export interface Codeowners {
  /** Where the file was found (a `codeownersPaths` entry); "" when parsed from text alone. */
  path: string;
  rules: readonly CodeownersRule[];
  /** Lines skipped, each with why; GitHub skips the same lines. */
  errors: readonly CodeownersError[];
  /** The rule that decides `path`'s owners: the last one matching it. */
  ruleFor(path: string): CodeownersRule | undefined;
  /** `path`'s owners; empty when no rule matches or the deciding rule has no owners. */
  ownersOf(path: string): readonly Owner[];
}

// GitHub's logins: letters, digits and hyphens (underscores for managed users), at most 39.
const LOGIN = /^[A-Za-z0-9_-]{1,39}$/;
const ORG = /^[A-Za-z0-9_-]{1,39}$/;
const TEAM_SLUG = /^[A-Za-z0-9_.-]{1,100}$/;

/** One owner token, or the reason it is none. */
function parseOwner(token: string): Owner | string {
  if (token.startsWith("@")) {
    const name = token.slice(1);
    const slash = name.indexOf("/");
    if (slash < 0)
      return LOGIN.test(name) ? { kind: "user", login: name, text: token } : `\`${token}\` is not a username`;
    const org = name.slice(0, slash);
    const slug = name.slice(slash + 1);
    return ORG.test(org) && TEAM_SLUG.test(slug)
      ? { kind: "team", org, slug, text: token }
      : `\`${token}\` is not a team: write @org/team-name`;
  }
  const at = token.indexOf("@");
  if (at > 0 && at === token.lastIndexOf("@") && at < token.length - 1 && !token.includes("\\")) {
    return { kind: "email", email: token, text: token };
  }
  return `\`${token}\` is not an owner: write @username, @org/team-name or an email address`;
}

/** A line's tokens, split on unquoted blanks; a `\` keeps the next character in its token. */
function tokens(line: string): string[] | string {
  const out: string[] = [];
  let current = "";
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "\\") {
      if (i + 1 >= line.length) return "a line cannot end with `\\`";
      current += c + line[i + 1];
      i++;
    } else if (c === " " || c === "\t") {
      if (current) out.push(current);
      current = "";
    } else {
      current += c;
    }
  }
  if (current) out.push(current);
  return out;
}

/** Characters the glob layer reads as syntax and gitignore takes literally. */
const LITERAL_IN_GITIGNORE = new Set(["{", "}", "(", ")", "|", ","]);

interface Translated {
  /** The pattern as a glob of the glob layer, without the leading and trailing `/`. */
  glob: string;
  /** A leading or inner `/` ties the pattern to the root; otherwise it matches at any depth. */
  anchored: boolean;
  /** A trailing `/` (or `/**`) matches what is inside a directory, never a file of that name. */
  directory: boolean;
  /**
   * A last segment of just `*` (`docs/*`) matches the files directly in that directory, not
   * deeper ones: GitHub documents it so, where gitignore would take the whole subdirectory.
   */
  childrenOnly: boolean;
}

/** A CODEOWNERS pattern in the glob layer's syntax, or the reason GitHub does not accept it. */
function translate(pattern: string): Translated | string {
  if (pattern.startsWith("!")) return "`!` (negation) does not work in CODEOWNERS; list what to own instead";
  if (pattern.startsWith("\\#")) return "a pattern cannot start with `#` in CODEOWNERS, escaped or not";
  let body = pattern;
  const leadingSlash = body.startsWith("/");
  if (leadingSlash) body = body.slice(1);
  let directory = false;
  if (body.endsWith("/") && !body.endsWith("\\/")) {
    directory = true;
    body = body.slice(0, -1);
  }
  let glob = "";
  let inner = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === "\\") {
      glob += c + body[i + 1];
      i++;
    } else if (c === "[" || c === "]") {
      return "`[ ]` (character ranges) do not work in CODEOWNERS; quote a literal bracket as `\\[`";
    } else if (c === "*") {
      let end = i;
      while (body[end] === "*") end++;
      const whole = (i === 0 || body[i - 1] === "/") && (end === body.length || body[end] === "/");
      // As in gitignore, `**` is special only as a whole segment; elsewhere stars are one star.
      glob += end - i >= 2 && whole ? "**" : "*";
      i = end - 1;
    } else {
      if (c === "/") inner = true;
      glob += LITERAL_IN_GITIGNORE.has(c) ? `\\${c}` : c;
    }
  }
  if (glob === "") return "the pattern matches nothing";
  // `**/**` means what one `**` means.
  const segments = glob.split("/");
  glob = segments.filter((s, i) => !(s === "**" && segments[i - 1] === "**")).join("/");
  if (glob.endsWith("/**")) {
    // `dir/**` is everything inside dir (not a file named dir); `dir/**/`, every directory inside
    // it, so not the files directly in dir.
    if (directory) glob += "/*";
    else glob = glob.slice(0, -3);
    directory = true;
  }
  const anchored = leadingSlash || inner;
  const childrenOnly = anchored && !directory && glob.slice(glob.lastIndexOf("/") + 1) === "*";
  return { glob, anchored, directory, childrenOnly };
}

const isLiteral = (glob: string) => !/[*?\\]/.test(glob);
/** `*` then a literal ending, at any depth: `*.js`, and `*` alone. */
const ANY_ENDING = /^\*([^*?\\/]*)$/;

/**
 * The RE2 source of a translated pattern: gitignore matches a path when it matches the path or
 * any directory above it, so what follows the glob may be the rest of the path.
 */
function source({ glob, anchored, directory, childrenOnly }: Translated): string {
  const body = globSource(glob).slice(1, -1);
  const below = directory ? "/.*" : childrenOnly ? "" : "(?:/.*)?";
  return `^${anchored ? "" : "(?:.*/)?"}${body}${below}$`;
}

/**
 * A pattern as a test on repository-relative paths, or the reason it is none. The shapes most
 * files use (a path, a directory, a name anywhere, `*.ext`, `dir/*`) are string tests; the rest
 * is RE2.
 */
export function compilePattern(pattern: string): ((path: string) => boolean) | string {
  const t = translate(pattern);
  if (typeof t === "string") return t;
  const { glob, anchored, directory, childrenOnly } = t;
  const parent = childrenOnly ? glob.slice(0, -1) : "";
  if (childrenOnly && isLiteral(parent)) {
    return (p) => p.length > parent.length && p.startsWith(parent) && !p.includes("/", parent.length);
  }
  if (isLiteral(glob)) {
    const under = `${glob}/`;
    if (anchored) return directory ? (p) => p.startsWith(under) : (p) => p === glob || p.startsWith(under);
    const inside = `/${under}`;
    const last = `/${glob}`;
    return directory
      ? (p) => p.startsWith(under) || p.includes(inside)
      : (p) => p === glob || p.startsWith(under) || p.includes(inside) || p.endsWith(last);
  }
  const ending = ANY_ENDING.exec(glob);
  if (ending && !anchored) {
    const end = `${ending[1]}/`;
    return directory ? (p) => p.includes(end) : (p) => `${p}/`.includes(end);
  }
  try {
    return sourceTest(source(t));
  } catch (error) {
    return (error as Error).message;
  }
}

/** The RE2 source a pattern runs as (the string-test shapes mean the same); for tests and debugging. */
export function patternSource(pattern: string): string | undefined {
  const t = translate(pattern);
  return typeof t === "string" ? undefined : source(t);
}

/** One line that is not blank or a comment: its rule, or why GitHub would skip it. */
function readLine(trimmed: string): Omit<CodeownersRule, "line"> | string {
  const split = tokens(trimmed);
  if (typeof split === "string") return split;
  const [pattern, ...rest] = split;
  const comment = rest.findIndex((t) => t.startsWith("#"));
  const owners: Owner[] = [];
  for (const token of comment < 0 ? rest : rest.slice(0, comment)) {
    const owner = parseOwner(token);
    if (typeof owner === "string") return owner;
    owners.push(owner);
  }
  const matches = compilePattern(pattern);
  if (typeof matches === "string") return `\`${pattern}\`: ${matches}`;
  return { pattern, owners, matches };
}

/** Parses CODEOWNERS text. Never throws: unreadable lines are skipped and listed in `errors`. */
export function parseCodeowners(text: string, path = ""): Codeowners {
  const rules: CodeownersRule[] = [];
  const errors: CodeownersError[] = [];
  text.split(/\r\n|\n|\r/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("#")) return;
    const read = readLine(trimmed);
    if (typeof read === "string") errors.push({ line, message: read });
    else rules.push({ line, ...read });
  });
  const ruleFor = (file: string) => {
    const p = file.replace(/^\/+/, "");
    for (let i = rules.length - 1; i >= 0; i--) if (rules[i].matches(p)) return rules[i];
    return undefined;
  };
  return { path, rules, errors, ruleFor, ownersOf: (file) => ruleFor(file)?.owners ?? [] };
}

/** Where GitHub looks for CODEOWNERS on a branch, in its order: the first one found is the only one used. */
export const codeownersPaths: readonly string[] = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"];

/** GitHub does not load a CODEOWNERS file of 3 MB or more. */
export const CODEOWNERS_MAX_BYTES = 3 * 1024 * 1024;

/**
 * The CODEOWNERS of a branch, through `read` (a file's text at the BASE branch's commit, never the
 * PR's head: the PR's author must not choose who owns what), or undefined when there is none.
 * A file GitHub would not load for its size gives no rules and an error saying so, as GitHub then
 * has no code owners either (it does not go on to the next location).
 */
export async function loadCodeowners(
  read: (path: string) => Promise<string | undefined>,
): Promise<Codeowners | undefined> {
  for (const path of codeownersPaths) {
    const text = await read(path);
    if (text === undefined) continue;
    const bytes = Buffer.byteLength(text, "utf8");
    if (bytes >= CODEOWNERS_MAX_BYTES) {
      const message = `${path} is ${Math.round(bytes / 1024 / 1024)} MB, and GitHub ignores a CODEOWNERS file of 3 MB or more: no file has code owners until it is smaller`;
      return { ...parseCodeowners("", path), errors: [{ line: 0, message }] };
    }
    return parseCodeowners(text, path);
  }
  return undefined;
}

export type IsTeamMember = (org: string, teamSlug: string, login: string) => Promise<boolean>;
