import type { Writable } from "node:stream";
import { type ApplicationFunction, type ProbotOctokit, run, type Server } from "probot";
import { describeError, UserError } from "../core/errors.js";
import { explainErrors } from "../github/explain-errors.js";
import { WriteLimiter } from "../github/write-limiter.js";
import { createApp } from "./index.js";
import { createLog } from "./log.js";
import { limitedProbotOctokit } from "./octokit.js";
import { addRoutes } from "./routes.js";
import { DEV_SWITCH, planStartup, withDotEnv } from "./startup.js";

/** Said at every start: nothing shared holds the checklist's order across processes yet. */
export const ONE_PROCESS =
  "deploy-gate runs as ONE process per GitHub App: it orders each pull request's events in this process's memory, so a second replica or a serverless adapter would race it and post duplicate checklist comments";

export interface StartOptions {
  Octokit?: typeof ProbotOctokit;
  /** Where the log goes (stdout by default). */
  logTo?: Writable;
  cwd?: string;
}

/**
 * `npm start`: Probot's own runner, so its variables work as documented (APP_ID, PRIVATE_KEY,
 * WEBHOOK_SECRET, PORT, HOST, LOG_LEVEL, GHE_HOST, GHE_PROTOCOL), after checks that refuse to run
 * unprotected. The webhook secret also signs the checklist's hidden state.
 */
export async function startApp(env: NodeJS.ProcessEnv = process.env, options: StartOptions = {}): Promise<Server> {
  const cwd = options.cwd ?? process.cwd();
  // Read after `.env`: that is where setup mode leaves the secret, and it must sign the state.
  const seen = withDotEnv(env, cwd);
  const plan = planStartup(seen, cwd);
  const log = await createLog(seen, options.logTo);
  const base = options.Octokit ?? limitedProbotOctokit(new WriteLimiter());
  const Octokit = base.plugin(explainErrors("app")) as typeof ProbotOctokit;
  const appFn: ApplicationFunction = async (app, appOptions) => {
    if (plan.mode === "development") {
      app.log.warn(
        `development mode (${DEV_SWITCH}=1, no WEBHOOK_SECRET): deliveries signed with Probot's public secret are accepted and the checklist state is unsigned; never expose this process`,
      );
    }
    app.log.info(ONE_PROCESS);
    await addRoutes(app, appOptions, plan.mode);
    // The app's id tells its own checklist check runs from look-alikes (the protection rule's proof).
    const appId = Number(seen.APP_ID?.trim());
    createApp({
      key: plan.mode === "run" ? plan.secret : undefined,
      ...(Number.isSafeInteger(appId) && appId > 0 ? { appId } : {}),
    })(app);
  };
  // In setup mode Probot serves its registration pages instead of loading `appFn`.
  return run(appFn, { env: seen as Record<string, string>, log, Octokit });
}

/** The process: a start-up refusal is one line on stderr and exit 1; SIGTERM (docker, systemd) stops cleanly. */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let server: Server;
  try {
    server = await startApp(env);
  } catch (error) {
    process.stderr.write(`deploy-gate app: ${error instanceof UserError ? error.message : describeError(error)}\n`);
    process.exit(1);
  }
  process.once("SIGTERM", () => {
    void server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
