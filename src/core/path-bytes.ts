import { isUtf8 } from "node:buffer";
import { join, sep } from "node:path";

/**
 * File names are bytes, JavaScript strings are UTF-16. A name that is valid UTF-8 decodes as
 * usual; each byte of one that is not becomes the lone surrogate U+DC00+byte (Python's
 * "surrogateescape"), which decoding valid UTF-8 never yields. So every name has exactly one
 * string, globs still match its readable parts, and `nameBytes` gives the bytes back.
 */
export function decodeNames(bytes: Buffer): string {
  if (isUtf8(bytes)) return bytes.toString("utf8");
  let out = "";
  let start = 0;
  for (let i = 0; i < bytes.length; ) {
    if (bytes[i] < 0x80) i++;
    else {
      const length = sequenceLength(bytes, i);
      if (length) i += length;
      else {
        out += bytes.toString("utf8", start, i) + String.fromCharCode(0xdc00 + bytes[i]);
        start = ++i;
      }
    }
  }
  return out + bytes.toString("utf8", start);
}

const continuation = (b: number | undefined) => b !== undefined && b >= 0x80 && b <= 0xbf;

/** The length of the well-formed UTF-8 sequence at `i` (Unicode table 3-7), 0 when there is none. */
function sequenceLength(bytes: Buffer, i: number): number {
  const lead = bytes[i];
  const next = bytes[i + 1] ?? -1;
  if (lead >= 0xc2 && lead <= 0xdf) return continuation(next) ? 2 : 0;
  if (lead >= 0xe0 && lead <= 0xef) {
    const low = lead === 0xe0 ? 0xa0 : 0x80;
    const high = lead === 0xed ? 0x9f : 0xbf;
    return next >= low && next <= high && continuation(bytes[i + 2]) ? 3 : 0;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    const low = lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xf4 ? 0x8f : 0xbf;
    return next >= low && next <= high && continuation(bytes[i + 2]) && continuation(bytes[i + 3]) ? 4 : 0;
  }
  return 0;
}

/** A byte that was not UTF-8, as `decodeNames` wrote it: a low surrogate with no high one before it. */
const ESCAPED_BYTE = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/;

/** Walks a decoded name: `text` for each run of real characters, `byte` for each escaped byte. */
function eachPart(name: string, text: (run: string) => void, byte: (b: number) => void): void {
  let start = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) i++;
    else if (c >= 0xdc80 && c <= 0xdcff) {
      if (i > start) text(name.slice(start, i));
      byte(c - 0xdc00);
      start = i + 1;
    }
  }
  if (start < name.length) text(name.slice(start));
}

/** The bytes of a name `decodeNames` produced (any other string: its UTF-8). */
export function nameBytes(name: string): Buffer {
  if (!ESCAPED_BYTE.test(name)) return Buffer.from(name);
  const parts: Buffer[] = [];
  eachPart(
    name,
    (run) => parts.push(Buffer.from(run)),
    (b) => parts.push(Buffer.of(b)),
  );
  return Buffer.concat(parts);
}

/** Control characters, `"` and `\`: what git escapes inside a quoted name. */
const ESCAPED_CHAR = `[${String.fromCharCode(0)}-${String.fromCharCode(0x1f)}${String.fromCharCode(0x7f)}"\\\\]`;
const NEEDS_QUOTES = new RegExp(`${ESCAPED_CHAR}|${ESCAPED_BYTE.source}`);
const ESCAPED_CHARS = new RegExp(ESCAPED_CHAR, "g");
const C_ESCAPES: Record<string, string> = {
  "\x07": "\\a",
  "\b": "\\b",
  "\t": "\\t",
  "\n": "\\n",
  "\v": "\\v",
  "\f": "\\f",
  "\r": "\\r",
  '"': '\\"',
  "\\": "\\\\",
};
const octal = (b: number) => `\\${b.toString(8).padStart(3, "0")}`;

/**
 * A name as text and JSON show it: as is, or C-quoted the way git quotes names (`"caf\351.c"`)
 * when it holds a byte that is not UTF-8, a control character, a quote or a backslash. One name,
 * one spelling, and no two names share one. git's `--stdin-paths` readers take the same form.
 */
export function quoteName(name: string): string {
  if (!NEEDS_QUOTES.test(name)) return name;
  let out = '"';
  eachPart(
    name,
    (run) => {
      out += run.replace(ESCAPED_CHARS, (c) => C_ESCAPES[c] ?? octal(c.charCodeAt(0)));
    },
    (b) => {
      out += octal(b);
    },
  );
  return `${out}"`;
}

/** Whether a name can go to git as a command-line argument: Node passes arguments as UTF-8. */
export const isTextName = (name: string): boolean => !ESCAPED_BYTE.test(name);

/** Where a name from git's listing is on disk: a string path when it can be one, else bytes. */
export const repoFsPath = (repo: string, name: string): string | Buffer =>
  isTextName(name) ? join(repo, name) : Buffer.concat([Buffer.from(join(repo, sep)), nameBytes(name)]);
