import { appliesTo } from "../config/scope.js";
import { progressLine } from "../verify/progress.js";
import { runVerifyStage } from "../verify/stage.js";
import { checkStageOptions } from "./preflight.js";
import type { StagePart } from "./types.js";

/**
 * After the deploy: the `verify:` list. Ctrl-C or SIGTERM (the host's interrupts) ends the wait
 * with a report, and the rollouts' progress goes to the host's board.
 */
export const verifyPart: StagePart = {
  name: "verify",
  nothing: "no verify check",
  applies: (loaded, environment) => (loaded.config.verify ?? []).some((check) => appliesTo(check, environment.name)),
  run: async (run) => {
    const { host } = run;
    const stop = new AbortController();
    const release = host.interrupts?.(() => stop.abort(new Error("interrupted")));
    const board = host.board?.();
    try {
      return await runVerifyStage({
        ...checkStageOptions(run),
        stop: stop.signal,
        onProgress: (p) => board?.set(p.id, (now) => progressLine(p, now)),
      });
    } finally {
      board?.close();
      release?.();
    }
  },
};
