import { appliesTo } from "../config/scope.js";
import { progressLine } from "../verify/progress.js";
import { runVerifyStage } from "../verify/stage.js";
import type { StagePart } from "./types.js";

/**
 * After the deploy: the `verify:` list. Ctrl-C or SIGTERM (the host's interrupts) ends the wait
 * with a report, and the rollouts' progress goes to the host's board.
 */
export const verifyPart: StagePart = {
  name: "verify",
  nothing: "no verify check",
  applies: (loaded, environment) => (loaded.config.verify ?? []).some((check) => appliesTo(check, environment.name)),
  run: async ({ host, prepared }) => {
    const stop = new AbortController();
    const release = host.interrupts?.(() => stop.abort(new Error("interrupted")));
    const board = host.board?.();
    try {
      return await runVerifyStage({
        loaded: prepared.loaded,
        environment: prepared.environment,
        repo: host.repo,
        loadOther: prepared.loadOther,
        processEnv: host.processEnv,
        strict: host.strict,
        log: host.log,
        stop: stop.signal,
        onProgress: (p) => board?.set(p.id, (now) => progressLine(p, now)),
      });
    } finally {
      board?.close();
      release?.();
    }
  },
};
