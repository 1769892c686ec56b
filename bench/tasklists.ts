// Task-list bench: the parser's time per body (median of runs) next to cmark-gfm's (GitHub's own C
// parser, rendering the same body to HTML) in the same run, as a ratio. Bodies up to GitHub's cap
// (65,536 characters), ordinary and pathological: a PR description is written by the PR's author.
import { createRequire } from "node:module";
import { MAX_BODY_CHARS, parseTasks } from "../src/core/checklist/parse.js";

const cmark = createRequire(import.meta.url)("cmark-gfm") as { renderHtmlSync(md: string, options: object): string };
const CMARK_OPTIONS = {
  extensions: { table: true, strikethrough: true, autolink: true, tasklist: true },
  footnotes: true,
};

const fill = (unit: string) => unit.repeat(Math.floor(MAX_BODY_CHARS / unit.length));
const BODIES: [string, string][] = [
  [
    "PR description, 64 KB of task items",
    fill("- [ ] **Migration** rehearsed with `rack params set`\n  - [x] [Runbook](https://x.y) followed\n"),
  ],
  ["`- ` x 4,000 then `[ ] a` (8 KB)", `${"- ".repeat(4000)}[ ] a`],
  ["`- ` to the cap then `[ ] a`", `${"- ".repeat(MAX_BODY_CHARS / 2 - 3)}[ ] a`],
  ["64 KB of `> `", fill("> ")],
  // cmark-gfm walks every open level on each blank line: quadratic, so kept to 500 levels.
  ["500 nested items then blank lines", `${"- ".repeat(500)}a\n${"\n".repeat(MAX_BODY_CHARS - 1003)}`],
  ["64 KB of `[`", fill("[")],
  ["table of 16,000 rows", `a|b\n-|-\n${fill("c|d\n").slice(8)}`],
];

/** The median time of `runs` calls, or of 3 when one call takes over half a second. */
const median = (f: () => void, runs: number) => {
  const times: number[] = [];
  for (let i = 0; i < (times[0] > 500 ? 3 : runs); i++) {
    const start = performance.now();
    f();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
};

export default async function bench(): Promise<void> {
  const RUNS = 15;
  console.log(`median of ${RUNS} runs per body (ms); ratio = parser / cmark-gfm on the same body`);
  console.log("body                                        chars   tasks   parser  cmark-gfm    ratio");
  for (const [label, body] of BODIES) {
    const tasks = parseTasks(body).length;
    const ours = median(() => parseTasks(body), RUNS);
    const peer = median(() => cmark.renderHtmlSync(body, CMARK_OPTIONS), RUNS);
    console.log(
      `${label.padEnd(42)}${String(body.length).padStart(7)}${String(tasks).padStart(8)}${ours.toFixed(2).padStart(9)}${peer.toFixed(2).padStart(11)}${(ours / peer).toPrecision(2).padStart(8)}x`,
    );
  }
}
