import { EXIT } from "../../core/report/types.js";
import type { CommandContext, CommandOutput } from "../context.js";

/** `deploy-gate validate`: the config only. Errors throw (exit 2); success says what it found. */
export async function validateCommand(ctx: CommandContext): Promise<CommandOutput> {
  const { config, file } = await ctx.loadConfig();
  const envs = Object.keys(config.environments ?? {});
  const summary = {
    environments: envs,
    artifacts: config.artifacts?.length ?? 0,
    checks: config.preflight?.length ?? 0,
    checklistItems: config.checklist?.items.length ?? 0,
  };
  const text = `${file} is valid: ${envs.length} environment(s)${envs.length ? ` (${envs.join(", ")})` : ""}, ${summary.artifacts} artifact(s), ${summary.checks} preflight check(s), ${summary.checklistItems} checklist item(s)\n`;
  return { document: { version: 1, ok: true, config: file, ...summary }, text, exitCode: EXIT.pass };
}
