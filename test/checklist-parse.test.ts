import { describe, expect, it } from "vitest";
import { parseTasks, withoutTicks } from "../src/core/checklist/parse.js";

const boxes = (md: string) => parseTasks(md).map((t) => [t.checked, t.text]);

describe("parseTasks (GFM task list items, real parser)", () => {
  it("GFM spec example 279: a flat task list", () => {
    expect(boxes("- [ ] foo\n- [x] bar\n")).toEqual([
      [false, "foo"],
      [true, "bar"],
    ]);
  });

  it("GFM spec example 280: nested task lists, in document order", () => {
    expect(boxes("- [x] foo\n  - [ ] bar\n  - [x] baz\n- [ ] bim\n")).toEqual([
      [true, "foo"],
      [false, "bar"],
      [true, "baz"],
      [false, "bim"],
    ]);
  });

  it("takes [X] as ticked, in ordered and starred lists too", () => {
    expect(boxes("* [X] upper\n1. [x] ordered\n+ [ ] plus\n")).toEqual([
      [true, "upper"],
      [true, "ordered"],
      [false, "plus"],
    ]);
  });

  it("never finds boxes inside code blocks, inline code, HTML comments or tables", () => {
    const md = [
      "```",
      "- [x] fenced",
      "```",
      "",
      "    - [x] indented code",
      "",
      "<!--",
      "- [x] in a comment",
      "-->",
      "",
      "| a |",
      "|---|",
      "| - [x] cell |",
      "",
      "`- [x] inline`",
      "",
      "- [ ] the only task",
    ].join("\n");
    expect(boxes(md)).toEqual([[false, "the only task"]]);
  });

  it("does not take near-misses for tasks", () => {
    expect(boxes("- [ x] spaced\n-[x] no space\n- [y] other\n- plain\n[x] no bullet\n")).toEqual([]);
  });

  it("keeps the item's first line verbatim, markdown included", () => {
    expect(boxes("- [x] Ran `rack params set`; **API** key ok\n  <sub>detail</sub>\n")).toEqual([
      [true, "Ran `rack params set`; **API** key ok"],
    ]);
  });

  it("withoutTicks clears only real boxes", () => {
    const md = "- [x] a\n- [X] b\n\n```\n- [x] code\n```\n";
    expect(withoutTicks(md)).toBe("- [ ] a\n- [ ] b\n\n```\n- [x] code\n```\n");
  });
});
