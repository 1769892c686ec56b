import type { Context } from "probot";
import { validateConfig } from "../core/config/load.js";
import type { ChecklistConfig, Config } from "../core/config/schema.js";
import { describeError, UserError } from "../core/errors.js";
import { type ConfigFile, fileName, sourceOf } from "./config-source.js";

export const FILE = ".github/deploy-gate.yml";

export type ChecklistSource =
  | { kind: "none" }
  | { kind: "error"; message: string }
  | { kind: "ok"; checklist: ChecklistConfig };

export type ConfigSource = { kind: "none" } | { kind: "error"; message: string } | { kind: "ok"; config: Config };

/**
 * The config on the default branch, through `context.config` so `_extends` works. A GitHub error
 * reading it is thrown (the caller fails closed); an invalid file is an `error` naming its source.
 */
export async function readConfig(context: Context): Promise<ConfigSource> {
  let data: unknown;
  try {
    data = await context.config("deploy-gate.yml");
  } catch (error) {
    if ((error as { status?: number }).status) throw error;
    return { kind: "error", message: `${FILE}: ${describeError(error)}` };
  }
  if (data === null) return { kind: "none" };
  try {
    return { kind: "ok", config: validateConfig(data, FILE) };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { kind: "error", message: describeError(await withSourceFiles(context, data, error)) };
  }
}

/** The checklist from the default branch's config; no file, or no `checklist:` section, means the repository does not use it. */
export async function readChecklist(context: Context): Promise<ChecklistSource> {
  const source = await readConfig(context);
  if (source.kind !== "ok") return source;
  return source.config.checklist ? { kind: "ok", checklist: source.config.checklist } : { kind: "none" };
}

/**
 * The same problems, each naming the file it comes from when the config extends another
 * (`_extends`). Only on this error path are the files read again, one by one; if that fails, the
 * problems keep the repository's own file name.
 */
async function withSourceFiles(context: Context, data: unknown, error: UserError): Promise<UserError> {
  let files: ConfigFile[];
  try {
    files = (await context.octokit.config.get(context.repo({ path: FILE }))).files as ConfigFile[];
  } catch {
    return error;
  }
  if (files.filter((f) => f.config).length < 2 && files[0]?.config) return error;
  const here = context.repo();
  try {
    validateConfig(data, FILE, undefined, (path) => {
      const file = sourceOf(path, files);
      return file ? fileName(file, here) : FILE;
    });
  } catch (named) {
    if (named instanceof UserError) return named;
  }
  return error;
}
