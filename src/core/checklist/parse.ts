import type { ListItem, Nodes } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";

export interface Task {
  checked: boolean;
  /** The first line of the item as written, without the box. */
  text: string;
  /** Offset of the `[` of the box in the source. */
  boxOffset: number;
}

/**
 * GFM task items, in document order, found by the real GFM parser: boxes inside code, HTML
 * comments or tables are not task items, which no regex gets right.
 */
export function parseTasks(markdown: string): Task[] {
  const tree = fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  const tasks: Task[] = [];
  const visit = (node: Nodes) => {
    if (node.type === "listItem") addTask(markdown, node, tasks);
    if ("children" in node) for (const child of node.children) visit(child as Nodes);
  };
  visit(tree);
  return tasks;
}

function addTask(source: string, item: ListItem, tasks: Task[]): void {
  if (typeof item.checked !== "boolean") return;
  const start = item.position?.start.offset ?? 0;
  const first = item.children[0]?.position?.start.offset;
  if (first === undefined) return;
  // The box sits between the bullet and the item's first paragraph.
  const prefix = source.slice(start, first);
  const box = prefix.lastIndexOf("[");
  const end = source.indexOf("\n", first);
  tasks.push({
    checked: item.checked,
    text: source.slice(first, end === -1 ? undefined : end).trimEnd(),
    boxOffset: start + box,
  });
}

/** The body with every task box written as `[ ]`: two bodies that differ only in ticks compare equal. */
export function withoutTicks(markdown: string, tasks: readonly Task[] = parseTasks(markdown)): string {
  let out = markdown;
  for (const task of tasks) out = `${out.slice(0, task.boxOffset)}[ ]${out.slice(task.boxOffset + 3)}`;
  return out;
}
