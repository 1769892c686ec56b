import { setMaxListeners } from "node:events";
import { parseDuration } from "../config/duration.js";
import type { RolloutConfig } from "../config/schema.js";
import type { Result } from "../report/types.js";
import { type Host, type ListContext, listHosts } from "./hosts.js";
import { type Agents, expectedPaths, expectedVersion, type Poll, type ProbeTarget, pollHost } from "./probe.js";
import { type Ending, type HostState, hostsNeeded, rolloutResults } from "./verdict.js";

/** What a progress line says about one rollout; sent when it changes, never per poll. */
export interface RolloutProgress {
  id: string;
  /** Hosts rolled out, of `total` known now. */
  ready: number;
  total: number;
  /** The version being waited for, when `expect.json` names one. */
  version?: string;
  /** When the deadline falls (Date.now() clock). */
  deadlineAt: number;
}

export interface RolloutOptions {
  /** The check, interpolated. */
  check: RolloutConfig;
  place: { file?: string; line?: number };
  list: Omit<ListContext, "signal" | "timeoutMs">;
  timeoutText: string;
  /** Extra attempts of a poll that failed, before it counts as one error. */
  retries: number;
  agents: Agents;
  /** The engine's bound on requests in flight, shared by every check of the stage. */
  pool: <T>(task: () => Promise<T>) => Promise<T>;
  /** When the stage began: the deadline counts from there. */
  startedAt: number;
  /** Ctrl-C or SIGTERM. */
  stop: AbortSignal;
  onProgress?: (progress: RolloutProgress) => void;
}

/** Resolves after `ms`, or at once when `signal` aborts. */
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });

/**
 * The gap before a host's next poll: `interval`, shortened by up to a fifth at random, so hosts
 * polled together drift apart and a host that became ready is seen within one interval.
 */
export const nextGap = (intervalMs: number, random = Math.random()) => intervalMs * (1 - 0.2 * random);

/** Whether one poll settles a host, and how: the state machine of the verdicts. */
export function record(state: HostState, poll: Poll, consecutive: number, errorLimit: number): void {
  state.polls++;
  state.last = poll;
  if (poll.kind === "error") {
    state.errors++;
    state.streak = 0;
    if (state.errors >= errorLimit) state.unhealthy = true;
    return;
  }
  state.errors = 0;
  if (poll.kind === "lagging") {
    state.streak = 0;
    state.version = poll.version;
    // Served the new version once, then another: something put an old build back.
    if (state.served) state.regressedTo = poll.version;
    return;
  }
  state.served = true;
  state.streak++;
  if (state.streak >= consecutive) state.rolledOut = true;
}

/**
 * Watches one rollout until every host has met `expect` `consecutive` times in a row, a host fails
 * for good (regressed, unhealthy), the deadline passes or the stage is stopped. Each host is polled
 * on its own clock under the shared bound; the host list is asked again every interval.
 */
export async function watchRollout(options: RolloutOptions): Promise<Result[]> {
  const { check } = options;
  const intervalMs = parseDuration(check.interval);
  const deadlineAt = options.startedAt + parseDuration(check.deadline);
  const timeoutMs = parseDuration(options.timeoutText);
  const target: ProbeTarget = {
    url: check.url,
    hostHeader: check.host_header,
    expect: check.expect,
    // The schema has checked the paths: they parse.
    paths: expectedPaths(check),
    timeoutMs,
    timeoutText: options.timeoutText,
    agents: options.agents,
  };
  const end = new AbortController();
  const signal = AbortSignal.any([end.signal, options.stop]);
  // Every host's poll and pause listens to it: hundreds of listeners are expected, not a leak.
  setMaxListeners(0, signal);
  const hosts = new Map<string, HostState>();
  let listProblem: string | undefined;
  let listed = false;
  let ending: Ending | undefined;
  let shown = "";

  const finish = (how: Ending) => {
    ending ??= how;
    end.abort(new Error("rollout over"));
  };
  // Counted as hosts change, not recounted per poll: with hundreds of hosts a poll stays O(1).
  let ready = 0;
  const need = hostsNeeded(check);
  const progress = () => {
    const key = `${ready}/${hosts.size}`;
    if (key === shown) return;
    shown = key;
    options.onProgress?.({ id: check.id, ready, total: hosts.size, version: expectedVersion(target), deadlineAt });
  };
  const settle = (changed?: HostState) => {
    if (changed && (changed.regressedTo !== undefined || changed.unhealthy)) return finish({ kind: "failed" });
    if (listed && hosts.size >= need && ready === hosts.size) finish({ kind: "done" });
  };

  const pollLoop = async (state: HostState) => {
    while (!signal.aborted && !state.removed) {
      let poll: Poll;
      try {
        poll = await options.pool(() => pollHost(state.host, target, signal));
        // `retries`, as in the preflight: a failed poll is tried again before it counts as an error.
        for (let retry = 0; poll.kind === "error" && retry < options.retries && !signal.aborted; retry++) {
          poll = await options.pool(() => pollHost(state.host, target, signal));
        }
      } catch {
        return; // the rollout is over: nothing this poll saw counts
      }
      if (signal.aborted || state.removed) return;
      const was = state.rolledOut;
      record(state, poll, check.consecutive, check.error_limit);
      if (state.rolledOut && !was) ready++;
      progress();
      settle(state);
      await sleep(nextGap(intervalMs), signal);
    }
  };

  const refresh = async () => {
    const timer = AbortSignal.timeout(timeoutMs);
    let list: Awaited<ReturnType<typeof listHosts>>;
    try {
      list = await listHosts(check, { ...options.list, signal: AbortSignal.any([signal, timer]), timeoutMs });
    } catch {
      if (signal.aborted) return;
      list = { problem: `listing the hosts took longer than ${options.timeoutText}` };
    }
    if (signal.aborted) return;
    if ("problem" in list) {
      // A failed listing keeps the hosts known: one DNS hiccup must not drop a fleet.
      listProblem = list.problem;
      return;
    }
    listProblem = undefined;
    listed = true;
    const now = new Set(list.hosts.map((h: Host) => h.label));
    for (const [label, state] of hosts) {
      // An instance taken out of DNS is no longer part of the rollout.
      if (!now.has(label)) {
        state.removed = true;
        hosts.delete(label);
        if (state.rolledOut) ready--;
      }
    }
    for (const host of list.hosts) {
      if (hosts.has(host.label)) continue;
      const state: HostState = { host, polls: 0, streak: 0, errors: 0, served: false, rolledOut: false };
      hosts.set(host.label, state);
      void pollLoop(state);
    }
    progress();
    settle();
  };

  const deadline = setTimeout(() => finish({ kind: "deadline" }), Math.max(0, deadlineAt - Date.now()));
  const onStop = () => finish({ kind: "stopped" });
  if (options.stop.aborted) onStop();
  options.stop.addEventListener("abort", onStop, { once: true });
  try {
    const fixed = check.hosts !== undefined;
    await refresh();
    while (!signal.aborted && !fixed) {
      await sleep(intervalMs, signal);
      if (!signal.aborted) await refresh();
    }
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener("abort", () => resolve(), { once: true });
    });
  } finally {
    clearTimeout(deadline);
    options.stop.removeEventListener("abort", onStop);
  }
  const took = Date.now() - options.startedAt;
  return rolloutResults(
    check,
    [...hosts.values()],
    { kind: ending?.kind ?? "stopped", took, listProblem },
    options.place,
    expectedVersion(target),
  );
}
