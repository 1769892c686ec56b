import { parseDuration } from "../config/duration.js";
import type { Config, ProtectionConfig, ProtectionRequirement } from "../config/schema.js";
import { compileGlob } from "../glob-match.js";
import { CUT } from "../report/cut.js";

/**
 * The deployment protection rule's decision, from facts the front end gathered: the policy of the
 * environment, the workflow run being gated and each required verdict as GitHub shows it. Pure:
 * no I/O, no clock (the time comes in as `now`).
 */

/** GitHub keeps at most 1024 characters of a protection rule's comment or status report. */
export const COMMENT_LIMIT = 1024;

/** The policy of one GitHub environment, from the config on the default branch. */
export type PolicySource =
  /** No config file, or no `protection` for this environment: the rule has nothing to apply. */
  | { kind: "none"; why: string }
  /** The config could not be read or is invalid (`message` says which and what to do): no decision until then. */
  | { kind: "error"; message: string }
  /** `name` is the config's spelling of the environment (statuses carry it). */
  | { kind: "ok"; name: string; protection: ProtectionConfig };

/** The run whose job waits for the rule. */
export interface RunFacts {
  id: number;
  /** The event that triggered the run: push, workflow_dispatch, ... */
  event: string;
  /** The ref being deployed, as GitHub gives it (a branch or tag name, or refs/...). */
  ref: string;
  sha: string;
  /** The run's code came from a fork of the repository. */
  fromFork: boolean;
  /** When this attempt of the run started (ms since the epoch). */
  startedAt: number;
}

/** One required verdict as found on GitHub. */
export interface VerdictFact {
  requirement: ProtectionRequirement;
  /** The status context or check name it was looked up by. */
  name: string;
  state: "success" | "failure" | "pending" | "absent";
  /** The verdict's own words (a status description, a check title), or why it fails without one. */
  description?: string;
  url?: string;
}

export interface ProtectionInput {
  /** The GitHub environment's name. */
  environment: string;
  policy: PolicySource;
  run: RunFacts;
  /** One per requirement of the policy; left out when the run was refused before they were read. */
  verdicts?: VerdictFact[];
  /** What could not be read (a GitHub 5xx, a timeout): nothing is approved while any is left. */
  faults?: string[];
  now: number;
}

export type ProtectionDecision =
  | { state: "approved"; comment: string }
  | { state: "rejected"; comment: string; reasons: string[] }
  /** No decision yet: `comment` is the status report; `error` when an error, not a verdict, holds it. */
  | { state: "pending"; comment: string; waitingFor: string[]; error: boolean };

const short = (sha: string) => sha.slice(0, 7);

/** Without refs/heads/ or refs/tags/: how `refs:` globs are written. */
export const refName = (ref: string): string => ref.replace(/^refs\/(heads|tags)\//, "");

/** The status context the action writes for a stage and environment. */
export const statusContext = (requirement: ProtectionRequirement, environment: string): string =>
  requirement === "checklist" ? "deploy-gate/checklist" : `deploy-gate/${requirement} (${environment})`;

/** Cut at GitHub's limit, marked where text was dropped. */
export function withinLimit(text: string, max = COMMENT_LIMIT): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}${CUT}`;
}

/**
 * The config's environment that is this GitHub environment: by name, case-insensitively (GitHub
 * treats environment names so). Two config names that differ only in case are a config error.
 */
export function policyFor(config: Config | undefined, environment: string, file: string): PolicySource {
  const names = Object.keys(config?.environments ?? {});
  const exact = names.find((n) => n === environment);
  const matching = names.filter((n) => n.toLowerCase() === environment.toLowerCase());
  if (!exact && matching.length > 1) {
    return {
      kind: "error",
      message: `${file} defines ${matching.map((n) => `\`${n}\``).join(" and ")}, which GitHub treats as the same environment ${environment}; keep one`,
    };
  }
  const name = exact ?? matching[0];
  const protection = name ? config?.environments?.[name]?.protection : undefined;
  if (!config) return { kind: "none", why: `there is no ${file} on the default branch` };
  if (!name || !protection) {
    return {
      kind: "none",
      why: `${file} on the default branch has no \`environments.${environment}.protection\`, so deploy-gate has no policy for ${environment}; add one (see the README's "Deployment protection rule")`,
    };
  }
  return { kind: "ok", name, protection };
}

/** Why the run may not deploy at all, before any verdict is read: fork, ref, event, no policy. */
export function refusals(policy: PolicySource, run: RunFacts): string[] {
  if (policy.kind === "none") return [policy.why];
  if (policy.kind === "error") return [];
  const reasons: string[] = [];
  const { protection } = policy;
  if (run.fromFork) reasons.push("the run's code comes from a fork; deploy-gate never approves a deploy from a fork");
  const ref = refName(run.ref);
  if (protection.refs && !protection.refs.some((glob) => compileGlob(glob)(ref))) {
    reasons.push(
      `ref \`${ref}\` is not deployable to ${policy.name} (\`protection.refs\`: ${protection.refs.join(", ")})`,
    );
  }
  if (protection.events && !protection.events.includes(run.event)) {
    reasons.push(
      `a \`${run.event}\` run may not deploy to ${policy.name} (\`protection.events\`: ${protection.events.join(", ")})`,
    );
  }
  return reasons;
}

const line = (v: VerdictFact) =>
  `- ${v.name}: ${v.description ?? v.state}${v.url ? ` (${v.url})` : ""}`.replace(/\s*\n\s*/g, " ");

const rejected = (input: ProtectionInput, reasons: string[]): ProtectionDecision => ({
  state: "rejected",
  reasons,
  comment: withinLimit(
    [`deploy-gate rejected the deploy of ${short(input.run.sha)} to ${input.environment}:`, ...reasons].join("\n"),
  ),
});

export function decide(input: ProtectionInput): ProtectionDecision {
  const { policy, run } = input;
  const refused = refusals(policy, run);
  if (refused.length)
    return rejected(
      input,
      refused.map((r) => `- ${r}`),
    );
  if (policy.kind === "error") {
    return {
      state: "pending",
      error: true,
      waitingFor: [],
      comment: withinLimit(
        `deploy-gate cannot decide for ${short(run.sha)}: ${policy.message}. It decides on the next status or check event for that commit.`,
      ),
    };
  }
  if (policy.kind !== "ok") throw new Error("unreachable");
  const verdicts = input.verdicts ?? [];
  const failing = verdicts.filter((v) => v.state === "failure");
  if (failing.length) return rejected(input, failing.map(line));
  const faults = input.faults ?? [];
  const required = policy.protection.require;
  const unknown = required.filter((r) => !verdicts.some((v) => v.requirement === r));
  const waiting = verdicts.filter((v) => v.state === "pending" || v.state === "absent");
  const wait = policy.protection.wait;
  if ((waiting.length || faults.length || unknown.length) && wait && input.now - run.startedAt > parseDuration(wait)) {
    const names = [...waiting.map((v) => v.name), ...unknown.map((r) => statusContext(r, policy.name))];
    return rejected(input, [
      `- still waiting after ${wait} (\`protection.wait\`) for ${names.length ? names.join(", ") : "GitHub to answer"}`,
      ...faults.map((f) => `- ${f}`),
    ]);
  }
  if (faults.length || unknown.length) {
    return {
      state: "pending",
      error: true,
      waitingFor: waiting.map((v) => v.name),
      comment: withinLimit(
        [
          `deploy-gate cannot decide yet for ${short(run.sha)} (it never approves after an error); it decides on the next status or check event:`,
          ...faults.map((f) => `- ${f}`),
          ...unknown.map((r) => `- ${statusContext(r, policy.name)} was not read`),
        ].join("\n"),
      ),
    };
  }
  if (waiting.length) {
    return {
      state: "pending",
      error: false,
      waitingFor: waiting.map((v) => v.name),
      comment: withinLimit(
        [
          `deploy-gate is waiting for ${short(run.sha)} on ${input.environment}:`,
          ...waiting.map((v) =>
            v.state === "absent"
              ? `- ${v.name}: not yet published by this run`
              : line({ ...v, description: v.description ?? "pending" }),
          ),
        ].join("\n"),
      ),
    };
  }
  return {
    state: "approved",
    comment: withinLimit(
      `deploy-gate approved ${short(run.sha)} for ${input.environment}: ${verdicts.map((v) => v.name).join(", ")} green.`,
    ),
  };
}
