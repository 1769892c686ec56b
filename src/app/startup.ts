import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { getPrivateKey } from "@probot/get-private-key";
import { UserError } from "../core/errors.js";

/**
 * What `npm start` may do with the environment it was given, decided before Probot sees it: Probot
 * itself prints a stack trace for a bad key and then falls into setup mode, and without
 * WEBHOOK_SECRET accepts deliveries signed with its public default secret.
 */
export type StartupPlan =
  /** No APP_ID yet: Probot's setup page registers the app from app.yml and writes `.env`. */
  | { mode: "setup" }
  /** Credentials checked; `secret` verifies deliveries and signs the checklist's hidden state. */
  | { mode: "run"; secret: string }
  /** DEPLOY_GATE_DEV=1 without a secret: Probot's public one, the state unsigned. Never exposed. */
  | { mode: "development" };

/** The switch for running unprotected on a laptop; refused with NODE_ENV=production. */
export const DEV_SWITCH = "DEPLOY_GATE_DEV";

/** Probot's fallback webhook secret, public in its source: a delivery signed with it proves nothing. */
const PROBOT_DEFAULT_SECRET = "development";

const fail = (message: string) => new UserError(message, { exitCode: 1 });

/**
 * The environment as Probot will read it: it loads `.env` from the working folder over the
 * process's variables (that is how setup mode hands over the credentials it wrote).
 */
export function withDotEnv(env: NodeJS.ProcessEnv, cwd: string): NodeJS.ProcessEnv {
  let text: string;
  try {
    text = readFileSync(join(cwd, ".env"), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return env;
    throw fail(
      `cannot read ${join(cwd, ".env")} (${(error as NodeJS.ErrnoException).code}); fix its permissions or remove it`,
    );
  }
  return { ...env, ...parseEnv(text) };
}

/** Reads the key as Probot will (PRIVATE_KEY, PRIVATE_KEY_PATH or one *.pem here) and proves it parses. */
function checkPrivateKey(env: NodeJS.ProcessEnv, cwd: string): void {
  let pem: string | null;
  try {
    pem = getPrivateKey({ env, cwd });
  } catch (error) {
    if (env.PRIVATE_KEY) {
      throw fail(
        "PRIVATE_KEY is not a PEM private key: set it to the whole .pem file GitHub generated for the app (BEGIN and END lines included, newlines kept or written as \\n), or set PRIVATE_KEY_PATH to that file",
      );
    }
    if (env.PRIVATE_KEY_PATH) {
      throw fail(`PRIVATE_KEY_PATH names no file (${env.PRIVATE_KEY_PATH}): set it to the app's .pem file`);
    }
    const several = /more than one file/i.test((error as Error).message);
    throw fail(
      several
        ? `more than one .pem file in ${cwd}: set PRIVATE_KEY_PATH to the app's`
        : `cannot look for a .pem file in ${cwd} (${(error as NodeJS.ErrnoException).code ?? "unreadable"}); set PRIVATE_KEY_PATH to the app's`,
    );
  }
  if (pem === null) {
    throw fail(
      "APP_ID is set but no private key is: set PRIVATE_KEY to the app's .pem file contents, or PRIVATE_KEY_PATH to the file",
    );
  }
  try {
    createPrivateKey(pem);
  } catch {
    const from = env.PRIVATE_KEY
      ? "PRIVATE_KEY"
      : env.PRIVATE_KEY_PATH
        ? "PRIVATE_KEY_PATH's file"
        : "the .pem file here";
    throw fail(
      `${from} looks like a PEM key but does not parse; generate a new private key on the app's settings page and use the downloaded file as it is`,
    );
  }
}

/** Decides the start-up mode, or throws a UserError whose one line says what to set. */
export function planStartup(env: NodeJS.ProcessEnv, cwd: string): StartupPlan {
  const production = env.NODE_ENV === "production";
  const dev = env[DEV_SWITCH] === "1" || env[DEV_SWITCH] === "true";
  if (dev && production) {
    throw fail(`${DEV_SWITCH} and NODE_ENV=production contradict each other: unset ${DEV_SWITCH} in production`);
  }
  const appId = env.APP_ID?.trim();
  if (!appId) {
    if (production) {
      throw fail(
        "APP_ID is not set: set APP_ID, PRIVATE_KEY (or PRIVATE_KEY_PATH) and WEBHOOK_SECRET; to register a new app, start once without NODE_ENV=production (setup mode writes them to .env)",
      );
    }
    if (env.PRIVATE_KEY || env.PRIVATE_KEY_PATH) {
      throw fail(
        "a private key is set but APP_ID is not: set APP_ID to the app's id (on its settings page), or unset both to register a new app",
      );
    }
    return { mode: "setup" };
  }
  if (!/^\d+$/.test(appId)) throw fail("APP_ID must be the app's numeric id, as its settings page shows it");
  checkPrivateKey(env, cwd);
  const secret = env.WEBHOOK_SECRET;
  if (!secret) {
    if (dev) return { mode: "development" };
    throw fail(
      `WEBHOOK_SECRET is not set: set it to the app's webhook secret (without it anyone can sign a delivery with Probot's public default); for local development only, set ${DEV_SWITCH}=1`,
    );
  }
  if (secret === PROBOT_DEFAULT_SECRET && !dev) {
    throw fail(
      `WEBHOOK_SECRET is Probot's public default "${PROBOT_DEFAULT_SECRET}": set a random secret in the app's settings and here (for local development only, set ${DEV_SWITCH}=1)`,
    );
  }
  return { mode: "run", secret };
}
