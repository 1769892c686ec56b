import type { Writable } from "node:stream";
import { type ApplicationFunction, type ProbotOctokit, run, type Server } from "probot";
import { describeError, UserError } from "../core/errors.js";
import { explainErrors } from "../github/explain-errors.js";
import { type WriteBudget, WriteLimiter } from "../github/write-limiter.js";
import { type Coordination, coordinationFor } from "./coordination/index.js";
import { fenceWrites } from "./coordination/lease.js";
import type { RedisTimings } from "./coordination/redis.js";
import { Deliveries } from "./deliveries.js";
import { createApp } from "./index.js";
import { createLog, deliveryLogger, logFormat } from "./log.js";
import { limitedProbotOctokit } from "./octokit.js";
import { redeliverCommand, startSweep, sweepPlan } from "./redeliver-command.js";
import { addRoutes, cachedReachable } from "./routes.js";
import { DEV_SWITCH, planStartup, withDotEnv } from "./startup.js";

/** Said at every start without REDIS_URL: nothing shared holds the checklist's order across processes. */
export const ONE_PROCESS =
  "deploy-gate runs as ONE process per GitHub App: without REDIS_URL it orders each pull request's events in this process's memory, so a second replica or a serverless adapter would race it and post duplicate checklist comments";

/** How long SIGTERM waits for the deliveries in flight (systemd's TimeoutStopSec=20 leaves room). */
export const STOP_GRACE_MS = 10_000;

export interface StartOptions {
  Octokit?: typeof ProbotOctokit;
  /** Where the log goes (stdout by default). */
  logTo?: Writable;
  cwd?: string;
  /** The write limiter's budgets: the scale benchmark raises them to measure the app's own cost. */
  budget?: WriteBudget;
  /** Redis lock and claim timings: tests shorten them. */
  timings?: RedisTimings;
}

/** The app as started: its HTTP server, and the stop that SIGTERM runs. */
export interface RunningApp {
  server: Server;
  coordination: Coordination;
  /** Takes no more deliveries, finishes those in flight within `graceMs`, releases locks, closes. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * `npm start`: Probot's own runner, so its variables work as documented (APP_ID, PRIVATE_KEY,
 * WEBHOOK_SECRET, PORT, HOST, LOG_LEVEL, GHE_HOST, GHE_PROTOCOL), after checks that refuse to run
 * unprotected. The webhook secret also signs the checklist's hidden state. REDIS_URL is ours: it is
 * kept from Probot, whose own use of it (Bottleneck's Redis store for its throttling) our limiter
 * replaces with a window shared through the same Redis.
 */
export async function startApp(env: NodeJS.ProcessEnv = process.env, options: StartOptions = {}): Promise<RunningApp> {
  const cwd = options.cwd ?? process.cwd();
  // Read after `.env`: that is where setup mode leaves the secret, and it must sign the state.
  const seen = withDotEnv(env, cwd);
  const plan = planStartup(seen, cwd);
  const sweep = sweepPlan(seen);
  const log = await createLog(seen, options.logTo);
  const { REDIS_URL: _ours, ...forProbot } = seen;
  const coordination = await coordinationFor(seen, log, options.timings);
  const limiter = new WriteLimiter({ budget: options.budget, store: coordination.writeWindow });
  const base = options.Octokit ?? limitedProbotOctokit(limiter);
  const fence = fenceWrites((lease, request) => coordination.checkLease(lease, request));
  const Octokit = base.plugin(explainErrors("app"), fence) as typeof ProbotOctokit;
  let deliveries: Deliveries | undefined;
  let stopSweep = () => {};
  const appFn: ApplicationFunction = async (app, appOptions) => {
    if (plan.mode === "development") {
      app.log.warn(
        `development mode (${DEV_SWITCH}=1, no WEBHOOK_SECRET): deliveries signed with Probot's public secret are accepted and the checklist state is unsigned; never expose this process`,
      );
    }
    if (coordination.kind === "memory") app.log.info(ONE_PROCESS);
    const handled = new Deliveries(coordination, deliveryLogger(log, logFormat(seen) === "json"));
    deliveries = handled;
    await addRoutes(app, appOptions, plan.mode, {
      store: coordination.kind,
      storeReachable: () => coordination.ping(),
      githubReachable: cachedReachable(async () => {
        await (await app.auth()).request("GET /app");
      }),
      stopping: () => handled.draining,
    });
    // The app's id tells its own checklist check runs from look-alikes (the protection rule's proof).
    const appId = Number(seen.APP_ID?.trim());
    createApp({
      key: plan.mode === "run" ? plan.secret : undefined,
      coordination,
      deliveries: handled,
      ...(Number.isSafeInteger(appId) && appId > 0 ? { appId } : {}),
    })(app);
    stopSweep = startSweep(sweep, app, coordination);
  };
  // In setup mode Probot serves its registration pages instead of loading `appFn`.
  const server = await run(appFn, { env: forProbot as Record<string, string>, log, Octokit });
  return {
    server,
    coordination,
    async stop(graceMs = STOP_GRACE_MS) {
      stopSweep();
      const finished = (await deliveries?.drain(graceMs)) ?? true;
      if (!finished)
        log.warn(`deliveries still in flight after ${graceMs} ms: stopping anyway (GitHub records them as failed)`);
      await coordination.close();
      await server.stop();
    },
  };
}

/**
 * The process: `redeliver` runs that command; otherwise the app, where a start-up refusal is one
 * line on stderr and exit 1, and SIGTERM (docker, systemd) stops cleanly.
 */
export async function main(
  argv: string[] = [],
  env: NodeJS.ProcessEnv = process.env,
  options: StartOptions = {},
): Promise<void> {
  if (argv[0] === "redeliver") process.exit(await redeliverCommand(argv.slice(1), env));
  let app: RunningApp;
  try {
    app = await startApp(env, options);
  } catch (error) {
    process.stderr.write(`deploy-gate app: ${error instanceof UserError ? error.message : describeError(error)}\n`);
    process.exit(1);
  }
  process.once("SIGTERM", () => {
    void app.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
