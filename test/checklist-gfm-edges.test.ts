// The GFM line recognisers and link reference definitions, against cmark-gfm (GitHub's C parser,
// npm `cmark-gfm`, pinned) on inputs that reach their rarer paths: definitions with titles, angle
// destinations, escapes and multi-line titles; fences, HTML blocks, headings, ordered markers and
// table cells written at the edges of what each block start accepts.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { taskBoxes } from "../src/core/checklist/gfm-blocks.js";
import { referenceDefinitionsEnd } from "../src/core/checklist/gfm-references.js";

const cmark = createRequire(import.meta.url)("cmark-gfm") as {
  renderHtmlSync(md: string, options: object): string;
};
const OPTIONS = { extensions: { table: true, strikethrough: true, autolink: true, tasklist: true }, footnotes: true };
const render = (md: string) => cmark.renderHtmlSync(md, OPTIONS);
const renderPos = (md: string) => cmark.renderHtmlSync(md, { ...OPTIONS, sourcepos: true });

/** Line and column (1-based, bytes = characters here: inputs are ASCII) of an offset. */
function position(md: string, offset: number): string {
  const before = md.slice(0, offset);
  const lines = before.split(/\r\n|\r|\n/);
  return `${lines.length}:${lines[lines.length - 1].length + 1}`;
}

/** cmark-gfm's task items as "line:column checked", from the `<li>` it rendered a checkbox into. */
function theirTasks(md: string): string[] {
  return [
    ...renderPos(md).matchAll(
      /<li data-sourcepos="(\d+:\d+)-[^"]*"><input type="checkbox"( checked="")? disabled="" \/>/g,
    ),
  ].map((m) => `${m[1]} ${Boolean(m[2])}`);
}

const ourTasks = (md: string) => taskBoxes(md).map((t) => `${position(md, t.item)} ${t.checked}`);

/** The parser finds the same task items as cmark-gfm (inputs avoid the documented exceptions). */
function agrees(md: string, count: number): void {
  expect(ourTasks(md)).toEqual(theirTasks(md));
  expect(ourTasks(md)).toHaveLength(count);
}

/**
 * Where the definitions end, checked against cmark: what they cover renders to nothing, and the
 * whole text renders exactly as what follows them does (so nothing after `end` was a definition).
 */
function definitionsEndAt(text: string, expected: number): void {
  const end = referenceDefinitionsEnd(text);
  expect(end).toBe(expected);
  expect(render(text.slice(0, end)), "the definitions render to nothing").toBe("");
  expect(render(text), "the rest renders as it would alone").toBe(render(text.slice(end)));
  if (end < text.length) expect(render(text.slice(end)), "the rest is text").not.toBe("");
}

describe("referenceDefinitionsEnd against cmark-gfm", () => {
  it("reads escaped brackets in a label as part of it", () => {
    const def = "[a\\]b]: /u\n";
    definitionsEndAt(`${def}rest\n`, def.length);
    definitionsEndAt(`[\\[x]: /u\nrest\n`, "[\\[x]: /u\n".length);
  });

  it("a backslash before a line ending in a label is no escape, and the label still ends", () => {
    const def = "[a\\\nb]: /u\n";
    definitionsEndAt(`${def}rest\n`, def.length);
  });

  it("rejects labels with an unescaped bracket, only white space, or no colon", () => {
    definitionsEndAt("[a[b]: /u\nrest\n", 0);
    definitionsEndAt("[ \t]: /u\nrest\n", 0);
    definitionsEndAt("[a] /u\nrest\n", 0);
    definitionsEndAt("[a", 0);
    definitionsEndAt("no definition\n", 0);
  });

  it("rejects a label over 999 characters and accepts one of 999", () => {
    const long = `[${"x".repeat(1000)}]: /u\nrest\n`;
    definitionsEndAt(long, 0);
    const ok = `[${"x".repeat(999)}]: /u\n`;
    definitionsEndAt(`${ok}rest\n`, ok.length);
  });

  it("takes up to three spaces of indentation", () => {
    definitionsEndAt("   [a]: /u\nrest\n", "   [a]: /u\n".length);
  });

  it("takes an angle-bracket destination, with spaces and escapes inside", () => {
    const def = "[a]: <my url\\>x>\n";
    definitionsEndAt(`${def}rest\n`, def.length);
    definitionsEndAt(`[a]: <>\nrest\n`, "[a]: <>\n".length);
    definitionsEndAt(`[a]: <u> "t"\nrest\n`, `[a]: <u> "t"\n`.length);
  });

  it("rejects an angle destination that is not closed on its line or holds a <", () => {
    definitionsEndAt("[a]: <u\nv>\nrest\n", 0);
    definitionsEndAt("[a]: <u<v>\nrest\n", 0);
    definitionsEndAt("[a]: <u", 0);
  });

  it("takes escapes in a bare destination, and a destination on the next line", () => {
    const def = "[a]: /u\\ \\(x\n";
    // `\ ` is no escape (a space ends the destination), so the text after it spoils the line.
    definitionsEndAt(`${def}rest\n`, 0);
    const ok = "[a]: /u\\(x\\)\n";
    definitionsEndAt(`${ok}rest\n`, ok.length);
    const next = "[a]:\n  /u\n";
    definitionsEndAt(`${next}rest\n`, next.length);
  });

  it("balances parentheses in a bare destination, up to 32 deep", () => {
    const ok = "[a]: /u(b(c))\n";
    definitionsEndAt(`${ok}rest\n`, ok.length);
    definitionsEndAt("[a]: /u(b\nrest\n", 0);
    const deep = `[a]: ${"(".repeat(32)}${")".repeat(32)}\n`;
    definitionsEndAt(`${deep}rest\n`, deep.length);
    definitionsEndAt(`[a]: ${"(".repeat(33)}${")".repeat(33)}\nrest\n`, 0);
    // An unbalanced `)` ends the destination; the `)` left over spoils the line.
    definitionsEndAt("[a]: /u)\nrest\n", 0);
  });

  it("rejects an empty destination and one followed by text", () => {
    definitionsEndAt("[a]:\n\nrest\n", 0);
    definitionsEndAt("[a]: /u text\nrest\n", 0);
  });

  it("takes titles in each quoting, with escapes inside", () => {
    for (const title of ['"t \\" x"', "'t \\' x'", "(t \\) x)"]) {
      const def = `[a]: /u ${title}\n`;
      definitionsEndAt(`${def}rest\n`, def.length);
    }
  });

  it("takes a title on the line after the destination, and one spanning lines", () => {
    const below = "[a]: /u\n  'title'\n";
    definitionsEndAt(`${below}rest\n`, below.length);
    const spanning = "[a]: /u 'one\ntwo\nthree'\n";
    definitionsEndAt(`${spanning}rest\n`, spanning.length);
    const crlf = "[a]: /u 'one\r\ntwo'\r\n";
    definitionsEndAt(`${crlf}rest\r\n`, crlf.length);
  });

  it("a title running to the text's end unclosed is none", () => {
    const dest = "[a]: /u\n";
    definitionsEndAt(`${dest}'never closed\nstill open`, dest.length);
    definitionsEndAt(`${dest}'never closed\n`, dest.length);
  });

  it("a parenthesised title may not hold an unescaped (", () => {
    const dest = "[a]: /u\n";
    definitionsEndAt(`${dest}(a (b) c)\n`, dest.length);
    definitionsEndAt(`${dest}(a \\(b\\) c)\n`, `${dest}(a \\(b\\) c)\n`.length);
  });

  it("a title followed by text on its line is none; a destination on a line of its own still counts", () => {
    const dest = "[a]: /u\n";
    definitionsEndAt(`${dest}"t" trailing\n`, dest.length);
    definitionsEndAt(`[a]: /u "t" trailing\n`, 0);
  });

  it("quotes straight after a bare destination are part of it, not a title", () => {
    definitionsEndAt(`[a]: /u"t"\nrest\n`, `[a]: /u"t"\n`.length);
    definitionsEndAt(`[a]: <u>"t"\nrest\n`, 0);
  });

  it("reads several definitions in a row, and stops at the first that fails", () => {
    const defs = "[a]: /a\n[b]: <b> 'B'\n[c]:\n/c\n(C)\n";
    definitionsEndAt(`${defs}[d] /d\n`, defs.length);
    definitionsEndAt(defs, defs.length);
    definitionsEndAt("[a]: /a", "[a]: /a".length);
  });
});

describe("reference definitions before a setext underline, in a task list, as cmark-gfm reads them", () => {
  // The underline `    -` in the item is a heading's only when the item's paragraph holds more than
  // definitions; otherwise it stays text and the lazy `[ ] a` after it joins the paragraph.
  const template = (def: string) => `1. [ ] ${def}\n    - \n[ ] a\n2) [ ] b\n`;
  for (const [def, tasks] of [
    ["[a]: <u v> 'title'", 2],
    ["[a\\]]: /u (t)", 2],
    ['[a]: /u(x) "t \\" q"', 2],
    ["[a]: /u 'two\n   lines'", 2],
    // No definition: the paragraph is a heading, and the lines after the item are a paragraph.
    ["[a]: <u", 1],
    ["[a]: /u 'unclosed", 1],
  ] as const) {
    it(`agrees on ${JSON.stringify(def)}`, () => agrees(template(def), tasks));
  }

  it("agrees where definitions are followed by text and then the underline", () => {
    agrees("[a]: <u> 't'\ntext\n---\n- [ ] y\n", 1);
    agrees("[a]: /u\n'a\n\nb'\n===\n- [ ] y\n", 1);
  });
});

describe("GFM block starts at their edges, against cmark-gfm", () => {
  it("a `#` run alone on its line or with text straight after it", () => {
    // `#` alone is an empty heading, so the box below starts a list; `#a` is a paragraph, which
    // `2.` cannot interrupt.
    agrees("#\n2. [ ] a\n", 1);
    agrees("#a\n2. [ ] a\n", 0);
    agrees("####### seven\n2. [ ] a\n", 0);
    agrees("#\t\ttabbed\n2. [ ] a\n", 1);
  });

  it("a backtick fence with a backtick in its info string is no fence", () => {
    agrees("``` a`b\n- [ ] a\n```\n", 1);
    agrees("```js\n- [ ] a\n```\n- [ ] b\n", 1);
    agrees("~~~ a`b\n- [ ] a\n~~~\n- [ ] b\n", 1);
    agrees("``\n- [ ] a\n", 1);
  });

  it("a fence closes only with a run at least as long, followed by nothing but blanks", () => {
    agrees("````\n```\n- [ ] in\n````  \n- [ ] out\n", 1);
    agrees("```\n``` x\n- [ ] in\n```\n- [ ] out\n", 1);
    agrees("```\n``\n- [ ] in\n```\t\n- [ ] out\n", 1);
    agrees("~~~\n```\n- [ ] in\n~~~\n- [ ] out\n", 1);
  });

  it("a NUL character reads as U+FFFD and starts nothing", () => {
    agrees("\0 [ ] a\n- [ ] b\n", 1);
    agrees("- [ ] a\0b\n", 1);
  });

  it("HTML blocks of types 4 and 5 end at their closer; 6 at a blank line", () => {
    agrees("<![CDATA[\n- [ ] in\n]]>\n- [ ] out\n", 1);
    agrees("<!DOCTYPE html\n- [ ] in\n>\n- [ ] out\n", 1);
    agrees("<?php\n- [ ] in\n?>\n- [ ] out\n", 1);
    agrees("<div>\n- [ ] in\n]]> -->\n\n- [ ] out\n", 1);
  });

  it("ordered markers that are not followed by a space, or are empty while interrupting", () => {
    agrees("1.a [ ] x\n", 0);
    agrees("1.\ta [ ] x\n- [ ] y\n", 1);
    agrees("text\n1.\n- [ ] y\n", 1);
    agrees("text\n1.   \n2. [ ] y\n", 0);
    agrees("text\n1. [ ] y\n", 1);
    agrees("1234567890. [ ] ten digits\n", 0);
    agrees("123456789. [ ] nine digits\n", 1);
  });

  it("a footnote label must be closed by `]:` and hold something", () => {
    agrees("[^]: x\n2. [ ] a\n", 0);
    agrees("[^a] x\n2. [ ] a\n", 0);
    agrees("[^a b]: x\n2. [ ] a\n", 0);
    agrees("[^a]x\n2. [ ] a\n", 0);
  });

  it("escaped pipes inside table cells do not split them", () => {
    // A header of two cells (one holding `\|`) matches a two-column delimiter row and makes a
    // table; against three columns it stays a paragraph. Either way the list below is a task.
    agrees("a \\| b | c\n--- | ---\n- [ ] row\n", 1);
    expect(render("a \\| b | c\n--- | ---\n")).toContain("<table>");
    agrees("a \\| b | c\n--- | --- | ---\n- [ ] item\n", 1);
    agrees("| a \\\\| b |\n|---|---|\n- [ ] row\n", 1);
    agrees("| a \\x | b |\n|---|---|\n- [ ] row\n", 1);
    agrees("a \\\n--- \n- [ ] after\n", 1);
  });
});
