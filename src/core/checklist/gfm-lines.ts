// Line-level recognisers of GFM block starts, as cmark-gfm (GitHub's parser) scans them. Each takes
// the text `s`, a position `p` in it and the end of the line `end` (the line ending is not in it)
// and returns how many characters matched (0 for no match). Past `end` the line reads as "\n".

export const NL = 10;
const TAB = 9;
const SPACE = 32;

/** The character code at `p`, with the line's end reading as a newline and past it as 0. */
export const codeAt = (s: string, p: number, end: number): number =>
  p < end ? s.charCodeAt(p) || 0xfffd : p === end ? NL : 0;

export const isSpaceOrTab = (c: number) => c === SPACE || c === TAB;
/** cmark's `cmark_isspace`: space, \t, \n, \v, \f, \r. */
export const isSpace = (c: number) => c === SPACE || (c >= 9 && c <= 13);
/** The extensions' `spacechar`: space, \t, \v, \f. */
const isExtSpace = (c: number) => c === SPACE || c === TAB || c === 11 || c === 12;
const isDigit = (c: number) => c >= 48 && c <= 57;

/** `###` heading start: 1-6 `#` then a space, a tab or the line's end. */
export function atxHeading(s: string, p: number, end: number): number {
  let n = 0;
  while (n < 7 && codeAt(s, p + n, end) === 35) n++;
  if (n === 0 || n > 6) return 0;
  const c = codeAt(s, p + n, end);
  if (c === NL) return n + 1;
  if (!isSpaceOrTab(c)) return 0;
  while (isSpaceOrTab(codeAt(s, p + n, end))) n++;
  return n;
}

/** An opening fence: 3+ backticks (no backtick after them on the line) or 3+ tildes. */
export function openFence(s: string, p: number, end: number): number {
  const c = codeAt(s, p, end);
  if (c !== 96 && c !== 126) return 0;
  let n = 0;
  while (codeAt(s, p + n, end) === c) n++;
  if (n < 3) return 0;
  if (c === 96 && s.slice(p + n, end).includes("`")) return 0;
  return n;
}

/** A closing fence of `fence` characters: the run's length, when only spaces and tabs follow it. */
export function closeFence(s: string, p: number, end: number, fence: number): number {
  let n = 0;
  while (codeAt(s, p + n, end) === fence) n++;
  if (n < 3) return 0;
  for (let q = p + n; q < end; q++) if (!isSpaceOrTab(s.charCodeAt(q))) return 0;
  return n;
}

/** A setext underline (`===` or `---`, trailing spaces allowed). */
export function setextLine(s: string, p: number, end: number): boolean {
  const c = codeAt(s, p, end);
  if (c !== 61 && c !== 45) return false;
  let q = p;
  while (codeAt(s, q, end) === c) q++;
  while (isSpaceOrTab(codeAt(s, q, end))) q++;
  return q >= end;
}

/**
 * A thematic break (3+ of one of `*`, `-`, `_`, only spaces and tabs between): -1, or else where the
 * scan stopped, so that a later try on the same line from before that point is known to fail too
 * (cmark's `thematic_break_kill_pos`; without it `- - - ... [ ] a` would be rescanned per level).
 */
export function thematicBreak(s: string, p: number, end: number): number {
  const c = codeAt(s, p, end);
  if (c !== 42 && c !== 45 && c !== 95) return p;
  let count = 1;
  let q = p + 1;
  for (; q < end; q++) {
    const d = s.charCodeAt(q);
    if (d === c) count++;
    else if (!isSpaceOrTab(d)) break;
  }
  return count >= 3 && q === end ? -1 : q;
}

/** A footnote definition's label: `[^label]:` and the spaces after it. */
export function footnoteDefinition(s: string, p: number, end: number): number {
  if (codeAt(s, p, end) !== 91 || codeAt(s, p + 1, end) !== 94) return 0;
  let q = p + 2;
  while (q < end && !"] \t".includes(s[q])) q++;
  if (q === p + 2 || codeAt(s, q, end) !== 93 || codeAt(s, q + 1, end) !== 58) return 0;
  q += 2;
  while (isSpaceOrTab(codeAt(s, q, end))) q++;
  return q - p;
}

// HTML block starts (CommonMark 0.29, as the pinned cmark-gfm has them).
const TYPE1 = /^<(?:script|pre|style)(?:[ \t\v\f>]|$)/i;
const BLOCK_TAGS =
  "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h1|h2|h3|h4|h5|h6|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|section|source|title|summary|table|tbody|td|tfoot|th|thead|tr|track|ul";
const TYPE6 = new RegExp(`^</?(?:${BLOCK_TAGS})(?:[ \\t\\v\\f]|/?>|$)`, "i");
const ATTRIBUTE = `[ \\t\\v\\f]+[a-zA-Z_:][a-zA-Z0-9:._-]*(?:[ \\t\\v\\f]*=[ \\t\\v\\f]*(?:[^ \\t\\v\\f"'=<>\`\\x00]+|'[^'\\x00]*'|"[^"\\x00]*"))?`;
// A whole open or closing tag, then only blanks to the line's end; lines never hold \r or \n here.
const TYPE7 = new RegExp(
  `^<(?:[A-Za-z][A-Za-z0-9-]*(?:${ATTRIBUTE})*[ \\t\\v\\f]*/?>|/[A-Za-z][A-Za-z0-9-]*[ \\t\\v\\f]*>)[\\t\\f ]*$`,
);

/** The HTML block type (1-7) starting at `p`, or 0; type 7 only where it may (not in a paragraph). */
export function htmlBlockStart(s: string, p: number, end: number, allow7: boolean): number {
  if (codeAt(s, p, end) !== 60) return 0;
  const line = s.slice(p, end);
  if (TYPE1.test(line)) return 1;
  if (line.startsWith("<!--")) return 2;
  if (line.startsWith("<?")) return 3;
  if (line.length > 2 && line[1] === "!" && line.charCodeAt(2) >= 65 && line.charCodeAt(2) <= 90) return 4;
  if (line.startsWith("<![CDATA[")) return 5;
  if (TYPE6.test(line)) return 6;
  return allow7 && TYPE7.test(line) ? 7 : 0;
}

const HTML_ENDS: Record<number, RegExp> = {
  1: /<\/(?:script|pre|style)>/i,
  2: /-->/,
  3: /\?>/,
  4: />/,
  5: /\]\]>/,
};

/** Whether the rest of the line closes an HTML block of `type` (types 6 and 7 end at a blank line). */
export const htmlBlockEnds = (s: string, p: number, end: number, type: number): boolean =>
  HTML_ENDS[type]?.test(s.slice(p, end)) ?? false;

export interface ListMarker {
  /** Characters of the marker (`-`, `10.`). */
  length: number;
  ordered: boolean;
  /** The bullet or the delimiter (`.` or `)`). */
  char: number;
}

/** A list item marker at `p`. One that would interrupt a paragraph must be followed by content (and be `1`). */
function followedByContent(s: string, q: number, end: number): boolean {
  while (isSpaceOrTab(codeAt(s, q, end))) q++;
  return codeAt(s, q, end) !== NL;
}

export function listMarker(s: string, p: number, end: number, interruptsParagraph: boolean): ListMarker | undefined {
  const c = codeAt(s, p, end);
  if (c === 42 || c === 45 || c === 43) {
    if (!isSpace(codeAt(s, p + 1, end))) return undefined;
    if (interruptsParagraph && !followedByContent(s, p + 1, end)) return undefined;
    return { length: 1, ordered: false, char: c };
  }
  if (!isDigit(c)) return undefined;
  let n = 0;
  let start = 0;
  do {
    start = start * 10 + codeAt(s, p + n, end) - 48;
    n++;
  } while (n < 9 && isDigit(codeAt(s, p + n, end)));
  if (interruptsParagraph && start !== 1) return undefined;
  const d = codeAt(s, p + n, end);
  if (d !== 46 && d !== 41) return undefined;
  if (!isSpace(codeAt(s, p + n + 1, end))) return undefined;
  if (interruptsParagraph && !followedByContent(s, p + n + 1, end)) return undefined;
  return { length: n + 1, ordered: true, char: d };
}

/** A task box at `p`: `[ ]`, `[x]` or `[X]`, followed by a space, tab, \v or \f. */
export function taskBox(s: string, p: number, end: number): boolean | undefined {
  if (codeAt(s, p, end) !== 91 || codeAt(s, p + 2, end) !== 93 || !isExtSpace(codeAt(s, p + 3, end))) return undefined;
  const mark = codeAt(s, p + 1, end);
  return mark === SPACE ? false : mark === 120 || mark === 88 ? true : undefined;
}

// GFM tables. Cells are split at pipes not escaped by a backslash.
const ESCAPABLE = "|!\"#$%&'()*+,./:;<=>?@[\\]^_`{}~-";
const TABLE_MARKER = /^[ \t\v\f]*:?-+:?[ \t\v\f]*$/;

/** The number of cells of the table row `row.slice(from, to)` (no line ending), or 0 when it is none. */
export function rowCells(row: string, from = 0, to = row.length): number {
  let q = from;
  const skipPipe = () => {
    if (q >= to || row.charCodeAt(q) !== 124) return false;
    q++;
    while (q < to && isExtSpace(row.charCodeAt(q))) q++;
    return true;
  };
  skipPipe();
  let cells = 0;
  while (q < to) {
    const start = q;
    while (q < to && row.charCodeAt(q) !== 124)
      q += row[q] === "\\" && q + 1 < to && ESCAPABLE.includes(row[q + 1]) ? 2 : 1;
    const cell = q > start;
    const piped = skipPipe();
    if (cell || piped) cells++;
    if (!piped) break;
  }
  return cells;
}

/** The number of columns of a delimiter row (`| --- | :-: |`), or 0 when the line is none. */
export function delimiterRow(s: string, p: number, end: number): number {
  let line = s.slice(p, end).replace(/[ \t\v\f]+$/, "");
  if (line.startsWith("|")) line = line.slice(1);
  if (line.endsWith("|")) line = line.slice(0, -1);
  const parts = line.split("|");
  return parts.every((part) => TABLE_MARKER.test(part)) ? parts.length : 0;
}
