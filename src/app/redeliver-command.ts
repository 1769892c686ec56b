import { parseArgs } from "node:util";
import { getPrivateKey } from "@probot/get-private-key";
import { type Probot, ProbotOctokit } from "probot";
import { describeError, UserError } from "../core/errors.js";
import { timedFetch } from "../github/octokit.js";
import type { Coordination } from "./coordination/coordination.js";
import { describeReport, parseDuration, redeliverFailed } from "./redeliver.js";
import { withDotEnv } from "./startup.js";

const fail = (message: string) => new UserError(message, { exitCode: 1 });

/** GitHub's API root as Probot derives it: GHE_HOST (and GHE_PROTOCOL) for Enterprise Server. */
const baseUrlOf = (env: NodeJS.ProcessEnv) =>
  env.GHE_HOST ? `${env.GHE_PROTOCOL || "https"}://${env.GHE_HOST}/api/v3` : "https://api.github.com";

/** The app itself (a JWT, no installation): who may list and redeliver its deliveries. */
function appOctokit(env: NodeJS.ProcessEnv, cwd: string) {
  const appId = env.APP_ID?.trim();
  if (!appId) throw fail("APP_ID is not set: redeliver acts as the app; set APP_ID and PRIVATE_KEY as for `npm start`");
  let privateKey: string | null = null;
  try {
    privateKey = getPrivateKey({ env, cwd });
  } catch {}
  if (!privateKey) throw fail("no private key: set PRIVATE_KEY (or PRIVATE_KEY_PATH) as for `npm start`");
  return new ProbotOctokit({
    auth: { appId: Number(appId), privateKey },
    baseUrl: baseUrlOf(env),
    request: { fetch: timedFetch(30_000) },
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
}

/** How often the app looks for failed deliveries itself, and how far back; undefined when it does not. */
export function sweepPlan(env: NodeJS.ProcessEnv): { everyMs: number; sinceMs: number; since: string } | undefined {
  const every = env.DEPLOY_GATE_REDELIVER_EVERY?.trim();
  if (!every) return undefined;
  const everyMs = parseDuration(every);
  const since = env.DEPLOY_GATE_REDELIVER_SINCE?.trim() || "1h";
  const sinceMs = parseDuration(since);
  if (!everyMs) throw fail(`DEPLOY_GATE_REDELIVER_EVERY must be a duration such as 10m (it is "${every}")`);
  if (!sinceMs) throw fail(`DEPLOY_GATE_REDELIVER_SINCE must be a duration such as 1h (it is "${since}")`);
  return { everyMs, sinceMs, since };
}

/**
 * The app's own sweep, every DEPLOY_GATE_REDELIVER_EVERY: one replica a turn (the first to ask in
 * each interval, through the coordination's turn), so no delivery is redelivered twice by two of
 * them. Returns the stop.
 */
export function startSweep(plan: ReturnType<typeof sweepPlan>, app: Probot, coordination: Coordination): () => void {
  if (!plan) return () => {};
  const timer = setInterval(async () => {
    try {
      if (!(await coordination.turn("redeliver", Math.floor(plan.everyMs * 0.9)))) return;
      const octokit = (await app.auth()) as unknown as Parameters<typeof redeliverFailed>[0];
      for (const line of describeReport(await redeliverFailed(octokit, Date.now() - plan.sinceMs), plan.since)) {
        app.log.info(line);
      }
    } catch (error) {
      app.log.warn(
        `the redelivery sweep failed (${describeError(error)}); it runs again in ${plan.everyMs / 60_000} min`,
      );
    }
  }, plan.everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** `node dist/app.js redeliver [--since 1h]`: exit 0 when every failed delivery was asked for again. */
export async function redeliverCommand(
  argv: string[],
  env: NodeJS.ProcessEnv,
  print: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  printError: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<number> {
  try {
    let since: string;
    try {
      since = String(parseArgs({ args: argv, options: { since: { type: "string", default: "1h" } } }).values.since);
    } catch (error) {
      throw fail(`${(error as Error).message}; usage: redeliver [--since 1h]`);
    }
    const window = parseDuration(since);
    if (!window) throw fail(`--since takes a duration such as 30m, 1h or 3d (not "${since}")`);
    const seen = withDotEnv(env, process.cwd());
    const report = await redeliverFailed(appOctokit(seen, process.cwd()), Date.now() - window);
    for (const line of describeReport(report, since)) print(line);
    return report.refused.length ? 1 : 0;
  } catch (error) {
    printError(`deploy-gate redeliver: ${error instanceof UserError ? error.message : describeError(error)}`);
    return 1;
  }
}
