import { stat } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
import { DEFAULT_CONFIG_PATH, type LoadedConfig, loadConfig } from "../core/config/load.js";
import { UserError } from "../core/errors.js";
import { workTreeRoot } from "../core/git.js";
import type { OutputMask } from "../core/report/mask.js";
import type { Io } from "./io.js";

export const DEFAULT_STATE_PATH = ".deploy-gate/state.json";

export interface CommonOptions {
  C?: string;
  config?: string;
  state?: string;
  json?: boolean;
  strict?: boolean;
}

/** Everything a command needs, resolved once: paths are absolute, `shown` paths are as the user knows them. */
export interface CommandContext {
  repo: string;
  configPath: string;
  configShown: string;
  statePath: string;
  json: boolean;
  strict: boolean;
  /** Already masked (maskedIo): learns an environment's secrets through `output.use`. */
  io: Io;
  output: OutputMask;
  loadConfig: () => Promise<LoadedConfig>;
}

/** What a command prints: `document` with --json, `text` without, then it exits with `exitCode`. */
export interface CommandOutput {
  document: unknown;
  text: string;
  exitCode: number;
}

/** A path as the user knows it: relative to where they stand, unless that climbs out of it. */
export function shownPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}

/** The directory -C names (where the user stands without it); a missing one is a usage error. */
async function startDirectory(options: CommonOptions, io: Io): Promise<string> {
  const dir = resolve(io.cwd, options.C ?? ".");
  const info = await stat(dir).catch(() => undefined);
  if (!info)
    throw new UserError(`-C ${options.C ?? "."}: the directory ${dir} does not exist; pass the repository's path`);
  if (!info.isDirectory())
    throw new UserError(`-C ${options.C ?? "."}: ${dir} is not a directory; pass the repository's path`);
  return dir;
}

/**
 * Resolves the repository the way git does: from a subfolder (or -C naming one) the work tree's
 * root, so the default config is found; a relative --config or --state resolves against that root.
 */
export async function commandContext(options: CommonOptions, io: Io, output: OutputMask): Promise<CommandContext> {
  const repo = await workTreeRoot(await startDirectory(options, io));
  const configPath = resolve(repo, options.config ?? DEFAULT_CONFIG_PATH);
  const configShown = shownPath(io.cwd, configPath);
  const statePath = resolve(repo, options.state ?? DEFAULT_STATE_PATH);
  return {
    repo,
    configPath,
    configShown,
    statePath,
    json: Boolean(options.json),
    strict: Boolean(options.strict),
    io,
    output,
    loadConfig: () => loadConfig(configPath, configShown),
  };
}
