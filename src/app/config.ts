import type { Context } from "probot";
import { validateConfig } from "../core/config/load.js";
import type { ChecklistConfig } from "../core/config/schema.js";
import { describeError } from "../core/errors.js";

const FILE = ".github/deploy-gate.yml";

export type ChecklistSource =
  | { kind: "none" }
  | { kind: "error"; message: string }
  | { kind: "ok"; checklist: ChecklistConfig };

/**
 * The checklist from the default branch's config, through `context.config` so `_extends` works.
 * No file, or no `checklist:` section, means the repository does not use it.
 */
export async function readChecklist(context: Context): Promise<ChecklistSource> {
  let data: unknown;
  try {
    data = await context.config("deploy-gate.yml");
  } catch (error) {
    if ((error as { status?: number }).status) throw error;
    return { kind: "error", message: `${FILE}: ${describeError(error)}` };
  }
  if (data === null) return { kind: "none" };
  try {
    const config = validateConfig(data, FILE);
    return config.checklist ? { kind: "ok", checklist: config.checklist } : { kind: "none" };
  } catch (error) {
    return { kind: "error", message: describeError(error) };
  }
}
