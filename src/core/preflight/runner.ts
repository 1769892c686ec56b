import { setMaxListeners } from "node:events";
import { parseDuration } from "../config/duration.js";
import type { CheckConfig, Defaults } from "../config/schema.js";
import { interpolateDeep } from "../environment/interpolate.js";
import type { Environment } from "../environment/load.js";
import { UserError } from "../errors.js";
import type { Result } from "../report/types.js";
import { commandCheck } from "./checks/command.js";
import { dnsCheck } from "./checks/dns.js";
import { envCheck } from "./checks/env.js";
import { httpCheck } from "./checks/http.js";
import { imagesPinnedCheck } from "./checks/images-pinned.js";
import { k8sRefsCheck } from "./checks/k8s-refs.js";
import { tcpCheck } from "./checks/tcp.js";
import { createPool } from "./pool.js";
import { type CheckContext, result, type Verdict } from "./types.js";

export type SharedContext = Omit<CheckContext, "signal" | "timeoutMs">;

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
};

/** What an attempt that fails in a way nobody foresaw is called, per check type: never a pass. */
const ERROR_VERDICT: Record<CheckConfig["type"], Verdict> = {
  env: "parity-gap",
  http: "unreachable",
  tcp: "unreachable",
  dns: "unresolvable",
  command: "command-failed",
  "k8s-refs": "command-failed",
  "images-pinned": "no-files",
};

/** Network and command checks can succeed on a second try; file checks cannot. */
const RETRIED = new Set<CheckConfig["type"]>(["http", "tcp", "dns", "command"]);

const TIMED_OUT = Symbol("timed out");

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
 * One check: interpolate, then up to 1 + retries attempts, each under its own timeout. A check
 * that ignores its abort signal is abandoned when the timer fires, so it cannot hold the stage.
 */
/**
 * A check with the environment's values in place of `${NAME}`, or the `missing-variable` result
 * that stands for it. `env` names variables rather than using them, and a shell line (`run:`, a
 * rollout's `command:`) gets them exported instead.
 */
export function interpolateCheck<C extends { id: string; type: string }>(
  check: C,
  environment: Environment,
  place: { file?: string; line?: number },
): { resolved: C } | { missing: Result } {
  if (check.type === "env") return { resolved: check };
  const { value, missing } = interpolateDeep(check, environment.values, [
    "run",
    "command",
    "id",
    "type",
    "environments",
  ]);
  if (!missing.length) return { resolved: value };
  const names = missing.map((n) => `\${${n}}`).join(", ");
  return {
    missing: result(
      check.id,
      "missing-variable",
      `the check uses ${names}, which environment "${environment.name}" does not define; add ${missing.length > 1 ? "them" : "it"} to its variables`,
      place,
    ),
  };
}

export async function runCheck(planned: PlannedCheck, options: RunOptions, budget: AbortSignal): Promise<Result[]> {
  const { check } = planned;
  const ctx = options.context;
  const interpolated = interpolateCheck(check, ctx.environment, { file: ctx.configFile, line: planned.line });
  if ("missing" in interpolated) return [interpolated.missing];
  const resolved = interpolated.resolved;
  const timeoutText = check.timeout ?? options.defaults.timeout;
  const timeoutMs = parseDuration(timeoutText);
  const retries = RETRIED.has(check.type) ? (check.retries ?? options.defaults.retries) : 0;
  let last: Result[] = [];
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (budget.aborted) throw budget.reason;
    const timer = new AbortController();
    const signal = AbortSignal.any([budget, timer.signal]);
    let handle: NodeJS.Timeout | undefined;
    const timedOut = new Promise<typeof TIMED_OUT>((resolve) => {
      handle = setTimeout(() => {
        timer.abort(new Error("timeout"));
        resolve(TIMED_OUT);
      }, timeoutMs);
    });
    let outcome: Result[] | typeof TIMED_OUT;
    try {
      outcome = await Promise.race([RUNNERS[check.type](resolved, { ...ctx, signal, timeoutMs }), timedOut]);
    } catch (error) {
      if (budget.aborted) throw budget.reason;
      // A broken config source (a `parity_with` environment's unreadable file) is exit 2, not a verdict.
      if (error instanceof UserError) throw error;
      outcome = timer.signal.aborted
        ? TIMED_OUT
        : [result(check.id, ERROR_VERDICT[check.type], `the check could not run: ${(error as Error).message}`)];
    } finally {
      clearTimeout(handle);
    }
    last =
      outcome === TIMED_OUT
        ? [
            result(
              check.id,
              "timeout",
              `no answer within ${timeoutText}${retries ? ` in ${attempt + 1} attempts` : ""}; check that the target is up and reachable from here, or raise \`timeout\``,
            ),
          ]
        : outcome;
    if (last.every((r) => r.status === "pass") || attempt === retries) break;
    await backoff(attempt, budget);
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
  const budget = new AbortController();
  // Every check in its backoff listens to the budget: hundreds of listeners are expected, not a leak.
  setMaxListeners(0, budget.signal);
  let budgetHandle: NodeJS.Timeout | undefined;
  let over = () => {};
  const budgetOver = new Promise<"over">((resolve) => {
    over = () => {
      budget.abort(new Error("budget"));
      resolve("over");
    };
    budgetHandle = setTimeout(over, budgetMs);
  });
  if (options.stop?.aborted) over();
  options.stop?.addEventListener("abort", over, { once: true });
  const network = createPool(options.defaults.concurrency, budget.signal);
  const commands = createPool(options.defaults.command_concurrency, budget.signal);
  const overBudget = (check: CheckConfig) => [
    result(
      check.id,
      "timeout",
      options.stop?.aborted
        ? "the stage was stopped before this check finished; run it again to check"
        : `the preflight budget of ${budgetText} ran out before this check finished; make the slow checks faster or raise \`defaults.budget\``,
    ),
  ];
  try {
    const all = planned.map(async (p) => {
      const pool = usesCommands(p.check) ? commands : network;
      const run = pool(() => runCheck(p, options, budget.signal)).catch((error) => {
        if (error instanceof UserError) throw error;
        if (budget.signal.aborted) return overBudget(p.check);
        return [
          result(p.check.id, ERROR_VERDICT[p.check.type], `the check could not run: ${(error as Error).message}`),
        ];
      });
      const outcome = await Promise.race([run, budgetOver]);
      const results = outcome === "over" ? overBudget(p.check) : outcome;
      options.onDone?.(p.check, results);
      return results;
    });
    return (await Promise.all(all)).flat();
  } finally {
    clearTimeout(budgetHandle);
    options.stop?.removeEventListener("abort", over);
    budget.abort(new Error("done"));
  }
}
