import { taskBoxes } from "./gfm-blocks.js";

export interface Task {
  checked: boolean;
  /** The first line of the item as written, without the box. */
  text: string;
  /** Offset of the `[` of the box in the source. */
  boxOffset: number;
}

/** GitHub refuses an issue, pull request or comment body longer than this many characters. */
export const MAX_BODY_CHARS = 65_536;

/** A body longer than GitHub allows: its task list is not read at all (fail closed). */
export class BodyTooLongError extends Error {
  constructor(readonly chars: number) {
    super(
      `The text is ${chars.toLocaleString("en-US")} characters long, more than the ${MAX_BODY_CHARS.toLocaleString("en-US")} GitHub allows, so its task list was not read; shorten it.`,
    );
    this.name = "BodyTooLongError";
  }
}

/** Characters as GitHub counts them (code points: an emoji is one). */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/**
 * GFM task items, in document order, as GitHub finds them: list items whose first line opens with
 * `[ ]`, `[x]` or `[X]` and a space or tab, found by following the block structure as cmark-gfm
 * builds it, so boxes inside code, HTML blocks or tables are not task items. Linear in the body's
 * length; throws BodyTooLongError past GitHub's cap.
 */
export function parseTasks(markdown: string): Task[] {
  if (markdown.length > MAX_BODY_CHARS) {
    const chars = codePoints(markdown);
    if (chars > MAX_BODY_CHARS) throw new BodyTooLongError(chars);
  }
  return taskBoxes(markdown).map(({ checked, text, boxOffset }) => ({ checked, text, boxOffset }));
}

/** The body with every task box written as `[ ]`: two bodies that differ only in ticks compare equal. */
export function withoutTicks(markdown: string, tasks: readonly Task[] = parseTasks(markdown)): string {
  let out = markdown;
  for (const task of tasks) out = `${out.slice(0, task.boxOffset)}[ ]${out.slice(task.boxOffset + 3)}`;
  return out;
}
