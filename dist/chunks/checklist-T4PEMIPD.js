import { createRequire as __gateRequire } from "node:module"; const require = __gateRequire(import.meta.url);
import {
  EXIT
} from "./chunk-G3GDNLYP.js";
import {
  buildState,
  labelOnlyItems,
  renderComment
} from "./chunk-YVTGUR2J.js";
import {
  parseConfig
} from "./chunk-JFA4QK6K.js";
import {
  GitError,
  git
} from "./chunk-YIBPZSQ5.js";
import "./chunk-RBESHOKK.js";
import {
  UserError
} from "./chunk-ESZZZHL2.js";
import "./chunk-OLBDVPO5.js";

// src/cli/commands/checklist.ts
import { relative } from "node:path";

// src/core/checklist/preview.ts
function previewChecklist(checklist, files, head) {
  const state = buildState(checklist, { number: 0, headSha: head, author: "", labels: [], files }, void 0);
  return {
    files,
    items: state.items,
    unknownLabelItems: labelOnlyItems(checklist),
    comment: renderComment(state)
  };
}

// src/cli/commands/checklist.ts
async function configAt(ctx, base) {
  const inRepo = relative(ctx.repo, ctx.configPath);
  if (!inRepo.startsWith("..")) {
    try {
      const text = await git(ctx.repo, ["show", `${base}:${inRepo.split("\\").join("/")}`]);
      return { loaded: parseConfig(text, ctx.configShown), from: `${base}:${inRepo}` };
    } catch (error) {
      if (!(error instanceof GitError)) throw error;
    }
  }
  return { loaded: await ctx.loadConfig(), from: `${ctx.configShown} (the work tree; ${base} has none)` };
}
async function changedFiles(repo, base, head) {
  try {
    const out = await git(repo, ["diff", "--name-only", "--no-renames", `${base}...${head}`]);
    return out.split("\n").filter(Boolean);
  } catch (error) {
    if (error instanceof GitError) {
      throw new UserError(`cannot diff ${base}...${head} (${error.gitMessage}); pass refs that exist in ${repo}`);
    }
    throw error;
  }
}
async function checklistCommand(ctx, options) {
  for (const [flag, ref] of [
    ["base", options.base],
    ["head", options.head]
  ]) {
    if (!ref || ref.startsWith("-"))
      throw new UserError(`--${flag} "${ref}" is not a git ref; pass a branch, tag or commit`);
  }
  const { loaded, from } = await configAt(ctx, options.base);
  const checklist = loaded.config.checklist;
  if (!checklist) {
    throw new UserError(
      "the config has no `checklist:` section; add one (see the README's Checklist section) to use this command",
      {
        file: loaded.file
      }
    );
  }
  const head = (await git(ctx.repo, ["rev-parse", "--verify", `${options.head}^{commit}`]).catch(() => "")).trim();
  const preview = previewChecklist(checklist, await changedFiles(ctx.repo, options.base, options.head), head);
  const labels = preview.unknownLabelItems.length ? `Labels are unknown locally: ${preview.unknownLabelItems.map((id) => `\`${id}\``).join(", ")} would apply only with one of their labels on the PR.
` : "";
  const text = `${preview.comment.replace(/\n<!-- deploy-gate:state [^\n]* -->\n$/, "\n")}
---
Items from ${from}; ${preview.files.length} changed file(s) between ${options.base} and ${options.head}.
${labels}`;
  return {
    text,
    exitCode: EXIT.pass,
    document: {
      version: 1,
      ok: true,
      base: options.base,
      head: options.head,
      config: from,
      files: preview.files,
      items: preview.items.map(({ id, text: text2, optional, reason }) => ({
        id,
        text: text2,
        optional,
        ...reason ? { reason } : {}
      })),
      labels_unknown: preview.unknownLabelItems,
      comment: preview.comment
    }
  };
}
export {
  checklistCommand
};
