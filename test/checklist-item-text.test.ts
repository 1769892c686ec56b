// Any item text the config allows round-trips: rendered into the comment, ticked by an allowed user
// where GitHub puts the tick (the box's own character), parsed back and credited to that user.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildState } from "../src/core/checklist/build-state.js";
import { replayTicks } from "../src/core/checklist/history.js";
import { parseTasks } from "../src/core/checklist/parse.js";
import { renderComment } from "../src/core/checklist/render.js";
import { validateConfig } from "../src/core/config/load.js";

const KEY = "k";
const at = "2026-11-22T05:00:00Z";
const roleOf = async () => "write";
const pr = { repo: "o/r", number: 7, headSha: "c".repeat(40), author: "dev", labels: [], files: [] };
const BOT = "deploy-gate[bot]";

/**
 * Renders a checklist of `texts`, ticks item `index` as lead (write) and replays that history, as
 * the app and the action both do, then renders the result.
 */
async function tickAndReconcile(texts: string[], index: number) {
  const config = validateConfig(
    { version: 1, checklist: { items: texts.map((text, i) => ({ id: `i${i}`, text })) } },
    "test.yml",
  ).checklist!;
  const from = renderComment(buildState(config, pr, undefined), KEY);
  const tasks = parseTasks(from);
  expect(tasks).toHaveLength(texts.length);
  const box = tasks[index].boxOffset;
  expect(from.slice(box, box + 3)).toBe("[ ]");
  const body = `${from.slice(0, box)}[x]${from.slice(box + 3)}`;
  const revisions = [
    { editor: BOT, body: from, at },
    { editor: "lead", body, at },
  ];
  const rules = { target: { repo: "o/r", pr: 7 }, bot: BOT, roleOf, isTeamMember: async () => false };
  const replayed = await replayTicks(revisions, rules);
  if (!replayed.state) throw new Error("no layout replayed");
  const state = { ...replayed.state, notes: replayed.notes };
  return { r: { state, body: renderComment(state, KEY) }, from, tasks };
}

// Every inline construct of GFM, as an admin would start, fill or end an item with it.
const CONSTRUCTS: Record<string, string> = {
  emphasis: "_Rolled back_",
  "emphasis (stars)": "*Rolled back*",
  strong: "**Migration**",
  "strong (underscores)": "__Migration__",
  strikethrough: "~~Old~~",
  "strikethrough (single)": "~Old~",
  code: "`rack params set`",
  "code (double backticks)": "``a ` b``",
  link: "[Runbook](https://example.com/runbook)",
  "reference link": "[Runbook][rb]",
  autolink: "<https://example.com>",
  "extended autolink": "https://example.com/x",
  "www autolink": "www.example.com",
  "email autolink": "ops@example.com",
  image: "![status](https://example.com/s.png)",
  "inline HTML": "<b>Docs</b>",
  "HTML comment": "<!-- note -->",
  escapes: "\\*not emphasis\\*",
  "escaped box": "\\[x\\]",
  "entity (named)": "&amp;",
  "entity (numeric)": "&#35;",
  "footnote ref": "[^1]",
  "hard break backslash": "line\\",
  "box-like text": "[x]",
};

describe("item texts round-trip: rendered, ticked, credited", () => {
  for (const [name, construct] of Object.entries(CONSTRUCTS)) {
    for (const [where, text] of [
      ["start", `${construct} rehearsed in staging`],
      ["middle", `Ran ${construct} in staging`],
      ["end", `Checked ${construct}`],
      ["alone", construct],
    ]) {
      it(`${name} at the ${where}: ${text}`, async () => {
        const { r, tasks } = await tickAndReconcile(["Plain first", text, "Plain last"], 1);
        expect(tasks[1].text).toBe(text);
        expect(r.state.notes).toEqual([]);
        expect(r.state.items.map((i) => i.tick?.by)).toEqual([undefined, "lead", undefined]);
        expect(parseTasks(r.body).map((t) => t.checked)).toEqual([false, true, false]);
        expect(r.body).toContain("ticked by @lead");
      });
    }
  }

  it("a text that is only blanks, or starts a block when alone on a line, still renders one task", async () => {
    for (const text of [
      " ",
      "# heading",
      "> quote",
      "- bullet",
      "1. one",
      "```",
      "<div>",
      "---",
      "| a | b |",
      "    four",
    ]) {
      const { r } = await tickAndReconcile([text, "b"], 0);
      expect(r.state.notes, text).toEqual([]);
      expect(r.state.items[0].tick?.by, text).toBe("lead");
    }
  });

  it("a text with line breaks (\\n, \\r\\n, a lone \\r) stays on its one task line", async () => {
    const { r, tasks } = await tickAndReconcile(["first\nsecond", "a\r\nb", "c\rd"], 2);
    expect(tasks.map((t) => t.text)).toEqual(["first second", "a b", "c d"]);
    expect(r.state.items[2].tick?.by).toBe("lead");
  });

  it("any text the config takes (generated) round-trips", async () => {
    const markdownish = fc.constantFrom(
      ..."*_~`[]()<>!\\&#^|-+=:. \tx1é😀\n\r".split(""),
      "[ ]",
      "[x]",
      "- ",
      "> ",
      "```",
    );
    const text = fc
      .oneof(
        fc.array(markdownish, { minLength: 1, maxLength: 12 }).map((a) => a.join("")),
        fc.string({ minLength: 1, unit: "grapheme" }),
      )
      .filter((t) => t.length > 0);
    await fc.assert(
      fc.asyncProperty(text, async (t) => {
        const { r } = await tickAndReconcile(["before", t, "after"], 1);
        expect(r.state.notes).toEqual([]);
        expect(r.state.items.map((i) => Boolean(i.tick))).toEqual([false, true, false]);
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});
