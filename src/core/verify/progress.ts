import type { RolloutProgress } from "./rollout.js";
import { spoken } from "./verdict.js";

/** "web: 2/3 hosts on 0.149.2, 4m left": one line per rollout, the TTY's live line and the log's. */
export function progressLine(p: RolloutProgress, now = Date.now()): string {
  const on = p.version === undefined ? "ready" : `on ${p.version}`;
  const left = Math.max(0, p.deadlineAt - now);
  // Whole seconds, rounded up: a live line that counts milliseconds flickers.
  return `${p.id}: ${p.ready}/${p.total} host${p.total === 1 ? "" : "s"} ${on}, ${spoken(Math.ceil(left / 1000) * 1000)} left`;
}
