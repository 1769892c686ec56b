import { isAbsolute, relative, resolve } from "node:path";
import { DEFAULT_CONFIG_PATH, type LoadedConfig, loadConfig } from "../core/config/load.js";
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

/** A path as the user knows it: relative to where they stand, unless that climbs out of it. */
export function shownPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}

export function commandContext(options: CommonOptions, io: Io, output: OutputMask): CommandContext {
  const repo = resolve(io.cwd, options.C ?? ".");
  // --config is taken as the user typed it (relative to where they stand), the default lives in the repo.
  const configPath = options.config ? resolve(io.cwd, options.config) : resolve(repo, DEFAULT_CONFIG_PATH);
  const configShown = options.config ?? (options.C ? shownPath(io.cwd, configPath) : DEFAULT_CONFIG_PATH);
  // DESIGN.md: a relative --state resolves against -C.
  const state = options.state ?? DEFAULT_STATE_PATH;
  const statePath = isAbsolute(state) ? state : resolve(repo, state);
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
