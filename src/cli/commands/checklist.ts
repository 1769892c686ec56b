import { relative } from "node:path";
import { previewChecklist } from "../../core/checklist/preview.js";
import { parseConfig } from "../../core/config/load.js";
import { UserError } from "../../core/errors.js";
import { GitError, git } from "../../core/git.js";
import { EXIT } from "../../core/report/types.js";
import type { CommandContext, CommandOutput } from "../context.js";

/** The config as the base ref has it (the bot's source of truth), else the work tree's. */
async function configAt(ctx: CommandContext, base: string) {
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

async function changedFiles(repo: string, base: string, head: string): Promise<string[]> {
  try {
    // --no-renames lists a renamed file under both names, as the PR's files do.
    const out = await git(repo, ["diff", "--name-only", "--no-renames", `${base}...${head}`]);
    return out.split("\n").filter(Boolean);
  } catch (error) {
    if (error instanceof GitError) {
      throw new UserError(`cannot diff ${base}...${head} (${error.gitMessage}); pass refs that exist in ${repo}`);
    }
    throw error;
  }
}

/** `deploy-gate checklist --base REF --head REF`: the comment the bot would post (exit 0). */
export async function checklistCommand(
  ctx: CommandContext,
  options: { base: string; head: string },
): Promise<CommandOutput> {
  for (const [flag, ref] of [
    ["base", options.base],
    ["head", options.head],
  ]) {
    // A ref git would read as an option (`--output=...`) is refused before git sees it.
    if (!ref || ref.startsWith("-"))
      throw new UserError(`--${flag} "${ref}" is not a git ref; pass a branch, tag or commit`);
  }
  const { loaded, from } = await configAt(ctx, options.base);
  const checklist = loaded.config.checklist;
  if (!checklist) {
    throw new UserError(
      "the config has no `checklist:` section; add one (see the README's Checklist section) to use this command",
      {
        file: loaded.file,
      },
    );
  }
  const head = (await git(ctx.repo, ["rev-parse", "--verify", `${options.head}^{commit}`]).catch(() => "")).trim();
  const preview = previewChecklist(checklist, await changedFiles(ctx.repo, options.base, options.head), head);
  const labels = preview.unknownLabelItems.length
    ? `Labels are unknown locally: ${preview.unknownLabelItems.map((id) => `\`${id}\``).join(", ")} would apply only with one of their labels on the PR.\n`
    : "";
  const text = `${preview.comment.replace(/\n<!-- deploy-gate:state [^\n]* -->\n$/, "\n")}\n---\nItems from ${from}; ${preview.files.length} changed file(s) between ${options.base} and ${options.head}.\n${labels}`;
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
      items: preview.items.map(({ id, text, optional, reason }) => ({
        id,
        text,
        optional,
        ...(reason ? { reason } : {}),
      })),
      labels_unknown: preview.unknownLabelItems,
      comment: preview.comment,
    },
  };
}
