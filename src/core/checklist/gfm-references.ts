/**
 * Link reference definitions (CommonMark 4.7) at the start of a paragraph's text. They matter to
 * the task scan in one place: cmark resolves them when a setext underline follows, and a
 * paragraph that held nothing else is no heading then: the underline stays text, and the lines
 * after it are read as the paragraph's (cmark's blocks.c, `resolve_reference_link_definitions`).
 * Returns where the definitions end (0 when the text does not start with one).
 */
export function referenceDefinitionsEnd(text: string): number {
  let at = 0;
  for (;;) {
    const end = definitionEnd(text, at);
    if (end === undefined) return at;
    at = end;
  }
}

const isSpace = (c: string | undefined) => c === " " || c === "\t";
const isLineEnd = (c: string | undefined) => c === "\n" || c === "\r";

/** Spaces and tabs, then at most one line ending, then spaces and tabs. */
function skipWhitespace(text: string, at: number): { at: number; lines: number } {
  let lines = 0;
  while (isSpace(text[at])) at++;
  if (isLineEnd(text[at])) {
    at += text[at] === "\r" && text[at + 1] === "\n" ? 2 : 1;
    lines++;
    while (isSpace(text[at])) at++;
  }
  return { at, lines };
}

/** The end of the line at `at` when only spaces and tabs remain on it, else undefined. */
function lineRestBlank(text: string, at: number): number | undefined {
  while (isSpace(text[at])) at++;
  if (at >= text.length) return at;
  if (!isLineEnd(text[at])) return undefined;
  return at + (text[at] === "\r" && text[at + 1] === "\n" ? 2 : 1);
}

function definitionEnd(text: string, start: number): number | undefined {
  let at = start;
  for (let n = 0; n < 3 && text[at] === " "; n++) at++;
  if (text[at] !== "[") return undefined;
  // The label: up to 999 characters, no unescaped brackets, something besides white space.
  let label = 0;
  let content = false;
  at++;
  for (;;) {
    const c = text[at];
    if (c === undefined || c === "[" || label > 999) return undefined;
    if (c === "]") break;
    if (c === "\\" && at + 1 < text.length && !isLineEnd(text[at + 1])) {
      at += 2;
      label += 2;
      content = true;
      continue;
    }
    if (!isSpace(c) && !isLineEnd(c)) content = true;
    at++;
    label++;
  }
  if (!content || text[at + 1] !== ":") return undefined;
  at = skipWhitespace(text, at + 2).at;
  // The destination: <...> on one line, or a run without spaces or controls, parentheses balanced.
  const destStart = at;
  if (text[at] === "<") {
    at++;
    while (text[at] !== ">") {
      const c = text[at];
      if (c === undefined || c === "<" || isLineEnd(c)) return undefined;
      at += c === "\\" && at + 1 < text.length ? 2 : 1;
    }
    at++;
  } else {
    let depth = 0;
    while (at < text.length) {
      const c = text[at];
      if (c <= " " || c === "\x7f") break;
      if (c === "\\" && at + 1 < text.length && text[at + 1] > " ") {
        at += 2;
        continue;
      }
      if (c === "(" && ++depth > 32) return undefined;
      if (c === ")" && --depth < 0) break;
      at++;
    }
    if (at === destStart || depth !== 0) return undefined;
  }
  const afterDestination = lineRestBlank(text, at);
  // An optional title, separated from the destination by white space.
  const gap = skipWhitespace(text, at);
  const open = text[gap.at];
  if (gap.at > at && (open === '"' || open === "'" || open === "(")) {
    const close = open === "(" ? ")" : open;
    let t = gap.at + 1;
    let closed = false;
    while (t < text.length) {
      const c = text[t];
      if (c === "\\" && t + 1 < text.length) {
        t += 2;
        continue;
      }
      if (c === close) {
        closed = true;
        break;
      }
      if (open === "(" && c === "(") break;
      // A title may span lines, but not a blank one.
      if (isLineEnd(c) && lineRestBlank(text, t + (c === "\r" && text[t + 1] === "\n" ? 2 : 1)) !== undefined) {
        const next = t + (c === "\r" && text[t + 1] === "\n" ? 2 : 1);
        if (lineRestBlank(text, next) === next || next >= text.length) break;
      }
      t++;
    }
    if (closed) {
      const end = lineRestBlank(text, t + 1);
      if (end !== undefined) return end;
    }
  }
  // Without a title, the definition ends with its destination's line.
  return afterDestination;
}
