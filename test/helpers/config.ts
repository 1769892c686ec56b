import { expect } from "vitest";
import { parseConfig } from "../../src/core/config/load.js";
import { UserError } from "../../src/core/errors.js";

/** The UserError `run` throws; the test fails when it throws none, or something else. */
export function userError(run: () => unknown): UserError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as UserError;
  }
  throw new Error("no error was thrown");
}

/** The UserError that config text gives, read as `.github/deploy-gate.yml`. */
export const configError = (text: string): UserError => userError(() => parseConfig(text, ".github/deploy-gate.yml"));
