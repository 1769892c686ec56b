import { UserError } from "../../core/errors.js";
import type { CommandContext } from "../context.js";

export async function checklistCommand(
  _ctx: CommandContext,
  _options: { base: string; head: string },
): Promise<{ text: string; json: unknown }> {
  throw new UserError("the checklist command is not built yet");
}
