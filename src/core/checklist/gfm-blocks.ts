// GFM block structure, line by line, the way cmark-gfm (GitHub's parser) builds it (blocks.c),
// kept only as far as it decides which list items open with a task box. Nothing is nested in the
// call stack and every line costs what it consumes, so any body parses in time linear in its length:
// the open blocks are an array, and a blank line skips the levels it cannot end (see `matchBlank`).

import { firstWhere } from "../binary-search.js";
import {
  atxHeading,
  closeFence,
  codeAt,
  delimiterRow,
  footnoteDefinition,
  htmlBlockEnds,
  htmlBlockStart,
  isSpaceOrTab,
  listMarker,
  NL,
  openFence,
  rowCells,
  setextLine,
  taskBox,
  thematicBreak,
} from "./gfm-lines.js";
import { referenceDefinitionsEnd } from "./gfm-references.js";

export interface TaskBox {
  checked: boolean;
  /** Offset of the box's `[` in the source. */
  boxOffset: number;
  /** The rest of the box's line, trimmed. */
  text: string;
  /** Offset of the item's list marker (the box may be on a later line of it, see `taskItem`). */
  item: number;
}

type Kind =
  | "document"
  | "quote"
  | "footnote"
  | "list"
  | "item"
  | "paragraph"
  | "heading"
  | "thematic"
  | "fence"
  | "indented"
  | "html"
  | "table";

interface Block {
  kind: Kind;
  /** Whether a block was ever added to it (an item opened by a blank line ends at the next blank). */
  hasChild: boolean;
  /** item: the content column (marker offset + padding); fence: its length; html: its type. */
  n: number;
  /** list: bullet or delimiter; fence: its character. */
  c: number;
  /** list: ordered; fence: how far its opening line was indented. */
  ordered: boolean;
  fenceIndent: number;
  /** paragraph: its last line, which becomes a table's header when a delimiter row follows. */
  lastLine: string;
  /** paragraph: its text so far, less the reference definitions a setext underline resolved. */
  text: string;
  /** item: the index of its task, or -1. */
  task: number;
  /** item: offset of its marker. */
  marker: number;
}

/** cmark-gfm's `tasklist` scan from a line's start (ext_scanners.re; its `.` is any character). */
const TASK_LINE = /[ \t\v\f]*(?:[-+*]|[0-9]+[^\n\r])[ \t\v\f]+\[[ xX]\][ \t\v\f]/y;

const TAB_STOP = 4;
const CODE_INDENT = 4;
const containsLines = (kind: Kind) =>
  kind === "paragraph" || kind === "heading" || kind === "fence" || kind === "indented";
/** Blocks a line holding only blanks always ends (a paragraph later turned heading or table stays one). */
const endedByBlank = (b: Block) =>
  b.kind === "quote" || b.kind === "paragraph" || b.kind === "heading" || (b.kind === "html" && b.n >= 6);

/** The first of the ascending `indices` at or after `i` (binary search), or Infinity. */
function firstFrom(indices: readonly number[], i: number): number {
  const k = firstWhere(indices.length, (n) => indices[n] >= i);
  return k < indices.length ? indices[k] : Number.POSITIVE_INFINITY;
}

const canContain = (parent: Kind, child: Kind): boolean =>
  parent === "list"
    ? child === "item"
    : (parent === "document" || parent === "quote" || parent === "footnote" || parent === "item") && child !== "item";

/** Every list item of `s` that opens with a task box, in document order. */
export function taskBoxes(s: string): TaskBox[] {
  return new BlockScanner(s).run();
}

class BlockScanner {
  private readonly open: Block[] = [];
  /** Indices into `open`, ascending, of blocks a blank line always ends, and of footnotes. */
  private readonly blankEnders: number[] = [];
  private readonly footnotes: number[] = [];
  private readonly tasks: TaskBox[] = [];
  /** The block that took the last line's text (a paragraph there makes a lazy continuation possible). */
  private current = 0;

  // The line being read, as cmark's parser fields.
  private start = 0;
  private end = 0;
  private offset = 0;
  private column = 0;
  private firstNonspace = 0;
  private firstNonspaceColumn = 0;
  private indent = 0;
  private blank = false;
  private partialTab = false;
  private thematicKill = 0;

  constructor(private readonly s: string) {
    this.push("document");
  }

  run(): TaskBox[] {
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

  private at(p: number): number {
    return codeAt(this.s, p, this.end);
  }

  private push(kind: Kind, fields?: Partial<Block>): Block {
    const block: Block = {
      kind,
      hasChild: false,
      n: fields?.n ?? 0,
      c: fields?.c ?? 0,
      ordered: fields?.ordered ?? false,
      fenceIndent: fields?.fenceIndent ?? 0,
      lastLine: fields?.lastLine ?? "",
      text: fields?.text ?? "",
      task: -1,
      marker: fields?.marker ?? 0,
    };
    const index = this.open.length;
    this.open.push(block);
    if (endedByBlank(block)) this.blankEnders.push(index);
    if (kind === "footnote") this.footnotes.push(index);
    return block;
  }

  /** Closes every block after index `keep`. */
  private closeAfter(keep: number): void {
    if (this.open.length > keep + 1) this.open.length = keep + 1;
    while (this.blankEnders.length && this.blankEnders[this.blankEnders.length - 1] > keep) this.blankEnders.pop();
    while (this.footnotes.length && this.footnotes[this.footnotes.length - 1] > keep) this.footnotes.pop();
    if (this.current > keep) this.current = keep;
  }

  /** cmark's add_child: the first block up from `parent` that can hold `kind` gets it; the rest close. */
  private addChild(parent: number, kind: Kind, fields?: Partial<Block>): number {
    while (!canContain(this.open[parent].kind, kind)) parent--;
    this.closeAfter(parent);
    this.open[parent].hasChild = true;
    this.push(kind, fields);
    return parent + 1;
  }

  private findFirstNonspace(): void {
    if (this.firstNonspace <= this.offset) {
      let toTab = TAB_STOP - (this.column % TAB_STOP);
      this.firstNonspace = this.offset;
      this.firstNonspaceColumn = this.column;
      for (;;) {
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
  private advance(count: number, columns: boolean): void {
    while (count > 0 && this.offset <= this.end && this.at(this.offset) !== NL) {
      if (this.at(this.offset) === 9) {
        const toTab = TAB_STOP - (this.column % TAB_STOP);
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

  private advanceTo(p: number): void {
    this.advance(p - this.offset, false);
  }

  /** Past the rest of the line (no column after it is ever looked at). */
  private skipLine(): void {
    this.offset = this.end;
    this.partialTab = false;
  }

  private line(start: number, end: number): void {
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
    if (start === 0 && this.s.charCodeAt(0) === 0xfeff) this.offset++;

    const matched = this.matchOpen();
    if (matched === undefined) return;
    const { last, all } = matched;
    this.openNew(last, all);
  }

  /** The last open block this line continues, and whether it continues them all; undefined when the line closed a fence. */
  private matchOpen(): { last: number; all: boolean } | undefined {
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
          const close =
            this.indent <= 3 && this.at(this.firstNonspace) === b.c
              ? closeFence(this.s, this.firstNonspace, this.end, b.c)
              : 0;
          if (close >= b.n) {
            this.closeAfter(i - 1);
            this.current = i - 1;
            return undefined;
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
  private matchBlank(i: number): { last: number; all: boolean } {
    const top = this.open.length - 1;
    const topEnds = this.open[top].kind === "item" && !this.open[top].hasChild ? top : Number.POSITIVE_INFINITY;
    // A footnote goes on only on a line that is empty from its very start (cmark checks the raw line).
    const footnote = this.end !== this.start ? firstFrom(this.footnotes, i) : Number.POSITIVE_INFINITY;
    const ends = Math.min(firstFrom(this.blankEnders, i), footnote, topEnds);
    return ends === Number.POSITIVE_INFINITY ? { last: top, all: true } : { last: ends - 1, all: false };
  }

  private openNew(lastMatched: number, allMatched: boolean): void {
    let container = lastMatched;
    // A paragraph that took the last line may take this one lazily (then it is no indented code).
    let maybeLazy = this.open[this.current]?.kind === "paragraph";
    for (;;) {
      const kind = this.open[container].kind;
      if (kind === "fence" || kind === "indented" || kind === "html") break;
      this.findFirstNonspace();
      const next = this.startBlock(container, allMatched, maybeLazy);
      if (next === undefined) break;
      container = next;
      if (containsLines(this.open[container].kind)) break;
      maybeLazy = false;
    }
    this.addText(container, lastMatched);
  }

  /** The block this line opens in `container` (in cmark's order of tries), or undefined for none. */
  private startBlock(container: number, allMatched: boolean, maybeLazy: boolean): number | undefined {
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
        // cmark first takes the reference definitions out of the paragraph: one that held only
        // those is no heading, and its underline is text like any other line.
        const block = this.open[container];
        block.text = block.text.slice(referenceDefinitionsEnd(block.text));
        if (block.text.trim()) {
          // The paragraph becomes a heading; the line is its underline.
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
    // What the extensions open (cmark-gfm tries them last); each ends the line's block starts.
    if (!indented && paragraph && this.tableHeader(container)) this.advanceTo(end);
    else if (!indented && kind === "table" && !this.blank)
      this.advanceTo(end); // another row
    else if (kind === "item") this.taskItem(container, indented);
    return undefined;
  }

  /** The item just opened on this line, where a box may follow its marker. */
  private openedHere = -1;

  /**
   * A line whose open container is a list item and which starts no other block. A box right after
   * the marker of the item opened on it makes that item a task. cmark-gfm's tasklist extension
   * instead looks for `marker box` from the very start of the line, on any line of an item: that
   * misses `> - [ ] a` (which GitHub.com does show as a task), but also makes an item a task from a
   * later line of it that reads like one (a lazy line indented 4 or more, `1x [ ] a`); those count
   * here too, so that no box GitHub renders goes uncounted.
   */
  private taskItem(container: number, indented: boolean): void {
    const s = this.s;
    let box = -1;
    TASK_LINE.lastIndex = this.start;
    const m = TASK_LINE.exec(s);
    if (m && m.index === this.start) {
      box = m.index + m[0].length - 4;
      this.advance(3, false);
    } else if (this.openedHere === container && !indented && taskBox(s, this.firstNonspace, this.end) !== undefined) {
      // Left as text, as cmark-gfm does, so that the lines after it are read as there.
      box = this.firstNonspace;
    }
    if (box < 0) return;
    const text = s
      .slice(box + 3, this.end)
      .replace(/^[ \t]+/, "")
      .trimEnd();
    const block = this.open[container];
    const task = { checked: s[box + 1] !== " ", boxOffset: box, text, item: block.marker };
    // cmark-gfm keeps one box per item: a later line that reads like one replaces it.
    if (block.task >= 0) this.tasks[block.task] = task;
    else block.task = this.tasks.push(task) - 1;
  }

  private breakAt(fns: number): boolean {
    const stop = thematicBreak(this.s, fns, this.end);
    if (stop === -1) return true;
    this.thematicKill = stop;
    return false;
  }

  private openItem(container: number, marker: NonNullable<ReturnType<typeof listMarker>>): number {
    const markerIndent = this.indent;
    const markerAt = this.firstNonspace;
    this.advanceTo(this.firstNonspace + marker.length);
    const { offset, column, partialTab } = this;
    while (this.column - column <= 5 && isSpaceOrTab(this.at(this.offset))) this.advance(1, true);
    const spaces = this.column - column;
    let padding: number;
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
  private tableHeader(container: number): boolean {
    const columns = delimiterRow(this.s, this.firstNonspace, this.end);
    const para = this.open[container];
    // A paragraph emptied by resolving its reference definitions (above) has no row to head a table.
    if (!columns || !para.text.trim() || rowCells(para.lastLine) !== columns) return false;
    para.kind = "table";
    return true;
  }

  private addText(container: number, lastMatched: number): void {
    this.openedHere = -1;
    this.findFirstNonspace();
    const current = this.current;
    const tip = this.open[current];
    const sameBlocks = container === lastMatched;
    if (sameBlocks && current !== lastMatched && tip?.kind === "paragraph" && !this.blank) {
      // A lazy continuation line: the paragraph goes on although its containers did not match.
      tip.lastLine = this.s.slice(this.offset, this.end);
      tip.text += `\n${this.s.slice(this.firstNonspace, this.end)}`;
      return;
    }
    if (sameBlocks) this.closeAfter(lastMatched);
    const block = this.open[container];
    if (block.kind === "fence" || block.kind === "indented") {
      // code: nothing to look at
    } else if (block.kind === "html") {
      if (block.n <= 5 && htmlBlockEnds(this.s, this.firstNonspace, this.end, block.n)) {
        this.closeAfter(container - 1);
        this.current = container - 1;
        return;
      }
    } else if (this.blank) {
      // nothing
    } else if (block.kind === "paragraph") {
      block.lastLine = this.s.slice(this.firstNonspace, this.end);
      block.text += `\n${block.lastLine}`;
    } else if (block.kind !== "heading") {
      const line = this.s.slice(this.firstNonspace, this.end);
      container = this.addChild(container, "paragraph", { lastLine: line, text: line });
    }
    this.current = container;
  }
}
