import { UserError } from "../../core/errors.js";
import type { Report } from "../../core/report/types.js";
import type { CommandContext } from "../context.js";

export async function preflightCommand(_ctx: CommandContext, _options: { env: string }): Promise<Report> {
  throw new UserError("the preflight command is not built yet");
}
