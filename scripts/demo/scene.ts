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
  /** Set when the scene could not run here ("needs nix"): neither caught nor failed. */
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
  command: "artifacts" | "preflight" | "gate" | "predict";
  /** Added to the gate's environment (a build tool's settings). */
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
}

/** Plays a script: commit, (record), plant the fault, run the gate, fix it, run the gate again. */
export async function replay(kit: Kit, scene: Pick<Scene, "id" | "verdict">, script: Script): Promise<SceneOutcome> {
  const env = script.environment ?? "production";
  const repo = kit.repo();
  repo.write(script.files);
  repo.commit("release 1");
  if (script.record) {
    const recorded = await kit.gateWith(script.env ?? {}, repo, "record", "--env", env);
    if (recorded.code !== 0) throw new Error(`recording release 1 failed: ${recorded.stderr || recorded.stdout}`);
  }
  repo.write(script.fault);
  repo.commit("release 2");
  const faulty = await kit.gateWith(script.env ?? {}, repo, script.command, "--env", env);
  repo.write(script.fix);
  repo.commit("release 2, fixed");
  const fixed = await kit.gateWith(script.env ?? {}, repo, script.command, "--env", env);
  const failing = allResults(fixed.json).filter((r) => r.status === "fail");
  return {
    caught: allResults(faulty.json).find((r) => matches(r, scene)),
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
