import type { RolloutConfig } from "../config/schema.js";
import type { Result, Status } from "../report/types.js";
import { type Host, sourceName } from "./hosts.js";
import type { Poll } from "./probe.js";

/** What the watch knows of one host. */
export interface HostState {
  host: Host;
  polls: number;
  /** Polls in a row that met `expect`. */
  streak: number;
  /** Errors in a row. */
  errors: number;
  /** Met `expect` at least once. */
  served: boolean;
  rolledOut: boolean;
  /** The version it last reported while lagging. */
  version?: string;
  /** The version it went back to after serving the new one. */
  regressedTo?: string;
  unhealthy?: boolean;
  last?: Poll;
  /** Gone from the host list (an instance taken out of DNS). */
  removed?: boolean;
}

/** How the watch ended: every host rolled out, one failed for good, the deadline, or Ctrl-C. */
export interface Ending {
  kind: "done" | "failed" | "deadline" | "stopped";
  /** Since the stage began. */
  took?: number;
  /** Why the last host listing failed, when it did. */
  listProblem?: string;
}

export type RolloutVerdict = "rolled-out" | "version-regressed" | "unhealthy" | "hosts-missing" | "rollout-incomplete";

/** How many hosts a rollout must see before it can be done: `expect_hosts`, else one. */
export const hostsNeeded = (check: RolloutConfig) => Math.max(1, check.dns?.expect_hosts ?? 1);

/** When several apply, the first wins. */
export const PRECEDENCE: RolloutVerdict[] = ["version-regressed", "unhealthy", "hosts-missing", "rollout-incomplete"];

const STATUS: Record<RolloutVerdict, Status> = {
  "rolled-out": "pass",
  "version-regressed": "fail",
  unhealthy: "fail",
  "hosts-missing": "fail",
  "rollout-incomplete": "fail",
};

/** 45s, 2m, 2m30s, 800ms: how long, as a person says it. */
export function spoken(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  return s % 60 ? `${Math.floor(s / 60)}m${s % 60}s` : `${s / 60}m`;
}

export function hostVerdict(state: HostState): RolloutVerdict {
  if (state.regressedTo !== undefined) return "version-regressed";
  if (state.unhealthy) return "unhealthy";
  return state.rolledOut ? "rolled-out" : "rollout-incomplete";
}

const reasonOf = (poll: Poll | undefined) => (poll?.kind === "error" ? poll.reason : "");

/** What one host did, in a clause: "10.0.1.6:8080 still serves 0.149.1". */
function what(state: HostState, version: string | undefined, consecutive: number): string {
  const { label } = state.host;
  const served = version ?? "the expected answer";
  switch (hostVerdict(state)) {
    case "version-regressed":
      return `${label} served ${served}, then ${state.regressedTo}`;
    case "unhealthy":
      return `${label} failed ${state.errors} polls in a row (${reasonOf(state.last)})`;
    case "rolled-out":
      return `${label} serves ${served}${consecutive > 1 ? ` (${consecutive} polls in a row)` : ""}`;
  }
  const last = state.last;
  if (!last) return `${label} was not polled yet`;
  if (last.kind === "lagging") return `${label} still serves ${last.version}`;
  if (last.kind === "error") {
    const before = state.served ? served : state.version;
    return before === undefined
      ? `${label} has not answered (${last.reason})`
      : `${label} served ${before}, then failed (${last.reason})`;
  }
  return `${label} served ${served} only ${state.streak} of ${consecutive} polls in a row`;
}

function when(ending: Ending, check: RolloutConfig): string {
  if (ending.kind === "deadline") return `after ${check.deadline}`;
  if (ending.kind === "stopped") return `when the verify was stopped after ${spoken(ending.took ?? 0)}`;
  return "when the check ended";
}

const NEXT: Record<Exclude<RolloutVerdict, "rolled-out">, (c: RolloutConfig) => string> = {
  "version-regressed": () =>
    "an old build is back in service: find what replaced it before this release counts as deployed",
  unhealthy: () => "fix the host, or raise `error_limit` if it is only slow to start",
  "hosts-missing": (c) =>
    c.dns
      ? "bring the missing instances up, or fix `expect_hosts` or the DNS name"
      : "make the host list name the instances",
  "rollout-incomplete": () => "finish the rollout, or raise `deadline` if it needs longer",
};

/** A list of clauses, at most three named. */
function listed(clauses: string[]): string {
  const shown = clauses.slice(0, 3).join(", ");
  return clauses.length > 3 ? `${shown} and ${clauses.length - 3} more` : shown;
}

/**
 * The results of one rollout: one for the check (the verdict that wins, and why), then one per
 * host, id `<check>:<host>`. Only `done` passes: an ending that proved nothing is not a pass.
 */
export function rolloutResults(
  check: RolloutConfig,
  states: HostState[],
  ending: Ending,
  place: { file?: string; line?: number },
  version?: string,
): Result[] {
  const at = { ...(place.file ? { file: place.file } : {}), ...(place.file && place.line ? { line: place.line } : {}) };
  // Only the check's result points at the config: a host's would repeat the same line per host.
  const make = (id: string, verdict: RolloutVerdict, message: string, where = {}): Result => ({
    id,
    status: STATUS[verdict],
    verdict,
    message,
    ...where,
  });
  const need = hostsNeeded(check);
  const byVerdict = (v: RolloutVerdict) => states.filter((s) => hostVerdict(s) === v);
  const ready = byVerdict("rolled-out").length;
  const head =
    states.length === 0
      ? "no host to poll"
      : `${ready} of ${states.length} host${states.length === 1 ? "" : "s"} ${version ? `serve${states.length === 1 ? "s" : ""} ${version}` : "answered as expected"}`;
  const missing = states.length < need;
  const failing = PRECEDENCE.find((v) => (v === "hosts-missing" ? missing : byVerdict(v).length > 0));
  const verdict: RolloutVerdict = failing ?? (ending.kind === "done" ? "rolled-out" : "rollout-incomplete");
  let detail = "";
  if (verdict === "hosts-missing") {
    const source = sourceName(check);
    detail = `${source} lists ${states.length} host${states.length === 1 ? "" : "s"}, ${need} expected${ending.listProblem ? ` (${ending.listProblem})` : ""} ${when(ending, check)}`;
  } else if (verdict === "rollout-incomplete") {
    const lagging = byVerdict("rollout-incomplete").map((s) => what(s, version, check.consecutive));
    detail = `${lagging.length ? listed(lagging) : "the rollout was not seen through"} ${when(ending, check)}`;
  } else if (verdict !== "rolled-out") {
    detail = listed(byVerdict(verdict).map((s) => what(s, version, check.consecutive)));
  }
  const message = verdict === "rolled-out" ? head : `${head}; ${detail}; ${NEXT[verdict](check)}`;
  const perHost = states.map((s) => {
    const v = hostVerdict(s);
    const clause = what(s, version, check.consecutive);
    const text = v === "rolled-out" ? clause : v === "rollout-incomplete" ? `${clause} ${when(ending, check)}` : clause;
    return make(`${check.id}:${s.host.label}`, v, v === "rolled-out" ? text : `${text}; ${NEXT[v](check)}`);
  });
  return [make(check.id, verdict, message, at), ...perHost];
}
