import { UserError } from "../../core/errors.js";
import type { Report } from "../../core/report/types.js";
import type { CommandContext } from "../context.js";

export async function artifactsCommand(_ctx: CommandContext, _options: { env: string }): Promise<Report> {
  throw new UserError("the artifacts command is not built yet");
}
