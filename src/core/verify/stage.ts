import type { CheckConfig, RolloutConfig } from "../config/schema.js";
import { NothingToCheck } from "../nothing-to-check.js";
import { createPool } from "../preflight/pool.js";
import { interpolateCheck, type PlannedCheck, runChecks } from "../preflight/runner.js";
import { checkContext, type PreflightOptions, plannedChecks } from "../preflight/stage.js";
import { stageReport } from "../report/build.js";
import type { Result, StageReport } from "../report/types.js";
import { createAgents } from "./probe.js";
import { type RolloutProgress, watchRollout } from "./rollout.js";

/** The preflight's options (the environment just deployed, the checkout of the commit deployed), and: */
export interface VerifyOptions extends PreflightOptions {
  /** Ctrl-C or SIGTERM: hosts not done yet are `rollout-incomplete`, and the stage returns its report. */
  stop?: AbortSignal;
  /** A rollout's progress changed (a host became ready, the host list changed); never once per poll. */
  onProgress?: (progress: RolloutProgress) => void;
}

/**
 * The verify stage, after a deploy: every `rollout` watched until its hosts serve the new version,
 * then the other checks listed (smoke tests: a half-rolled-out fleet would prove little), under
 * `defaults.budget` as in the preflight. Results come back in the config's order.
 */
export async function runVerifyStage(options: VerifyOptions): Promise<StageReport> {
  const { loaded, environment } = options;
  const { config } = loaded;
  const context = checkContext(options);
  const stop = options.stop ?? new AbortController().signal;
  const planned = plannedChecks(loaded, "verify", environment.name);
  if (planned.length === 0) {
    throw new NothingToCheck(["verify"], environment.name, "no verify check", loaded.file);
  }
  const startedAt = Date.now();
  const rollouts: { check: RolloutConfig; line?: number; index: number }[] = [];
  const others: (PlannedCheck & { index: number })[] = [];
  for (const { check, line, index } of planned) {
    if (check.type === "rollout") rollouts.push({ check, line, index });
    else others.push({ check, line, index });
  }
  options.log?.(
    `verify: ${planned.length} check${planned.length === 1 ? "" : "s"} for "${environment.name}" (${rollouts.length} rollout${rollouts.length === 1 ? "" : "s"})`,
  );
  const byIndex = new Map<number, Result[]>();
  const { defaults } = config;
  const pool = createPool(defaults.concurrency, stop);
  const agents = createAgents();
  try {
    await Promise.all(
      rollouts.map(async (p) => {
        const place = { file: loaded.file, line: p.line };
        const interpolated = interpolateCheck(p.check, environment, place);
        if ("missing" in interpolated) return byIndex.set(p.index, [interpolated.missing]);
        const results = await watchRollout({
          check: interpolated.resolved,
          place,
          list: { repo: options.repo, values: environment.values, processEnv: context.processEnv },
          timeoutText: p.check.timeout ?? defaults.timeout,
          retries: p.check.retries ?? defaults.retries,
          agents,
          pool,
          startedAt,
          stop,
          onProgress: options.onProgress,
        });
        byIndex.set(p.index, results);
      }),
    );
  } finally {
    agents.destroy();
  }
  if (others.length) {
    const results = await runChecks(others, {
      context,
      defaults,
      stop,
    });
    // runChecks keeps the order it was given: hand each check its own results back.
    for (const p of others)
      byIndex.set(
        p.index,
        results.filter((r) => ownedBy(r, p.check)),
      );
  }
  return stageReport(
    "verify",
    planned.flatMap((p) => byIndex.get(p.index) ?? []),
    options.strict,
  );
}

const ownedBy = (r: Result, check: CheckConfig) => r.id === check.id || r.id.startsWith(`${check.id}:`);
