import { allResults, type Kit, type Result } from "./kit.js";

/** What a scene proves: the planted fault is caught with its verdict, and the fix passes. */
export interface SceneOutcome {
  /** The gate's result for the planted fault; absent when it was missed. */
  caught?: Result;
  /** The exit code of the gate on the fault (1 refuses the deploy). */
  faultyExit: number;
  /** The exit code of the gate once the fault is fixed (0 lets the deploy go). */
  fixedExit: number;
  /** Why the fixed run did not pass, when it did not. */
  fixedProblem?: string;
  /** Every result of the faulty run with the scene's verdict (a scene may need several caught). */
  found?: Result[];
  /** Why the scene could not be played here (a tool it needs is missing): never counted as caught. */
  notRun?: string;
}

/** One incident of the README's "What it catches" table, replayed. */
export interface Scene {
  /** The row of the README's table. */
  incident: number;
  /** What happened, in a few words. */
  title: string;
  stage: string;
  /** The verdict that catches it. */
  verdict: string;
  /** The result id that carries the verdict (a prefix: `env` matches `env:API_KEY`). */
  id: string;
  play(kit: Kit): Promise<SceneOutcome>;
}

export const matches = (r: Result, scene: Pick<Scene, "id" | "verdict">) =>
  (r.id === scene.id || r.id.startsWith(`${scene.id}:`)) && r.verdict === scene.verdict;

/** A scene's scratch repository: the release that was fine, the fault planted in it, and the fix. */
export interface Script {
  command: "artifacts" | "preflight" | "gate" | "predict" | "verify";
  /** Added to the gate's environment (a build tool's settings, credentials, endpoints). */
  env?: Record<string, string>;
  environment?: string;
  /** Release 1, committed. */
  files: Record<string, string>;
  /** Record release 1 as deployed first (the artifacts stage needs a baseline). */
  record?: boolean;
  /** What the next release changed: the fault. */
  fault: Record<string, string>;
  /** The same release, fixed. */
  fix: Record<string, string>;
  /** What the fix does outside the repository (the fleet redeployed), before the gate runs again. */
  applyFix?: () => void;
}

/** Plays a script: commit, (record), plant the fault, run the gate, fix it, run the gate again. */
export async function replay(kit: Kit, scene: Pick<Scene, "id" | "verdict">, script: Script): Promise<SceneOutcome> {
  const env = script.environment ?? "production";
  const repo = kit.repo();
  repo.write(script.files);
  repo.commit("release 1");
  const gate = (...args: string[]) => kit.gateWith(script.env ?? {}, repo, ...args);
  if (script.record) {
    const recorded = await gate("record", "--env", env);
    if (recorded.code !== 0) throw new Error(`recording release 1 failed: ${recorded.stderr || recorded.stdout}`);
  }
  repo.write(script.fault);
  repo.commit("release 2");
  const faulty = await gate(script.command, "--env", env);
  repo.write(script.fix);
  repo.commit("release 2, fixed");
  script.applyFix?.();
  const fixed = await gate(script.command, "--env", env);
  const failing = allResults(fixed.json).filter((r) => r.status === "fail");
  return {
    caught: allResults(faulty.json).find((r) => matches(r, scene)),
    found: allResults(faulty.json).filter((r) => matches(r, scene)),
    faultyExit: faulty.code,
    fixedExit: fixed.code,
    fixedProblem: failing.length
      ? failing.map((r) => `${r.id} ${r.verdict}: ${r.message}`).join("; ")
      : fixed.code !== 0
        ? (fixed.json?.error?.message ?? fixed.stderr.trim())
        : undefined,
  };
}

/** A scene passed: the fault caught (exit 1) and the fix let through (exit 0). */
export const passed = (o: SceneOutcome) => Boolean(o.caught) && o.faultyExit === 1 && o.fixedExit === 0;

/** The demo's count: a scene that could not run here is neither caught nor failed. */
export function tally(outcomes: SceneOutcome[]): { caught: number; failed: number; notRun: number } {
  const ran = outcomes.filter((o) => o.notRun === undefined);
  return {
    caught: ran.filter((o) => o.caught).length,
    failed: ran.filter((o) => !passed(o)).length,
    notRun: outcomes.length - ran.length,
  };
}
