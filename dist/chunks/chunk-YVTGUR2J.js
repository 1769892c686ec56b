import { createRequire as __gateRequire } from "node:module"; const require = __gateRequire(import.meta.url);
import {
  firstWhere
} from "./chunk-YIBPZSQ5.js";
import {
  anyGlob
} from "./chunk-ESZZZHL2.js";

// src/core/checklist/applies.ts
function firstMatch(globs, files) {
  const isMatch = anyGlob(globs);
  return files.find((file) => isMatch(file));
}
function applicableItems(checklist, change) {
  const out = [];
  for (const item of checklist.items) {
    const reasons = [];
    if (item.paths) {
      const file = firstMatch(item.paths, change.files);
      if (file) reasons.push(`the change touches \`${file}\``);
    }
    if (item.labels) {
      const label = change.labels?.find((l) => item.labels.includes(l));
      if (label) reasons.push(`the PR has the label \`${label}\``);
    }
    const conditional = Boolean(item.paths || item.labels);
    if (conditional && reasons.length === 0) continue;
    out.push({
      id: item.id,
      text: item.text,
      optional: item.optional ?? false,
      ...item.waivable ? { waivable: true } : {},
      ...conditional ? { reason: `applies because ${reasons[0]}` } : {}
    });
  }
  return out;
}
var labelOnlyItems = (checklist) => checklist.items.filter((i) => i.labels && !i.paths).map((i) => i.id);
var branchApplies = (checklist, base) => !checklist.branches || anyGlob(checklist.branches)(base);

// src/core/checklist/state-codec.ts
import { createHmac, timingSafeEqual } from "node:crypto";
var MARKER = "<!-- deploy-gate:checklist -->";
var STATE_RE = /<!-- deploy-gate:state ([A-Za-z0-9_-]+)(?:\.([A-Za-z0-9_-]+))? -->/;
var sign = (payload, key) => createHmac("sha256", key).update(payload).digest("base64url");
function encodeState(state, key) {
  const payload = Buffer.from(JSON.stringify(state)).toString("base64url");
  return `<!-- deploy-gate:state ${payload}${key ? `.${sign(payload, key)}` : ""} -->`;
}
var hasMarker = (body) => Boolean(body?.includes(MARKER));
var belongs = (state, target) => !target || typeof state.repo === "string" && state.repo.toLowerCase() === target.repo.toLowerCase() && state.pr === target.pr;
function decodeState(body, key, target) {
  const match = body ? STATE_RE.exec(body) : null;
  if (!match) return void 0;
  const [, payload, signature] = match;
  if (key) {
    const expected = Buffer.from(sign(payload, key));
    const given = Buffer.from(signature ?? "");
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return void 0;
  }
  try {
    const state = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    return state?.v === 1 && Array.isArray(state.items) && belongs(state, target) ? { ...state, body: state.body ?? [], notes: [] } : void 0;
  } catch {
    return void 0;
  }
}
var STATE_LINE_RE = new RegExp(`^${STATE_RE.source}$`);

// src/core/checklist/render.ts
var when = (iso) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
var DETAIL_PREFIX = "  <sub>";
var NOTE_PREFIX = "> \u26A0\uFE0F ";
var OVERRIDE_PREFIX = "> \u{1F6A8} ";
var reasonText = (reason) => reason.replace(/\s+/g, " ").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
function details(item) {
  const parts = [
    item.tick ? `ticked by @${item.tick.by} at ${when(item.tick.at)}` : void 0,
    item.waiver ? `waived by @${item.waiver.by} at ${when(item.waiver.at)}: ${reasonText(item.waiver.reason)}` : void 0,
    item.optional ? "optional" : void 0,
    item.reason
  ].filter(Boolean);
  return parts.length ? `${DETAIL_PREFIX}${parts.join(" \xB7 ")}</sub>` : void 0;
}
function whoMayTick(state) {
  const author = state.tickers.allow_author ? "" : ", except the PR's author";
  return `Only people with **${state.tickers.permission}** permission or more may tick${author}.`;
}
var taskText = (item) => item.text.replace(/\s*[\r\n]\s*/g, " ");
function renderComment(state, key) {
  const lines = [MARKER, "### deploy-gate checklist", ""];
  if (state.items.length === 0) {
    lines.push("No checklist item applies to this change.");
  } else {
    lines.push(
      `Tick each box once it is done; \`deploy-gate/checklist\` turns green when every required one is. ${whoMayTick(state)}`,
      ""
    );
    for (const item of state.items) {
      lines.push(`- [${item.tick ? "x" : " "}] ${taskText(item)}`);
      const detail = details(item);
      if (detail) lines.push(detail);
    }
  }
  if (state.body.length) {
    const done = state.body.filter((t) => t.checked).length;
    lines.push("", `<sub>The PR description's task list counts too: ${done} of ${state.body.length} ticked.</sub>`);
  }
  if (state.override) {
    const { by, at, reason, sha } = state.override;
    const notify = state.notify?.length ? ` cc ${state.notify.map((n) => n.startsWith("@") ? n : `@${n}`).join(" ")}` : "";
    lines.push(
      "",
      `${OVERRIDE_PREFIX}Overridden by @${by} at ${when(at)} for ${sha.slice(0, 7)} (any push clears it): ${reasonText(reason)}${notify}`
    );
  }
  if (state.notes.length) lines.push("", ...state.notes.map((n) => `${NOTE_PREFIX}${n}`));
  lines.push("", encodeState({ ...state, notes: [] }, key));
  return `${lines.join("\n")}
`;
}
var userVisibleShape = (body) => body.replace(/\r\n/g, "\n").split("\n").filter(
  (line) => !line.startsWith(DETAIL_PREFIX) && !line.startsWith(NOTE_PREFIX) && !line.startsWith(OVERRIDE_PREFIX) && !STATE_LINE_RE.test(line)
).join("\n").trimEnd();

// src/core/checklist/build-state.ts
import { createHash } from "node:crypto";

// src/core/checklist/gfm-lines.ts
var NL = 10;
var TAB = 9;
var SPACE = 32;
var codeAt = (s, p, end) => p < end ? s.charCodeAt(p) || 65533 : p === end ? NL : 0;
var isSpaceOrTab = (c) => c === SPACE || c === TAB;
var isSpace = (c) => c === SPACE || c >= 9 && c <= 13;
var isExtSpace = (c) => c === SPACE || c === TAB || c === 11 || c === 12;
var isDigit = (c) => c >= 48 && c <= 57;
function atxHeading(s, p, end) {
  let n = 0;
  while (n < 7 && codeAt(s, p + n, end) === 35) n++;
  if (n === 0 || n > 6) return 0;
  const c = codeAt(s, p + n, end);
  if (c === NL) return n + 1;
  if (!isSpaceOrTab(c)) return 0;
  while (isSpaceOrTab(codeAt(s, p + n, end))) n++;
  return n;
}
function openFence(s, p, end) {
  const c = codeAt(s, p, end);
  if (c !== 96 && c !== 126) return 0;
  let n = 0;
  while (codeAt(s, p + n, end) === c) n++;
  if (n < 3) return 0;
  if (c === 96 && s.slice(p + n, end).includes("`")) return 0;
  return n;
}
function closeFence(s, p, end, fence) {
  let n = 0;
  while (codeAt(s, p + n, end) === fence) n++;
  if (n < 3) return 0;
  for (let q = p + n; q < end; q++) if (!isSpaceOrTab(s.charCodeAt(q))) return 0;
  return n;
}
function setextLine(s, p, end) {
  const c = codeAt(s, p, end);
  if (c !== 61 && c !== 45) return false;
  let q = p;
  while (codeAt(s, q, end) === c) q++;
  while (isSpaceOrTab(codeAt(s, q, end))) q++;
  return q >= end;
}
function thematicBreak(s, p, end) {
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
function footnoteDefinition(s, p, end) {
  if (codeAt(s, p, end) !== 91 || codeAt(s, p + 1, end) !== 94) return 0;
  let q = p + 2;
  while (q < end && !"] 	".includes(s[q])) q++;
  if (q === p + 2 || codeAt(s, q, end) !== 93 || codeAt(s, q + 1, end) !== 58) return 0;
  q += 2;
  while (isSpaceOrTab(codeAt(s, q, end))) q++;
  return q - p;
}
var TYPE1 = /^<(?:script|pre|style)(?:[ \t\v\f>]|$)/i;
var BLOCK_TAGS = "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h1|h2|h3|h4|h5|h6|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|section|source|title|summary|table|tbody|td|tfoot|th|thead|tr|track|ul";
var TYPE6 = new RegExp(`^</?(?:${BLOCK_TAGS})(?:[ \\t\\v\\f]|/?>|$)`, "i");
var ATTRIBUTE = `[ \\t\\v\\f]+[a-zA-Z_:][a-zA-Z0-9:._-]*(?:[ \\t\\v\\f]*=[ \\t\\v\\f]*(?:[^ \\t\\v\\f"'=<>\`\\x00]+|'[^'\\x00]*'|"[^"\\x00]*"))?`;
var TYPE7 = new RegExp(
  `^<(?:[A-Za-z][A-Za-z0-9-]*(?:${ATTRIBUTE})*[ \\t\\v\\f]*/?>|/[A-Za-z][A-Za-z0-9-]*[ \\t\\v\\f]*>)[\\t\\f ]*$`
);
function htmlBlockStart(s, p, end, allow7) {
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
var HTML_ENDS = {
  1: /<\/(?:script|pre|style)>/i,
  2: /-->/,
  3: /\?>/,
  4: />/,
  5: /\]\]>/
};
var htmlBlockEnds = (s, p, end, type) => HTML_ENDS[type]?.test(s.slice(p, end)) ?? false;
function followedByContent(s, q, end) {
  while (isSpaceOrTab(codeAt(s, q, end))) q++;
  return codeAt(s, q, end) !== NL;
}
function listMarker(s, p, end, interruptsParagraph) {
  const c = codeAt(s, p, end);
  if (c === 42 || c === 45 || c === 43) {
    if (!isSpace(codeAt(s, p + 1, end))) return void 0;
    if (interruptsParagraph && !followedByContent(s, p + 1, end)) return void 0;
    return { length: 1, ordered: false, char: c };
  }
  if (!isDigit(c)) return void 0;
  let n = 0;
  let start = 0;
  do {
    start = start * 10 + codeAt(s, p + n, end) - 48;
    n++;
  } while (n < 9 && isDigit(codeAt(s, p + n, end)));
  if (interruptsParagraph && start !== 1) return void 0;
  const d = codeAt(s, p + n, end);
  if (d !== 46 && d !== 41) return void 0;
  if (!isSpace(codeAt(s, p + n + 1, end))) return void 0;
  if (interruptsParagraph && !followedByContent(s, p + n + 1, end)) return void 0;
  return { length: n + 1, ordered: true, char: d };
}
function taskBox(s, p, end) {
  if (codeAt(s, p, end) !== 91 || codeAt(s, p + 2, end) !== 93 || !isExtSpace(codeAt(s, p + 3, end))) return void 0;
  const mark = codeAt(s, p + 1, end);
  return mark === SPACE ? false : mark === 120 || mark === 88 ? true : void 0;
}
var ESCAPABLE = "|!\"#$%&'()*+,./:;<=>?@[\\]^_`{}~-";
var TABLE_MARKER = /^[ \t\v\f]*:?-+:?[ \t\v\f]*$/;
function rowCells(row, from = 0, to = row.length) {
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
function delimiterRow(s, p, end) {
  let line = s.slice(p, end).replace(/[ \t\v\f]+$/, "");
  if (line.startsWith("|")) line = line.slice(1);
  if (line.endsWith("|")) line = line.slice(0, -1);
  const parts = line.split("|");
  return parts.every((part) => TABLE_MARKER.test(part)) ? parts.length : 0;
}

// src/core/checklist/gfm-references.ts
function referenceDefinitionsEnd(text) {
  let at = 0;
  for (; ; ) {
    const end = definitionEnd(text, at);
    if (end === void 0) return at;
    at = end;
  }
}
var isSpace2 = (c) => c === " " || c === "	";
var isLineEnd = (c) => c === "\n" || c === "\r";
function skipWhitespace(text, at) {
  let lines = 0;
  while (isSpace2(text[at])) at++;
  if (isLineEnd(text[at])) {
    at += text[at] === "\r" && text[at + 1] === "\n" ? 2 : 1;
    lines++;
    while (isSpace2(text[at])) at++;
  }
  return { at, lines };
}
function lineRestBlank(text, at) {
  while (isSpace2(text[at])) at++;
  if (at >= text.length) return at;
  if (!isLineEnd(text[at])) return void 0;
  return at + (text[at] === "\r" && text[at + 1] === "\n" ? 2 : 1);
}
function definitionEnd(text, start) {
  let at = start;
  for (let n = 0; n < 3 && text[at] === " "; n++) at++;
  if (text[at] !== "[") return void 0;
  let label = 0;
  let content = false;
  at++;
  for (; ; ) {
    const c = text[at];
    if (c === void 0 || c === "[" || label > 999) return void 0;
    if (c === "]") break;
    if (c === "\\" && at + 1 < text.length && !isLineEnd(text[at + 1])) {
      at += 2;
      label += 2;
      content = true;
      continue;
    }
    if (!isSpace2(c) && !isLineEnd(c)) content = true;
    at++;
    label++;
  }
  if (!content || text[at + 1] !== ":") return void 0;
  at = skipWhitespace(text, at + 2).at;
  const destStart = at;
  if (text[at] === "<") {
    at++;
    while (text[at] !== ">") {
      const c = text[at];
      if (c === void 0 || c === "<" || isLineEnd(c)) return void 0;
      at += c === "\\" && at + 1 < text.length ? 2 : 1;
    }
    at++;
  } else {
    let depth = 0;
    while (at < text.length) {
      const c = text[at];
      if (c <= " " || c === "\x7F") break;
      if (c === "\\" && at + 1 < text.length && text[at + 1] > " ") {
        at += 2;
        continue;
      }
      if (c === "(" && ++depth > 32) return void 0;
      if (c === ")" && --depth < 0) break;
      at++;
    }
    if (at === destStart || depth !== 0) return void 0;
  }
  const afterDestination = lineRestBlank(text, at);
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
      if (isLineEnd(c) && lineRestBlank(text, t + (c === "\r" && text[t + 1] === "\n" ? 2 : 1)) !== void 0) {
        const next = t + (c === "\r" && text[t + 1] === "\n" ? 2 : 1);
        if (lineRestBlank(text, next) === next || next >= text.length) break;
      }
      t++;
    }
    if (closed) {
      const end = lineRestBlank(text, t + 1);
      if (end !== void 0) return end;
    }
  }
  return afterDestination;
}

// src/core/checklist/gfm-blocks.ts
var TASK_LINE = /[ \t\v\f]*(?:[-+*]|[0-9]+[^\n\r])[ \t\v\f]+\[[ xX]\][ \t\v\f]/y;
var TAB_STOP = 4;
var CODE_INDENT = 4;
var containsLines = (kind) => kind === "paragraph" || kind === "heading" || kind === "fence" || kind === "indented";
var endedByBlank = (b) => b.kind === "quote" || b.kind === "paragraph" || b.kind === "heading" || b.kind === "html" && b.n >= 6;
function firstFrom(indices, i) {
  const k = firstWhere(indices.length, (n) => indices[n] >= i);
  return k < indices.length ? indices[k] : Number.POSITIVE_INFINITY;
}
var canContain = (parent, child) => parent === "list" ? child === "item" : (parent === "document" || parent === "quote" || parent === "footnote" || parent === "item") && child !== "item";
function taskBoxes(s) {
  return new BlockScanner(s).run();
}
var BlockScanner = class {
  constructor(s) {
    this.s = s;
    this.push("document");
  }
  s;
  open = [];
  /** Indices into `open`, ascending, of blocks a blank line always ends, and of footnotes. */
  blankEnders = [];
  footnotes = [];
  tasks = [];
  /** The block that took the last line's text (a paragraph there makes a lazy continuation possible). */
  current = 0;
  // The line being read, as cmark's parser fields.
  start = 0;
  end = 0;
  offset = 0;
  column = 0;
  firstNonspace = 0;
  firstNonspaceColumn = 0;
  indent = 0;
  blank = false;
  partialTab = false;
  thematicKill = 0;
  run() {
    const s = this.s;
    let p = 0;
    while (p < s.length || p === 0) {
      let e = p;
      while (e < s.length && s.charCodeAt(e) !== NL && s.charCodeAt(e) !== 13) e++;
      this.line(p, e);
      if (e >= s.length) break;
      p = e + (s.charCodeAt(e) === 13 && s.charCodeAt(e + 1) === NL ? 2 : 1);
      if (p >= s.length) break;
    }
    return this.tasks;
  }
  at(p) {
    return codeAt(this.s, p, this.end);
  }
  push(kind, fields) {
    const block = {
      kind,
      hasChild: false,
      n: fields?.n ?? 0,
      c: fields?.c ?? 0,
      ordered: fields?.ordered ?? false,
      fenceIndent: fields?.fenceIndent ?? 0,
      lastLine: fields?.lastLine ?? "",
      text: fields?.text ?? "",
      task: -1,
      marker: fields?.marker ?? 0
    };
    const index = this.open.length;
    this.open.push(block);
    if (endedByBlank(block)) this.blankEnders.push(index);
    if (kind === "footnote") this.footnotes.push(index);
    return block;
  }
  /** Closes every block after index `keep`. */
  closeAfter(keep) {
    if (this.open.length > keep + 1) this.open.length = keep + 1;
    while (this.blankEnders.length && this.blankEnders[this.blankEnders.length - 1] > keep) this.blankEnders.pop();
    while (this.footnotes.length && this.footnotes[this.footnotes.length - 1] > keep) this.footnotes.pop();
    if (this.current > keep) this.current = keep;
  }
  /** cmark's add_child: the first block up from `parent` that can hold `kind` gets it; the rest close. */
  addChild(parent, kind, fields) {
    while (!canContain(this.open[parent].kind, kind)) parent--;
    this.closeAfter(parent);
    this.open[parent].hasChild = true;
    this.push(kind, fields);
    return parent + 1;
  }
  findFirstNonspace() {
    if (this.firstNonspace <= this.offset) {
      let toTab = TAB_STOP - this.column % TAB_STOP;
      this.firstNonspace = this.offset;
      this.firstNonspaceColumn = this.column;
      for (; ; ) {
        const c = this.at(this.firstNonspace);
        if (c === 32) {
          this.firstNonspace++;
          this.firstNonspaceColumn++;
          if (--toTab === 0) toTab = TAB_STOP;
        } else if (c === 9) {
          this.firstNonspace++;
          this.firstNonspaceColumn += toTab;
          toTab = TAB_STOP;
        } else break;
      }
    }
    this.indent = this.firstNonspaceColumn - this.column;
    this.blank = this.at(this.firstNonspace) === NL;
  }
  /** Moves on `count` columns (a tab may be partly consumed) or `count` characters. */
  advance(count, columns) {
    while (count > 0 && this.offset <= this.end && this.at(this.offset) !== NL) {
      if (this.at(this.offset) === 9) {
        const toTab = TAB_STOP - this.column % TAB_STOP;
        if (columns) {
          this.partialTab = toTab > count;
          const step = Math.min(count, toTab);
          this.column += step;
          if (!this.partialTab) this.offset++;
          count -= step;
        } else {
          this.partialTab = false;
          this.column += toTab;
          this.offset++;
          count--;
        }
      } else {
        this.partialTab = false;
        this.offset++;
        this.column++;
        count--;
      }
    }
  }
  advanceTo(p) {
    this.advance(p - this.offset, false);
  }
  /** Past the rest of the line (no column after it is ever looked at). */
  skipLine() {
    this.offset = this.end;
    this.partialTab = false;
  }
  line(start, end) {
    this.start = start;
    this.end = end;
    this.offset = start;
    this.column = 0;
    this.firstNonspace = start;
    this.firstNonspaceColumn = 0;
    this.indent = 0;
    this.blank = false;
    this.partialTab = false;
    this.thematicKill = start;
    if (start === 0 && this.s.charCodeAt(0) === 65279) this.offset++;
    const matched = this.matchOpen();
    if (matched === void 0) return;
    const { last, all } = matched;
    this.openNew(last, all);
  }
  /** The last open block this line continues, and whether it continues them all; undefined when the line closed a fence. */
  matchOpen() {
    const open = this.open;
    for (let i = 1; i < open.length; i++) {
      this.findFirstNonspace();
      if (this.blank && this.indent === 0) return this.matchBlank(i);
      const b = open[i];
      switch (b.kind) {
        case "quote":
          if (this.indent > 3 || this.at(this.firstNonspace) !== 62) return { last: i - 1, all: false };
          this.advance(this.indent + 1, true);
          if (isSpaceOrTab(this.at(this.offset))) this.advance(1, true);
          break;
        case "item":
          if (this.indent >= b.n) this.advance(b.n, true);
          else if (this.blank && b.hasChild) this.advanceTo(this.firstNonspace);
          else return { last: i - 1, all: false };
          break;
        case "footnote":
          if (this.indent >= 4) this.advance(4, true);
          else if (this.end !== this.start) return { last: i - 1, all: false };
          break;
        case "fence": {
          const close = this.indent <= 3 && this.at(this.firstNonspace) === b.c ? closeFence(this.s, this.firstNonspace, this.end, b.c) : 0;
          if (close >= b.n) {
            this.closeAfter(i - 1);
            this.current = i - 1;
            return void 0;
          }
          for (let k = b.fenceIndent; k > 0 && isSpaceOrTab(this.at(this.offset)); k--) this.advance(1, true);
          break;
        }
        case "indented":
          if (this.indent >= CODE_INDENT) this.advance(CODE_INDENT, true);
          else if (this.blank) this.advanceTo(this.firstNonspace);
          else return { last: i - 1, all: false };
          break;
        case "heading":
          return { last: i - 1, all: false };
        case "html":
          if (b.n >= 6 && this.blank) return { last: i - 1, all: false };
          break;
        case "paragraph":
          if (this.blank) return { last: i - 1, all: false };
          break;
        case "table":
          if (rowCells(this.s, this.firstNonspace, this.end) === 0) return { last: i - 1, all: false };
          break;
      }
    }
    return { last: open.length - 1, all: true };
  }
  /**
   * A blank rest of line, from block `i` on, with no columns left to consume: blocks match or not
   * by kind alone, so the first one it ends is looked up instead of walking every level (a blank
   * line under 4,000 nested items would otherwise cost 4,000 steps).
   */
  matchBlank(i) {
    const top = this.open.length - 1;
    const topEnds = this.open[top].kind === "item" && !this.open[top].hasChild ? top : Number.POSITIVE_INFINITY;
    const footnote = this.end !== this.start ? firstFrom(this.footnotes, i) : Number.POSITIVE_INFINITY;
    const ends = Math.min(firstFrom(this.blankEnders, i), footnote, topEnds);
    return ends === Number.POSITIVE_INFINITY ? { last: top, all: true } : { last: ends - 1, all: false };
  }
  openNew(lastMatched, allMatched) {
    let container = lastMatched;
    let maybeLazy = this.open[this.current]?.kind === "paragraph";
    for (; ; ) {
      const kind = this.open[container].kind;
      if (kind === "fence" || kind === "indented" || kind === "html") break;
      this.findFirstNonspace();
      const next = this.startBlock(container, allMatched, maybeLazy);
      if (next === void 0) break;
      container = next;
      if (containsLines(this.open[container].kind)) break;
      maybeLazy = false;
    }
    this.addText(container, lastMatched);
  }
  /** The block this line opens in `container` (in cmark's order of tries), or undefined for none. */
  startBlock(container, allMatched, maybeLazy) {
    const s = this.s;
    const fns = this.firstNonspace;
    const end = this.end;
    const kind = this.open[container].kind;
    const indented = this.indent >= CODE_INDENT;
    const paragraph = kind === "paragraph";
    if (!indented) {
      if (this.at(fns) === 62) {
        this.advanceTo(fns + 1);
        if (isSpaceOrTab(this.at(this.offset))) this.advance(1, true);
        return this.addChild(container, "quote");
      }
      const atx = atxHeading(s, fns, end);
      if (atx) {
        this.advanceTo(fns + atx);
        return this.addChild(container, "heading");
      }
      const fence = openFence(s, fns, end);
      if (fence) {
        const fenceIndent = fns - this.offset;
        const opened = this.addChild(container, "fence", { c: s.charCodeAt(fns), n: fence, fenceIndent });
        this.advanceTo(fns + fence);
        return opened;
      }
      const html = htmlBlockStart(s, fns, end, !paragraph);
      if (html) return this.addChild(container, "html", { n: html });
      if (paragraph && setextLine(s, fns, end)) {
        const block = this.open[container];
        block.text = block.text.slice(referenceDefinitionsEnd(block.text));
        if (block.text.trim()) {
          block.kind = "heading";
          this.skipLine();
          return container;
        }
      }
      if (!(paragraph && !allMatched) && this.thematicKill <= fns && this.breakAt(fns)) {
        const opened = this.addChild(container, "thematic");
        this.skipLine();
        return opened;
      }
      const footnote = footnoteDefinition(s, fns, end);
      if (footnote) {
        this.advanceTo(fns + footnote);
        return this.addChild(container, "footnote");
      }
      const marker = listMarker(s, fns, end, paragraph);
      if (marker) return this.openItem(container, marker);
    } else if (!maybeLazy && !this.blank) {
      this.advance(CODE_INDENT, true);
      return this.addChild(container, "indented");
    }
    if (!indented && paragraph && this.tableHeader(container)) this.advanceTo(end);
    else if (!indented && kind === "table" && !this.blank)
      this.advanceTo(end);
    else if (kind === "item") this.taskItem(container, indented);
    return void 0;
  }
  /** The item just opened on this line, where a box may follow its marker. */
  openedHere = -1;
  /**
   * A line whose open container is a list item and which starts no other block. A box right after
   * the marker of the item opened on it makes that item a task. cmark-gfm's tasklist extension
   * instead looks for `marker box` from the very start of the line, on any line of an item: that
   * misses `> - [ ] a` (which GitHub.com does show as a task), but also makes an item a task from a
   * later line of it that reads like one (a lazy line indented 4 or more, `1x [ ] a`); those count
   * here too, so that no box GitHub renders goes uncounted.
   */
  taskItem(container, indented) {
    const s = this.s;
    let box = -1;
    TASK_LINE.lastIndex = this.start;
    const m = TASK_LINE.exec(s);
    if (m && m.index === this.start) {
      box = m.index + m[0].length - 4;
      this.advance(3, false);
    } else if (this.openedHere === container && !indented && taskBox(s, this.firstNonspace, this.end) !== void 0) {
      box = this.firstNonspace;
    }
    if (box < 0) return;
    const text = s.slice(box + 3, this.end).replace(/^[ \t]+/, "").trimEnd();
    const block = this.open[container];
    const task = { checked: s[box + 1] !== " ", boxOffset: box, text, item: block.marker };
    if (block.task >= 0) this.tasks[block.task] = task;
    else block.task = this.tasks.push(task) - 1;
  }
  breakAt(fns) {
    const stop = thematicBreak(this.s, fns, this.end);
    if (stop === -1) return true;
    this.thematicKill = stop;
    return false;
  }
  openItem(container, marker) {
    const markerIndent = this.indent;
    const markerAt = this.firstNonspace;
    this.advanceTo(this.firstNonspace + marker.length);
    const { offset, column, partialTab } = this;
    while (this.column - column <= 5 && isSpaceOrTab(this.at(this.offset))) this.advance(1, true);
    const spaces = this.column - column;
    let padding;
    if (spaces >= 5 || spaces < 1 || this.at(this.offset) === NL) {
      padding = marker.length + 1;
      this.offset = offset;
      this.column = column;
      this.partialTab = partialTab;
      if (spaces > 0) this.advance(1, true);
    } else {
      padding = marker.length + spaces;
    }
    const list = this.open[container];
    if (list.kind !== "list" || list.ordered !== marker.ordered || list.c !== marker.char) {
      container = this.addChild(container, "list", { ordered: marker.ordered, c: marker.char });
    }
    container = this.addChild(container, "item", { n: markerIndent + padding, marker: markerAt });
    this.openedHere = container;
    return container;
  }
  /** A delimiter row under a paragraph whose last line has as many cells turns it into a table. */
  tableHeader(container) {
    const columns = delimiterRow(this.s, this.firstNonspace, this.end);
    const para = this.open[container];
    if (!columns || !para.text.trim() || rowCells(para.lastLine) !== columns) return false;
    para.kind = "table";
    return true;
  }
  addText(container, lastMatched) {
    this.openedHere = -1;
    this.findFirstNonspace();
    const current = this.current;
    const tip = this.open[current];
    const sameBlocks = container === lastMatched;
    if (sameBlocks && current !== lastMatched && tip?.kind === "paragraph" && !this.blank) {
      tip.lastLine = this.s.slice(this.offset, this.end);
      tip.text += `
${this.s.slice(this.firstNonspace, this.end)}`;
      return;
    }
    if (sameBlocks) this.closeAfter(lastMatched);
    const block = this.open[container];
    if (block.kind === "fence" || block.kind === "indented") {
    } else if (block.kind === "html") {
      if (block.n <= 5 && htmlBlockEnds(this.s, this.firstNonspace, this.end, block.n)) {
        this.closeAfter(container - 1);
        this.current = container - 1;
        return;
      }
    } else if (this.blank) {
    } else if (block.kind === "paragraph") {
      block.lastLine = this.s.slice(this.firstNonspace, this.end);
      block.text += `
${block.lastLine}`;
    } else if (block.kind !== "heading") {
      const line = this.s.slice(this.firstNonspace, this.end);
      container = this.addChild(container, "paragraph", { lastLine: line, text: line });
    }
    this.current = container;
  }
};

// src/core/checklist/parse.ts
var MAX_BODY_CHARS = 65536;
var BodyTooLongError = class extends Error {
  constructor(chars) {
    super(
      `The text is ${chars.toLocaleString("en-US")} characters long, more than the ${MAX_BODY_CHARS.toLocaleString("en-US")} GitHub allows, so its task list was not read; shorten it.`
    );
    this.chars = chars;
    this.name = "BodyTooLongError";
  }
  chars;
};
function codePoints(s) {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 55296 && c <= 56319) {
      const d = s.charCodeAt(i + 1);
      if (d >= 56320 && d <= 57343) {
        n--;
        i++;
      }
    }
  }
  return n;
}
function parseTasks(markdown) {
  if (markdown.length > MAX_BODY_CHARS) {
    const chars = codePoints(markdown);
    if (chars > MAX_BODY_CHARS) throw new BodyTooLongError(chars);
  }
  return taskBoxes(markdown).map(({ checked, text, boxOffset }) => ({ checked, text, boxOffset }));
}
function withoutTicks(markdown, tasks = parseTasks(markdown)) {
  let out = markdown;
  for (const task of tasks) out = `${out.slice(0, task.boxOffset)}[ ]${out.slice(task.boxOffset + 3)}`;
  return out;
}

// src/core/checklist/build-state.ts
function filesDigest(paths, files, versions) {
  const isMatch = anyGlob(paths);
  const lines = files.filter((f) => isMatch(f)).map((f) => `${f}@${versions?.[f] ?? "-"}`);
  return createHash("sha256").update(lines.sort().join("\n")).digest("base64url").slice(0, 16);
}
var OPTIONAL_RE = /\(optional\)/i;
function bodyTasks(body) {
  if (!body) return [];
  try {
    return parseTasks(body).map((t) => ({ text: t.text, checked: t.checked, optional: OPTIONAL_RE.test(t.text) }));
  } catch (error) {
    if (!(error instanceof BodyTooLongError)) throw error;
    return [{ text: error.message, checked: false, optional: false }];
  }
}
function buildState(checklist, pr, previous, reset = { clear: "none" }) {
  const cleared = [];
  const paths = new Map(checklist.items.map((i) => [i.id, i.paths]));
  const items = applicableItems(checklist, { files: pr.files, labels: pr.labels }).map((applicable) => {
    const itemPaths = paths.get(applicable.id);
    const item = itemPaths ? { ...applicable, fp: filesDigest(itemPaths, pr.files, pr.versions) } : applicable;
    const before = previous?.items.find((p) => p.id === item.id && p.text === item.text);
    if (!before?.tick) return item;
    const clear = reset.clear === "all" || reset.clear === "changed" && Boolean(itemPaths) && before.fp !== item.fp;
    if (clear) {
      cleared.push(item.text);
      return item;
    }
    return { ...item, tick: before.tick };
  });
  const short = pr.headSha.slice(0, 7);
  return {
    v: 1,
    sha: pr.headSha,
    ...pr.repo ? { repo: pr.repo } : {},
    pr: pr.number,
    author: pr.author,
    tickers: { permission: checklist.tickers.permission, allow_author: checklist.tickers.allow_author },
    items,
    body: checklist.pr_body ? bodyTasks(pr.body) : [],
    ...checklist.override.permission !== "admin" ? { override_permission: checklist.override.permission } : {},
    ...checklist.override.notify ? { notify: checklist.override.notify } : {},
    notes: cleared.length ? [`New commits (${short}) cleared the ticks of: ${cleared.map((t) => `"${t}"`).join(", ")}.`] : []
  };
}

export {
  labelOnlyItems,
  branchApplies,
  hasMarker,
  belongs,
  decodeState,
  reasonText,
  taskText,
  renderComment,
  userVisibleShape,
  parseTasks,
  withoutTicks,
  buildState
};
