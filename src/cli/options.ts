import { type Command, InvalidArgumentError, Option } from "commander";
import { DEFAULT_CONFIG_PATH } from "../core/config/load.js";
import { DEFAULT_STATE_PATH } from "./context.js";

/** The options commands share; each command takes only those it uses. */
export type SharedOption = "C" | "config" | "state" | "json" | "strict";

const SHARED: Record<SharedOption, () => Option> = {
  C: () => new Option("-C <dir>", "run as if started in <dir> (the repository, or a folder in it)"),
  config: () =>
    new Option("--config <path>", `the config file, relative to the repository root (default: ${DEFAULT_CONFIG_PATH})`),
  state: () =>
    new Option("--state <path>", `the state file, relative to the repository root (default: ${DEFAULT_STATE_PATH})`),
  json: () => new Option("--json", "print one JSON document on stdout; progress goes to stderr"),
  strict: () => new Option("--strict", "treat every warn as a fail"),
};

export function withShared(command: Command, ...names: SharedOption[]): Command {
  for (const name of names) command.addOption(SHARED[name]());
  return command;
}

/** A mandatory option whose value must not be the next option (`--env --json`). */
export function requiredValue(flags: string, description: string, what: string): Option {
  return new Option(flags, `${description} (required)`).makeOptionMandatory().argParser((value: string) => {
    if (value.startsWith("-")) throw new InvalidArgumentError(`"${value}" is an option, not ${what}`);
    return value;
  });
}

export const EXIT_CODES_HELP = `
Exit codes:
  0  passed (warns do not fail unless --strict)
  1  failed: a check, an artifact or an item did not pass
  2  nothing could be checked: a usage or config error, or nothing applies to the environment`;

export const RECORD_EXIT_CODES = `
Exit codes:
  0  recorded: the next baseline is written
  1  nothing recorded: an artifact is missing or has no digest (the report says which)
  2  nothing could be recorded: a usage or config error, or no artifact applies to the environment`;

export const VERIFY_EXIT_CODES = `
Exit codes:
  0  every rollout landed: each host serves the new version, and every other check passed
  1  it did not (a host lags, regressed, is unhealthy or missing), or Ctrl-C / SIGTERM ended the wait
  2  nothing could be checked: a usage or config error, or no verify check applies to the environment`;

export const VALIDATE_EXIT_CODES = `
Exit codes:
  0  the config is valid
  2  it is not (every problem is listed, one FILE:LINE: key.path: what line each)`;

export const PREVIEW_EXIT_CODES = `
Exit codes:
  0  the checklist was printed (it is a preview: nothing is ticked here)
  2  a usage or config error, or a ref git does not know`;

export const PROTECTION_EXIT_CODES = `
Exit codes:
  0  the rule would approve the deploy
  1  it would reject it (the reasons are printed)
  2  a usage or config error, or no run to explain
  3  it would wait: a verdict is pending or absent, or GitHub could not be read`;

/** Help text after a command's options: an example, and what the exit code means. */
export const helpAfter = (examples: string[], exitCodes = EXIT_CODES_HELP) =>
  `\nExample${examples.length > 1 ? "s" : ""}:\n${examples.map((e) => `  $ ${e}`).join("\n")}\n${exitCodes}\n`;
