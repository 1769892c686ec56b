import { setMaxListeners } from "node:events";
import { withTimeout } from "../budget.js";
import { parseDuration } from "../config/duration.js";
import type { CheckConfig, Defaults } from "../config/schema.js";
import { interpolateDeep, undefinedIn } from "../environment/interpolate.js";
import type { Environment } from "../environment/load.js";
import { UserError } from "../errors.js";
import type { Result } from "../report/types.js";
import { awsCheck } from "./checks/aws.js";
import { commandCheck } from "./checks/command.js";
import { dnsCheck } from "./checks/dns.js";
import { envCheck } from "./checks/env.js";
import { httpCheck } from "./checks/http.js";
import { imagesPinnedCheck } from "./checks/images-pinned.js";
import { k8sRefsCheck } from "./checks/k8s-refs.js";
import { tcpCheck } from "./checks/tcp.js";
import { createPool } from "./pool.js";
import { type CheckContext, result } from "./types.js";

export type SharedContext = Omit<CheckContext, "signal" | "timeoutMs" | "concurrency">;

export interface PlannedCheck {
  check: CheckConfig;
  /** Where the check sits in the config, for results that point at the config. */
  line?: number;
}

export interface RunOptions {
  context: SharedContext;
  defaults: Defaults;
  /** What is left of `defaults.budget` (identity ran first and spent some); the whole budget when absent. */
  budgetMs?: number;
  /** Called once per finished check, for progress on stderr. */
  onDone?: (check: CheckConfig, results: Result[]) => void;
  /** Ends the run early (Ctrl-C): unfinished checks then report `timeout`, saying they were stopped. */
  stop?: AbortSignal;
}

const RUNNERS: Record<CheckConfig["type"], (check: any, ctx: CheckContext) => Promise<Result[]>> = {
  env: envCheck,
  http: httpCheck,
  tcp: tcpCheck,
  dns: dnsCheck,
  command: commandCheck,
  "k8s-refs": k8sRefsCheck,
  "images-pinned": imagesPinnedCheck,
  aws: awsCheck,
};

/** Network and command checks can succeed on a second try; file checks cannot. */
const RETRIED = new Set<CheckConfig["type"]>(["http", "tcp", "dns", "command"]);

/**
 * The one result of a check that failed in a way nobody foresaw (a bug, an I/O error): never a
 * pass, and never a verdict that claims something about the environment it did not find.
 */
const couldNotRun = (check: CheckConfig, error: unknown): Result[] => [
  result(check.id, "could-not-run", `the check could not run: ${(error as Error).message}`),
];

/** A short pause between attempts (250ms, 500ms, 1s, ... capped at 2s) that the budget cuts short. */
const backoff = (attempt: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, Math.min(2000, 250 * 2 ** attempt));
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });

/**
 * One attempt under its own timeout: the check's results, or `undefined` when it timed out. A check
 * that ignores its abort signal is abandoned when the timer fires, so it cannot hold the stage.
 */
async function attempt(
  check: CheckConfig,
  ctx: Omit<CheckContext, "signal" | "timeoutMs">,
  timeoutMs: number,
  budget: AbortSignal,
) {
  let timer: AbortSignal | undefined;
  try {
    const outcome = await withTimeout(timeoutMs, (signal) => {
      timer = signal;
      return RUNNERS[check.type](check, { ...ctx, signal: AbortSignal.any([budget, signal]), timeoutMs });
    });
    return outcome?.value;
  } catch (error) {
    if (budget.aborted) throw budget.reason;
    // A broken config source (a `parity_with` environment's unreadable file) is exit 2, not a verdict.
    if (error instanceof UserError) throw error;
    return timer?.aborted ? undefined : couldNotRun(check, error);
  }
}

/**
 * A check with the environment's values in place of `${NAME}`, or the `missing-variable` result
 * that stands for it. `env` names variables rather than using them, a shell line (`run:`, a
 * rollout's `command:`) gets them exported instead, and `aws` interpolates each `exists` entry
 * itself, so each result names the variable it came from.
 */
export function interpolateCheck<C extends { id: string; type: string }>(
  check: C,
  environment: Environment,
  place: { file?: string; line?: number },
): { resolved: C } | { missing: Result } {
  if (check.type === "env") return { resolved: check };
  const skip = ["run", "command", "id", "type", "environments", "exists"];
  const { value, missing } = interpolateDeep(check, environment.values, skip);
  if (!missing.length) return { resolved: value };
  return {
    missing: result(check.id, "missing-variable", `the check uses ${undefinedIn(missing, environment.name)}`, place),
  };
}

/** One check: interpolate, then up to 1 + retries attempts, each under its own timeout. */
export async function runCheck(planned: PlannedCheck, options: RunOptions, budget: AbortSignal): Promise<Result[]> {
  const { check } = planned;
  const ctx = { ...options.context, concurrency: options.defaults.concurrency };
  const interpolated = interpolateCheck(check, ctx.environment, { file: ctx.configFile, line: planned.line });
  if ("missing" in interpolated) return [interpolated.missing];
  const resolved = interpolated.resolved;
  const timeoutText = check.timeout ?? options.defaults.timeout;
  const timeoutMs = parseDuration(timeoutText);
  const retries = RETRIED.has(check.type) ? (check.retries ?? options.defaults.retries) : 0;
  let last: Result[] = [];
  for (let n = 0; n <= retries; n++) {
    if (budget.aborted) throw budget.reason;
    last = (await attempt(resolved, ctx, timeoutMs, budget)) ?? [
      result(
        check.id,
        "timeout",
        `no answer within ${timeoutText}${retries ? ` in ${n + 1} attempts` : ""}; check that the target is up and reachable from here, or raise \`timeout\``,
      ),
    ];
    if (last.every((r) => r.status === "pass") || n === retries) break;
    await backoff(n, budget);
  }
  return last;
}

const usesCommands = (check: CheckConfig) =>
  check.type === "command" || (check.type === "k8s-refs" && check.kubectl !== undefined);

/**
 * Runs every check concurrently under two bounds (network checks, commands), each with its own
 * timeout, and the whole set under the budget: when it runs out, unfinished checks report
 * `timeout` and the stage returns. Results come back in the config's order.
 */
export async function runChecks(planned: PlannedCheck[], options: RunOptions): Promise<Result[]> {
  const budgetText = options.defaults.budget;
  const budgetMs = Math.max(0, options.budgetMs ?? parseDuration(budgetText));
  const overBudget = (check: CheckConfig) => [
    result(
      check.id,
      "timeout",
      options.stop?.aborted
        ? "the stage was stopped before this check finished; run it again to check"
        : `the preflight budget of ${budgetText} ran out before this check finished; make the slow checks faster or raise \`defaults.budget\``,
    ),
  ];
  // Each check's results as it finishes: when the budget runs out, the finished ones still count.
  const finished: (Result[] | undefined)[] = planned.map(() => undefined);
  const done = (index: number, results: Result[]) => {
    finished[index] = results;
    options.onDone?.(planned[index].check, results);
  };
  await withTimeout(budgetMs, async (timer) => {
    // A stop ends the set as the budget does, at once: a check that ignores its signal is left behind.
    const budget = options.stop ? AbortSignal.any([timer, options.stop]) : timer;
    // Every check in its backoff listens to the budget: hundreds of listeners are expected, not a leak.
    setMaxListeners(0, budget);
    const network = createPool(options.defaults.concurrency, budget);
    const commands = createPool(options.defaults.command_concurrency, budget);
    const stopped = new Promise<void>((resolve) => budget.addEventListener("abort", () => resolve(), { once: true }));
    await Promise.race([
      stopped,
      Promise.all(
        planned.map(async (p, index) => {
          const pool = usesCommands(p.check) ? commands : network;
          const results = await pool(() => runCheck(p, options, budget)).catch((error) => {
            if (error instanceof UserError) throw error;
            return budget.aborted ? overBudget(p.check) : couldNotRun(p.check, error);
          });
          // A check that ends after the budget ran out is already reported as over it.
          if (!budget.aborted) done(index, results);
        }),
      ),
    ]);
  });
  planned.forEach((p, index) => {
    if (!finished[index]) done(index, overBudget(p.check));
  });
  return finished.flatMap((results) => results ?? []);
}
