import { type ProbotOctokit, run, type Server } from "probot";
import { WriteLimiter } from "../github/write-limiter.js";
import { createApp } from "./index.js";
import { limitedProbotOctokit } from "./octokit.js";

/**
 * `npm start`: Probot's own runner, so its variables work as documented (APP_ID, PRIVATE_KEY,
 * WEBHOOK_SECRET, PORT, HOST, LOG_LEVEL, GHE_HOST, GHE_PROTOCOL). The webhook secret also signs
 * the checklist's hidden state.
 */
export function startApp(
  env: NodeJS.ProcessEnv = process.env,
  options: { Octokit?: typeof ProbotOctokit } = {},
): Promise<Server> {
  return run(createApp({ key: env.WEBHOOK_SECRET || undefined }), {
    env: env as Record<string, string>,
    Octokit: options.Octokit ?? limitedProbotOctokit(new WriteLimiter()),
  });
}
