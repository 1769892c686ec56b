import { createRequire as __gateRequire } from "node:module"; const require = __gateRequire(import.meta.url);
import {
  githubApi
} from "./chunk-YHXHY4C7.js";
import "./chunk-LIHBNUI2.js";
import {
  CUT
} from "./chunk-R2DIGXLS.js";
import {
  parseDuration
} from "./chunk-RBESHOKK.js";
import {
  UserError,
  compileGlob,
  describeError
} from "./chunk-ESZZZHL2.js";
import "./chunk-OLBDVPO5.js";

// src/core/protection/decide.ts
var COMMENT_LIMIT = 1024;
var short = (sha) => sha.slice(0, 7);
var refName = (ref) => ref.replace(/^refs\/(heads|tags)\//, "");
var statusContext = (requirement, environment) => requirement === "checklist" ? "deploy-gate/checklist" : `deploy-gate/${requirement} (${environment})`;
function withinLimit(text, max = COMMENT_LIMIT) {
  return text.length <= max ? text : `${text.slice(0, max - 1)}${CUT}`;
}
function policyFor(config, environment, file) {
  const names = Object.keys(config?.environments ?? {});
  const exact = names.find((n) => n === environment);
  const matching = names.filter((n) => n.toLowerCase() === environment.toLowerCase());
  if (!exact && matching.length > 1) {
    return {
      kind: "error",
      message: `${file} defines ${matching.map((n) => `\`${n}\``).join(" and ")}, which GitHub treats as the same environment ${environment}; keep one`
    };
  }
  const name = exact ?? matching[0];
  const protection = name ? config?.environments?.[name]?.protection : void 0;
  if (!config) return { kind: "none", why: `there is no ${file} on the default branch` };
  if (!name || !protection) {
    return {
      kind: "none",
      why: `${file} on the default branch has no \`environments.${environment}.protection\`, so deploy-gate has no policy for ${environment}; add one (see the README's "Deployment protection rule")`
    };
  }
  return { kind: "ok", name, protection };
}
function refusals(policy, run) {
  if (policy.kind === "none") return [policy.why];
  if (policy.kind === "error") return [];
  const reasons = [];
  const { protection } = policy;
  if (run.fromFork) reasons.push("the run's code comes from a fork; deploy-gate never approves a deploy from a fork");
  const ref = refName(run.ref);
  if (protection.refs && !protection.refs.some((glob) => compileGlob(glob)(ref))) {
    reasons.push(
      `ref \`${ref}\` is not deployable to ${policy.name} (\`protection.refs\`: ${protection.refs.join(", ")})`
    );
  }
  if (protection.events && !protection.events.includes(run.event)) {
    reasons.push(
      `a \`${run.event}\` run may not deploy to ${policy.name} (\`protection.events\`: ${protection.events.join(", ")})`
    );
  }
  return reasons;
}
var line = (v) => `- ${v.name}: ${v.description ?? v.state}${v.url ? ` (${v.url})` : ""}`.replace(/\s*\n\s*/g, " ");
var rejected = (input, reasons) => ({
  state: "rejected",
  reasons,
  comment: withinLimit(
    [`deploy-gate rejected the deploy of ${short(input.run.sha)} to ${input.environment}:`, ...reasons].join("\n")
  )
});
function decide(input) {
  const { policy, run } = input;
  const refused = refusals(policy, run);
  if (refused.length)
    return rejected(
      input,
      refused.map((r) => `- ${r}`)
    );
  if (policy.kind === "error") {
    return {
      state: "pending",
      error: true,
      waitingFor: [],
      comment: withinLimit(
        `deploy-gate cannot decide for ${short(run.sha)}: ${policy.message}. It decides on the next status or check event for that commit.`
      )
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
      ...faults.map((f) => `- ${f}`)
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
          ...unknown.map((r) => `- ${statusContext(r, policy.name)} was not read`)
        ].join("\n")
      )
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
          ...waiting.map(
            (v) => v.state === "absent" ? `- ${v.name}: not yet published by this run` : line({ ...v, description: v.description ?? "pending" })
          )
        ].join("\n")
      )
    };
  }
  return {
    state: "approved",
    comment: withinLimit(
      `deploy-gate approved ${short(run.sha)} for ${input.environment}: ${verdicts.map((v) => v.name).join(", ")} green.`
    )
  };
}

// src/github/protection.ts
var STATUS_PAGES = 3;
function runFactsOf(run, given = {}) {
  const head = run.head_repository;
  const base = run.repository;
  const fromFork = !head || (head.id !== void 0 && base?.id !== void 0 ? head.id !== base.id : head.full_name !== base?.full_name);
  return {
    id: run.id,
    event: given.event ?? run.event,
    ref: given.ref ?? run.head_branch ?? "",
    sha: given.sha ?? run.head_sha,
    fromFork,
    startedAt: Date.parse(run.run_started_at ?? run.created_at)
  };
}
function listOf(data, what) {
  if (!Array.isArray(data)) throw new Error(`GitHub's answer for ${what} is not a list`);
  return data;
}
function asRun(data, what) {
  const run = data;
  if (!run || typeof run !== "object" || typeof run.id !== "number" || typeof run.head_sha !== "string" || !run.repository) {
    throw new Error(`GitHub's answer for ${what} is not a workflow run`);
  }
  return run;
}
async function getRun(api, ref, runId) {
  const { data } = await api.request("GET /repos/{owner}/{repo}/actions/runs/{run_id}", { ...ref, run_id: runId });
  return asRun(data, `workflow run ${runId}`);
}
async function waitingRuns(api, ref, sha) {
  const { data } = await api.request("GET /repos/{owner}/{repo}/actions/runs", {
    ...ref,
    head_sha: sha,
    status: "waiting",
    per_page: 100
  });
  const runs = data.workflow_runs;
  if (!Array.isArray(runs)) throw new Error(`GitHub's answer for the waiting runs of ${sha.slice(0, 7)} lists no runs`);
  return runs.map((run) => asRun(run, `a waiting run of ${sha.slice(0, 7)}`));
}
async function pendingEnvironments(api, ref, runId) {
  const { data } = await api.request("GET /repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments", {
    ...ref,
    run_id: runId
  });
  return listOf(data, `the pending deployments of run ${runId}`).flatMap(
    (d) => d.environment?.name ? [d.environment.name] : []
  );
}
function namesRun(targetUrl, repoUrl, runId) {
  if (!targetUrl) return false;
  const prefix = `${repoUrl.replace(/\/+$/, "")}/actions/runs/${runId}`.toLowerCase();
  const url = targetUrl.toLowerCase();
  return url === prefix || url.startsWith(prefix) && /^[/?#]/.test(url.slice(prefix.length));
}
async function statusVerdicts(api, ref, target, requirements) {
  const statuses = [];
  for (let page = 1; page <= STATUS_PAGES; page++) {
    const { data } = await api.request("GET /repos/{owner}/{repo}/commits/{ref}/statuses", {
      ...ref,
      ref: target.sha,
      per_page: 100,
      page
    });
    const listed = listOf(data, `the statuses of ${target.sha.slice(0, 7)}`);
    statuses.push(...listed);
    if (listed.length < 100) break;
  }
  return requirements.map((requirement) => {
    const name = statusContext(requirement, target.environment);
    const found = statuses.filter(
      (s) => s.context.toLowerCase() === name.toLowerCase() && namesRun(s.target_url, target.repoUrl, target.run.id) && Date.parse(s.created_at) >= target.run.startedAt
    ).sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at))[0];
    if (!found) return { requirement, name, state: "absent" };
    const state = found.state === "success" ? "success" : found.state === "pending" ? "pending" : "failure";
    return {
      requirement,
      name,
      state,
      ...found.description ? { description: found.description } : {},
      ...found.target_url ? { url: found.target_url } : {}
    };
  });
}
var CHECKLIST = "deploy-gate/checklist";
async function checklistVerdict(api, ref, sha, appId, given = []) {
  const base = { requirement: "checklist", name: CHECKLIST };
  if (!appId) throw new Error("the app does not know its own id (APP_ID), so it cannot tell its checklist check");
  const merged = (pulls) => pulls.find((p) => p.merged_at && p.merge_commit_sha === sha);
  let pull = merged(given);
  if (!pull) {
    const { data: data2 } = await api.request("GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls", {
      ...ref,
      commit_sha: sha
    });
    pull = merged(listOf(data2, `the pull requests of ${sha.slice(0, 7)}`));
  }
  if (!pull) {
    return {
      ...base,
      state: "failure",
      description: `no merged pull request brought ${sha.slice(0, 7)} (a direct push), so no checklist was ticked for it`
    };
  }
  const { data } = await api.request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", {
    ...ref,
    ref: pull.head.sha,
    check_name: CHECKLIST,
    app_id: appId,
    filter: "latest",
    per_page: 100
  });
  const ours = listOf(
    data.check_runs,
    `the check runs of ${pull.head.sha.slice(0, 7)}`
  ).filter((c) => c.app?.id === appId).sort((a, b) => b.id - a.id)[0];
  const url = ours?.html_url ?? pull.html_url;
  if (!ours) {
    return {
      ...base,
      state: "failure",
      description: `#${pull.number} was merged without a deploy-gate/checklist check from the deploy-gate app on its last head ${pull.head.sha.slice(0, 7)}`,
      ...url ? { url } : {}
    };
  }
  const title = ours.output?.title ?? ours.conclusion ?? ours.status;
  if (ours.status !== "completed")
    return { ...base, state: "pending", description: `#${pull.number}: ${title}`, ...url ? { url } : {} };
  return {
    ...base,
    state: ours.conclusion === "success" ? "success" : "failure",
    description: ours.conclusion === "success" ? `#${pull.number}: ${title}` : `#${pull.number} was merged with the checklist at "${title}"`,
    ...url ? { url } : {}
  };
}
var faultOf = (doing, error) => `${doing} failed: ${describeError(error).split("\n")[0]}`;
async function requiredVerdicts(api, ref, target, policy) {
  const faults = [];
  const verdicts = [];
  const statuses = policy.protection.require.filter((r) => r !== "checklist");
  const reads = [];
  if (statuses.length) {
    reads.push(
      statusVerdicts(api, ref, { ...target, environment: policy.name }, statuses).then(
        (found) => void verdicts.push(...found),
        (error) => void faults.push(faultOf(`reading the statuses of ${target.sha.slice(0, 7)}`, error))
      )
    );
  }
  if (policy.protection.require.includes("checklist")) {
    reads.push(
      checklistVerdict(api, ref, target.sha, target.appId, target.pulls).then(
        (found) => void verdicts.push(found),
        (error) => void faults.push(faultOf("reading the checklist", error))
      )
    );
  }
  await Promise.all(reads);
  const order = policy.protection.require;
  verdicts.sort((a, b) => order.indexOf(a.requirement) - order.indexOf(b.requirement));
  return { verdicts, faults };
}

// src/github/protection-review.ts
async function evaluate(api, ref, input) {
  const { policy, run } = input;
  if (policy.kind !== "ok" || refusals(policy, run).length || input.faults?.length) return decide(input);
  const { verdicts, faults } = await requiredVerdicts(
    api,
    ref,
    { sha: run.sha, repoUrl: input.repoUrl, run, appId: input.appId, pulls: input.pulls },
    policy
  );
  return decide({ ...input, verdicts, faults });
}

// src/cli/commands/protection.ts
var PROTECTION_EXIT = { approved: 0, rejected: 1, pending: 3 };
var positive = (value, flag) => {
  if (value === void 0) return void 0;
  if (!/^\d+$/.test(value) || Number(value) === 0) throw new UserError(`${flag} must be a number, got "${value}"`);
  return Number(value);
};
async function findRun(api, ref, options) {
  const given = positive(options.run, "--run");
  if (given) return getRun(api, ref, given);
  for (const run of await waitingRuns(api, ref, options.sha)) {
    const waiting = await pendingEnvironments(api, ref, run.id);
    if (waiting.some((name) => name.toLowerCase() === options.env.toLowerCase())) return run;
  }
  throw new UserError(
    `no workflow run of ${options.sha.slice(0, 7)} is waiting on ${options.env}; pass --run ID to explain a run that is not waiting`
  );
}
async function protectionCommand(ctx, options) {
  const { env } = ctx.io;
  const api = githubApi(
    env,
    "set GITHUB_TOKEN (or GH_TOKEN) to a token that can read the repository's actions, statuses and checks"
  );
  const full = options.repo ?? env.GITHUB_REPOSITORY;
  const [owner, repo, extra] = (full ?? "").split("/");
  if (!owner || !repo || extra !== void 0) throw new UserError("pass --repo OWNER/NAME (or set GITHUB_REPOSITORY)");
  if (!/^[0-9a-f]{40}$/i.test(options.sha))
    throw new UserError(`--sha must be a full 40-character commit id, got "${options.sha}"`);
  const appId = positive(options.appId ?? env.DEPLOY_GATE_APP_ID, "--app-id");
  const loaded = await ctx.loadConfig();
  const policy = policyFor(loaded.config, options.env, loaded.file);
  if (policy.kind === "ok" && policy.protection.require.includes("checklist") && !appId) {
    throw new UserError(
      "the policy requires `checklist`, proven by the deploy-gate app's check run: pass --app-id (the app's id, on its settings page) or set DEPLOY_GATE_APP_ID"
    );
  }
  const ref = { owner, repo };
  let run;
  try {
    run = await findRun(api, ref, options);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`reading the workflow runs of ${options.sha.slice(0, 7)} failed: ${error.message}`, {
      exitCode: 1
    });
  }
  const facts = runFactsOf(run, { sha: options.sha.toLowerCase() });
  const decision = await evaluate(api, ref, {
    environment: options.env,
    policy,
    run: facts,
    repoUrl: run.html_url.replace(/\/actions\/runs\/\d+.*$/, ""),
    appId,
    now: Date.now()
  });
  const header = `${options.env} at ${facts.sha.slice(0, 7)}, run ${run.id} (${facts.event} of ${facts.ref || "?"}): ${decision.state}`;
  return {
    text: `${header}
${decision.comment}
`,
    document: {
      version: 1,
      ok: decision.state === "approved",
      decision: decision.state,
      environment: options.env,
      commit: facts.sha,
      run: run.id,
      comment: decision.comment,
      ...decision.state === "rejected" ? { reasons: decision.reasons } : {},
      ...decision.state === "pending" ? { waitingFor: decision.waitingFor } : {}
    },
    exitCode: PROTECTION_EXIT[decision.state]
  };
}
export {
  PROTECTION_EXIT,
  protectionCommand
};
