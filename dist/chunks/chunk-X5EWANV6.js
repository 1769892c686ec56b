import { createRequire as __gateRequire } from "node:module"; const require = __gateRequire(import.meta.url);
import {
  belongs,
  branchApplies,
  buildState,
  decodeState,
  hasMarker,
  parseTasks,
  reasonText,
  renderComment,
  taskText,
  userVisibleShape,
  withoutTicks
} from "./chunk-YVTGUR2J.js";
import {
  anyGlob,
  globSource,
  sourceTest
} from "./chunk-ESZZZHL2.js";

// src/core/checklist/audit.ts
var when = (iso) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
function auditLines(state, trail = []) {
  const on = (sha) => sha === state.sha ? "" : ` (on ${sha.slice(0, 7)})`;
  const entries = trail.map((t) => ({
    at: t.at,
    line: `${when(t.at)}: @${t.by} ${t.what} "${t.item}"${on(t.sha)}`
  }));
  for (const item of state.items) {
    if (!item.waiver) continue;
    const w = item.waiver;
    entries.push({ at: w.at, line: `${when(w.at)}: @${w.by} waived "${item.text}": ${reasonText(w.reason)}` });
  }
  if (state.override) {
    const o = state.override;
    entries.push({
      at: o.at,
      line: `${when(o.at)}: @${o.by} overrode the checklist${on(o.sha)}: ${reasonText(o.reason)}`
    });
  }
  return entries.sort((a, b) => a.at.localeCompare(b.at)).map((e) => `- ${e.line}`);
}
function withAudit(summary, lines) {
  return lines.length ? `${summary}

### Audit trail

${lines.join("\n")}` : summary;
}

// src/core/checklist/owners.ts
function itemOwners(checklist, files, codeowners) {
  const out = /* @__PURE__ */ new Map();
  if (!checklist.tickers.codeowners || !codeowners) return out;
  for (const item of checklist.items) {
    if (!item.paths) continue;
    const isMatch = anyGlob(item.paths);
    const matched = files.filter((f) => isMatch(f));
    if (matched.length === 0) continue;
    const owners = /* @__PURE__ */ new Map();
    let unowned = false;
    for (const file of matched) {
      const of = codeowners.ownersOf(file);
      if (of.length === 0) unowned = true;
      for (const o of of) owners.set(o.text.toLowerCase(), o.text);
    }
    if (!unowned) out.set(item.id, [...owners.values()]);
  }
  return out;
}
async function ownerRefusal(item, login, isTeamMember) {
  if (!item.owners) return void 0;
  const who2 = login.toLowerCase();
  for (const owner of item.owners) {
    if (!owner.startsWith("@")) continue;
    const [org, team] = owner.slice(1).split("/");
    if (team === void 0 ? org.toLowerCase() === who2 : await isTeamMember(org, team, login)) return void 0;
  }
  return `@${login} owns none of the changed files "${item.text}" covers; ${item.owners.length ? `they are owned by ${item.owners.join(", ")}` : "no one can tick it"} (CODEOWNERS on the base branch, \`tickers.codeowners\`)`;
}

// src/core/checklist/permission.ts
var RANK = { none: 0, read: 1, triage: 2, write: 3, maintain: 4, admin: 5 };
function effectiveRole(answer) {
  if (answer.role_name && answer.role_name in RANK) return answer.role_name;
  return answer.permission && answer.permission in RANK ? answer.permission : "none";
}
var atLeast = (role, least) => (RANK[role] ?? 0) >= RANK[least];
function tickRefusal(state, login, role) {
  if (!state.tickers.allow_author && login.toLowerCase() === state.author.toLowerCase()) {
    return `@${login} wrote this pull request and the config forbids its author to tick (\`tickers.allow_author: false\`)`;
  }
  if (!atLeast(role, state.tickers.permission)) {
    return `@${login} has ${role} permission; ticking needs ${state.tickers.permission} or more`;
  }
  return void 0;
}

// src/core/checklist/commands.ts
var COMMAND_RE = /^ {0,3}\/deploy-gate(?=$|[ \t])(.*)$/;
var COMMANDS = [
  "`/deploy-gate waive <item-id> <reason>`: mark a waivable item not applicable",
  "`/deploy-gate override <reason>`: break-glass, for the current head only",
  "`/deploy-gate status`: who ticked, waived or overrode what, and when"
];
function parseCommand(body) {
  const first = body.split(/\r\n|\r|\n/, 1)[0] ?? "";
  const match = COMMAND_RE.exec(first);
  if (!match) return void 0;
  const words = match[1].trim();
  const [verb = "", ...rest] = words.split(/[ \t]+/);
  if (verb === "status" && rest.length === 0) return { kind: "status" };
  if (verb === "override" && rest.length > 0) return { kind: "override", reason: rest.join(" ") };
  if (verb === "waive" && rest.length > 1) return { kind: "waive", item: rest[0], reason: rest.slice(1).join(" ") };
  return { kind: "unknown", text: words };
}
var REPLY_RE = /<!-- deploy-gate:reply @([A-Za-z0-9[\]_-]+) -->\s*$/;
var replyMarker = (login) => `<!-- deploy-gate:reply @${login} -->`;
function commandRecords(comments, isOurs) {
  const records = [];
  for (const c of comments) {
    if (isOurs(c.author) || c.createdAt !== c.updatedAt) continue;
    const command = parseCommand(c.body);
    if (command) records.push({ comment: c.id, by: c.author, at: c.createdAt, command });
  }
  return records.sort((a, b) => a.at.localeCompare(b.at) || a.comment - b.comment);
}
var overrideLeast = (state) => state.override_permission ?? "admin";
async function commandRefusal(state, record, role, isTeamMember) {
  const { command, by } = record;
  if (command.kind === "override") {
    const least = overrideLeast(state);
    return atLeast(role, least) ? void 0 : `@${by} has ${role} permission; \`override\` needs ${least} or more.`;
  }
  if (command.kind === "waive") {
    const item = state.items.find((i) => i.id === command.item);
    if (!item) return `This pull request's checklist has no item \`${command.item}\`; \`status\` lists them.`;
    if (!item.waivable)
      return `Item \`${item.id}\` is not waivable; the config's \`waivable: true\` on an item allows it.`;
    const notOwner = tickRefusal(state, by, role) ? void 0 : await ownerRefusal(item, by, isTeamMember);
    if (notOwner) return `${notOwner}, and so does \`waive\`.`;
  }
  const why = tickRefusal(state, by, role);
  return why ? `${why}, and so does \`${command.kind}\`.` : void 0;
}
var waiverOf = (record, reason) => ({
  by: record.by,
  at: record.at,
  reason,
  comment: record.comment
});
async function applyCommands(state, records, github, options = {}) {
  const items = state.items.map(({ waiver: _claimed, ...item }) => ({ ...item }));
  let override;
  const next = { ...state, items };
  delete next.override;
  const all = options.fresh && !records.some((r) => r.comment === options.fresh?.comment) ? [...records, options.fresh] : records;
  for (const record of all) {
    const { command } = record;
    if (command.kind === "waive") {
      const item = items.find((i) => i.id === command.item);
      if (!item || item.waiver) continue;
      if (await commandRefusal(next, record, await github.roleOf(record.by), github.isTeamMember)) continue;
      item.waiver = waiverOf(record, command.reason);
    } else if (command.kind === "override") {
      const made = record.comment === options.fresh?.comment || options.standing?.comment === record.comment && options.standing.sha === state.sha;
      if (!made || await commandRefusal(next, record, await github.roleOf(record.by), github.isTeamMember)) continue;
      override = { ...waiverOf(record, command.reason), sha: state.sha };
    }
  }
  return override ? { ...next, override } : next;
}

// src/core/checklist/history.ts
var shape = (body) => userVisibleShape(withoutTicks(body));
var keyOf = (item) => `${item.id}
${item.text}`;
async function replayTicks(revisions, rules) {
  let layout;
  let expected = "";
  let lastLayoutAt = -1;
  let previous;
  const proven = /* @__PURE__ */ new Map();
  const refused = /* @__PURE__ */ new Map();
  const trail = [];
  const refusal = async (login) => {
    const state = layout;
    const who2 = { tickers: rules.tickers ?? state.tickers, author: rules.author ?? state.author };
    return tickRefusal({ ...state, ...who2 }, login, await rules.roleOf(login));
  };
  const withdrawUnshown = (body) => {
    const shown = new Map(body === null ? [] : parseTasks(body).map((t) => [t.text, t.checked]));
    for (const item of layout?.items ?? []) if (shown.get(taskText(item)) !== true) proven.delete(keyOf(item));
  };
  for (const [index, revision] of revisions.entries()) {
    const body = revision.body;
    if (body !== null && revision.editor === rules.bot) {
      const state = decodeState(body, void 0, rules.target);
      if (!state || shape(body) !== shape(renderComment(state))) {
        previous = void 0;
        continue;
      }
      layout = state;
      expected = shape(body);
      lastLayoutAt = index;
      refused.clear();
      const boxes2 = parseTasks(body).map((t) => t.checked);
      const keep = new Set(state.items.filter((item, i) => boxes2[i] && proven.has(keyOf(item))).map(keyOf));
      for (const key of [...proven.keys()]) if (!keep.has(key)) proven.delete(key);
      previous = boxes2;
      continue;
    }
    if (body === null || !layout || !revision.editor || shape(body) !== expected) {
      withdrawUnshown(body);
      previous = void 0;
      continue;
    }
    const boxes = parseTasks(body).map((t) => t.checked);
    if (!previous) withdrawUnshown(body);
    else {
      for (const [i, item] of layout.items.entries()) {
        if (boxes[i] === previous[i]) continue;
        const owners = rules.owners ? rules.owners.get(item.id) : item.owners;
        const why = await refusal(revision.editor) ?? await ownerRefusal({ text: item.text, owners }, revision.editor, rules.isTeamMember);
        if (why) {
          refused.set(keyOf(item), `${why}: "${item.text}" was set back.`);
        } else if (boxes[i]) {
          proven.set(keyOf(item), { by: revision.editor, at: revision.at });
          refused.delete(keyOf(item));
          trail.push({ what: "ticked", by: revision.editor, at: revision.at, item: item.text, sha: layout.sha });
        } else {
          if (proven.delete(keyOf(item)))
            trail.push({ what: "unticked", by: revision.editor, at: revision.at, item: item.text, sha: layout.sha });
        }
      }
    }
    previous = boxes;
  }
  if (!layout) return { notes: [] };
  const items = layout.items.map(({ tick: _claimed, ...item }) => {
    const tick = proven.get(keyOf(item));
    return tick ? { ...item, tick } : item;
  });
  const notes = notesFor(revisions.at(-1), revisions.length - 1 === lastLayoutAt, expected, items, refused);
  return { state: { ...layout, items, notes: [] }, notes, trail };
}
function notesFor(newest, ours, expected, items, refused) {
  if (ours || !newest) return [];
  if (!newest.body || shape(newest.body) !== expected) {
    const who2 = newest.editor ? `@${newest.editor}` : "Someone";
    return [`${who2} changed the checklist beyond its boxes; it was restored (only ticking is allowed).`];
  }
  const boxes = parseTasks(newest.body).map((t) => t.checked);
  const notes = [];
  for (const [i, item] of items.entries()) {
    if (!boxes[i] || item.tick) continue;
    notes.push(
      refused.get(keyOf(item)) ?? `Nobody allowed to tick can be credited with the tick on "${item.text}" in the comment's edit history, so it was cleared.`
    );
  }
  return notes;
}
function upToBody(revisions, body, event) {
  const newest = revisions.at(-1);
  if (newest?.body === body) return [...revisions];
  const known = event && event.body === body && newest?.body === event.from;
  return [...revisions, { editor: known ? event.sender : null, body, at: event?.at ?? newest?.at ?? "" }];
}

// src/core/checklist/skip-authors.ts
var MAX_LISTED_COMMITS = 250;
async function skippedFor(checklist, port) {
  if (!checklist.skip_authors) return void 0;
  const listed = new Map(checklist.skip_authors.map((a) => [a.toLowerCase(), a]));
  const commits = await port.prCommits();
  if (commits.length === 0 || commits.length >= MAX_LISTED_COMMITS) return void 0;
  const authors = /* @__PURE__ */ new Set();
  for (const commit2 of commits) {
    const name = commit2.author ? listed.get(commit2.author.toLowerCase()) : void 0;
    if (!name || !commit2.verified) return void 0;
    authors.add(name);
  }
  return [...authors];
}
var who = (authors) => authors.join(", ");
var skippedVerdict = (authors) => ({
  conclusion: "success",
  title: `not required for ${who(authors)}`,
  summary: `Every commit of this pull request is by ${who(authors)} (\`checklist.skip_authors\`), signed as GitHub verifies it, so no checklist is required. A commit by anyone else brings it back.`
});
var skippedResults = (authors) => [
  {
    id: "checklist",
    status: "pass",
    verdict: "not-required",
    message: `every commit is by ${who(authors)} (checklist.skip_authors), so no checklist is required`
  }
];

// src/core/checklist/verdict.ts
var CHECK_NAME = "deploy-gate/checklist";
var done = (item) => Boolean(item.tick || item.waiver);
var mark = (item) => item.tick ? `\u2705 ${item.text} (ticked by @${item.tick.by})` : item.waiver ? `\u2705 ${item.text} (waived by @${item.waiver.by}: ${item.waiver.reason})` : `${item.optional ? "\u2796" : "\u274C"} ${item.text}`;
function checklistVerdict(state) {
  const required = [
    ...state.items.filter((i) => !i.optional).map(done),
    ...state.body.filter((t) => !t.optional).map((t) => t.checked)
  ];
  const ticked = required.filter(Boolean).length;
  const title = notRequired(state) ? "no checklist item applies" : `${ticked} of ${required.length} ticked`;
  const lines = state.items.map((i) => `- ${mark(i)}`);
  lines.push(...state.body.map((t) => `- ${t.checked ? "\u2705" : t.optional ? "\u2796" : "\u274C"} PR description: ${t.text}`));
  if (state.override) {
    const { by, reason } = state.override;
    return {
      conclusion: "success",
      title: `overridden by @${by}`,
      summary: `@${by} overrode the checklist for ${state.sha.slice(0, 7)}; any push clears it.

> ${reason.replace(/\s+/g, " ")}

${lines.join("\n")}`
    };
  }
  const ok = ticked === required.length;
  return {
    conclusion: ok ? "success" : "action_required",
    title,
    summary: `${ok ? "Every required item is ticked." : "Tick the remaining required items in the checklist comment."}

${lines.join("\n")}`
  };
}
var failureVerdict = (title, summary) => ({
  conclusion: "failure",
  title,
  summary
});
var notRequired = (state) => state.items.length === 0 && state.body.length === 0;
function checklistResults(state) {
  if (notRequired(state)) {
    return [
      {
        id: "checklist",
        status: "pass",
        verdict: "not-required",
        message: "no checklist item applies to this change, so nothing needs ticking"
      }
    ];
  }
  const override = state.override;
  const results = state.items.map(
    (i) => i.tick ? { id: i.id, status: "pass", verdict: "ticked", message: `"${i.text}" was ticked by @${i.tick.by}` } : i.waiver ? {
      id: i.id,
      status: "pass",
      verdict: "waived",
      message: `"${i.text}" was waived by @${i.waiver.by}: ${i.waiver.reason}`
    } : override ? {
      id: i.id,
      status: "pass",
      verdict: "overridden",
      message: `"${i.text}" is not ticked, but @${override.by} overrode the checklist for this head: ${override.reason}`
    } : {
      id: i.id,
      status: i.optional ? "warn" : "fail",
      verdict: "unticked",
      message: `"${i.text}" is not ticked yet; someone allowed to tick it does so in the checklist comment once it is done`
    }
  );
  state.body.forEach((t, index) => {
    results.push(
      t.checked ? {
        id: `pr-body-${index + 1}`,
        status: "pass",
        verdict: "ticked",
        message: `"${t.text}" is ticked in the PR description`
      } : {
        id: `pr-body-${index + 1}`,
        status: t.optional ? "warn" : "fail",
        verdict: "unticked",
        message: `"${t.text}" is not ticked in the PR description; tick it there once it is done`
      }
    );
  });
  return results;
}

// src/core/checklist/flow.ts
async function commit(port, next, existing, key, trail) {
  const body = renderComment(next, key);
  const plain = checklistVerdict(next);
  const verdict = { ...plain, summary: withAudit(plain.summary, auditLines(next, trail)) };
  let url = existing?.url;
  let wroteComment = false;
  const writeComment = async () => {
    if (!existing) {
      url = (await port.createComment(body)).url;
      wroteComment = true;
    } else if (existing.body !== body) {
      await port.updateComment(existing.id, body);
      wroteComment = true;
    }
  };
  if (verdict.conclusion === "success") {
    await writeComment();
    await port.setVerdict(next.sha, verdict, url);
  } else {
    await port.setVerdict(next.sha, verdict, url);
    await writeComment();
  }
  return { kind: "rendered", state: next, verdict, wroteComment };
}
var VerdictError = class extends Error {
  constructor(verdict, cause) {
    super(verdict.title);
    this.verdict = verdict;
    this.cause = cause;
    this.name = "VerdictError";
  }
  verdict;
  cause;
};
async function failClosed(port, sha, work) {
  let target = sha;
  try {
    return await work((next) => {
      target = next;
    });
  } catch (error) {
    const cause = error instanceof VerdictError ? error.cause : error;
    if (target) {
      const why = cause instanceof Error ? cause.message.split("\n")[0] : String(cause);
      const verdict = error instanceof VerdictError ? error.verdict : failureVerdict(
        "GitHub error: the checklist could not be verified",
        `deploy-gate could not finish (${why}). The next edit, push or a re-run of this check recomputes it.`
      );
      await port.setVerdict(target, verdict).catch(() => void 0);
    }
    throw cause;
  }
}
async function syncChecklist(input, port) {
  if (!branchApplies(input.checklist, input.pr.baseRef)) return void 0;
  const skipped = await skippedFor(input.checklist, port);
  if (skipped) {
    const verdict = skippedVerdict(skipped);
    await port.setVerdict(input.pr.headSha, verdict);
    return { kind: "not-required", sha: input.pr.headSha, verdict, results: skippedResults(skipped) };
  }
  const plan = await planSync(input, port);
  return plan && commit(port, plan.state, plan.existing, input.key, plan.trail);
}
async function planSync(input, port, fresh) {
  const { checklist, pr, push } = input;
  if (!branchApplies(checklist, pr.baseRef)) return void 0;
  const [listed, existing] = await Promise.all([port.prFiles(), port.findComment()]);
  const files = listed.map((f) => f.path);
  const versions = Object.fromEntries(listed.filter((f) => f.sha).map((f) => [f.path, f.sha]));
  const owners = itemOwners(checklist, files, await codeownersFor(checklist, pr.baseSha, port));
  const {
    state: previous,
    notes,
    body,
    trail
  } = await provenState(existing, port, {
    tickers: checklist.tickers,
    author: pr.author,
    owners
  });
  const moved = Boolean(push) || previous !== void 0 && previous.sha !== pr.headSha;
  const state = buildState(
    checklist,
    { ...pr, repo: port.target.repo, files, versions },
    previous,
    resetFor(checklist, moved)
  );
  for (const item of state.items) {
    const of = owners.get(item.id);
    if (of) item.owners = of;
  }
  const { commands } = await port.conversation();
  const commanded = await applyCommands(state, commands, port, { standing: previous?.override, fresh });
  commanded.notes.push(...notes);
  return { state: commanded, existing: existing && { ...existing, body: body ?? existing.body }, trail };
}
async function provenState(existing, port, who2, event = port.proof.event) {
  if (!existing) return { notes: [] };
  const { body, revisions } = await port.proof.revisions(existing);
  const rules = {
    ...who2,
    target: port.target,
    bot: existing.author,
    roleOf: port.roleOf,
    isTeamMember: port.isTeamMember
  };
  return { ...await replayTicks(upToBody(revisions, body, event), rules), body };
}
async function codeownersFor(checklist, baseSha, port) {
  if (!checklist.tickers.codeowners || !checklist.items.some((i) => i.paths)) return void 0;
  if (!baseSha) throw new Error("the pull request's base commit is unknown, so its CODEOWNERS cannot be read");
  return port.codeowners(baseSha);
}
var withoutTicks2 = (state) => ({
  ...state,
  items: state.items.map(({ tick: _tick, ...item }) => item)
});
function resetFor(checklist, moved) {
  if (!moved || checklist.reset === "never") return { clear: "none" };
  return checklist.reset === "on-push" ? { clear: "all" } : { clear: "changed" };
}
var NO_CHECKLIST = "This pull request has no deploy-gate checklist yet, so there is nothing to act on; push to it or re-run its check first.";
async function handleCommand(record, port, options) {
  const { command } = record;
  if (command.kind === "unknown") {
    return { kind: "refused", reply: `\`${command.text || "/deploy-gate"}\` is not a command. ${commandList()}` };
  }
  const plan = options.sync ? await planSync(options.sync, port, record) : await planFromHistory(port, record);
  if (!plan) return { kind: "refused", reply: NO_CHECKLIST };
  const why = await commandRefusal(plan.state, record, await port.roleOf(record.by), port.isTeamMember);
  if (why) return { kind: "refused", reply: `${why} Nothing was changed.` };
  if (command.kind === "status") return { kind: "answered", reply: statusReply(plan.state) };
  return { kind: "applied", outcome: await commit(port, plan.state, plan.existing, options.key, plan.trail) };
}
async function planFromHistory(port, fresh) {
  const existing = await port.findComment();
  if (!existing?.claimed) return void 0;
  const { state, notes, body, trail } = await provenState(existing, port, {});
  const proven = state ?? withoutTicks2(existing.claimed);
  const { commands } = await port.conversation();
  const commanded = await applyCommands(proven, commands, port, { standing: proven.override, fresh });
  commanded.notes.push(...notes);
  return { state: commanded, existing: { ...existing, body: body ?? existing.body }, trail };
}
var commandList = () => `The commands, each on the first line of a new comment:

${COMMANDS.map((c) => `- ${c}`).join("\n")}`;
function statusReply(state) {
  const verdict = checklistVerdict(state);
  const at = (iso) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
  const lines = state.items.map(
    (i) => i.tick ? `- \u2705 \`${i.id}\`: ticked by @${i.tick.by} at ${at(i.tick.at)}` : i.waiver ? `- \u2705 \`${i.id}\`: waived by @${i.waiver.by} at ${at(i.waiver.at)}: ${reasonText(i.waiver.reason)}` : `- ${i.optional ? "\u2796" : "\u274C"} \`${i.id}\`: not ticked${i.optional ? " (optional)" : ""}`
  );
  if (state.override) {
    const o = state.override;
    lines.push(`- \u{1F6A8} overridden by @${o.by} at ${at(o.at)} for ${o.sha.slice(0, 7)}: ${reasonText(o.reason)}`);
  }
  return `**deploy-gate checklist for ${state.sha.slice(0, 7)}: ${verdict.title}**

${lines.join("\n")}`;
}
var addressed = (login, text) => text.startsWith(`@${login} `) ? text : `@${login} ${text}`;
var REPLY_EVERY_MS = 60 * 60 * 1e3;
async function respond(outcome, record, port) {
  if (outcome.kind === "refused") {
    const { replies } = await port.conversation();
    const since = Date.parse(record.at) - REPLY_EVERY_MS;
    const recent = replies.some(
      (r) => r.to.toLowerCase() === record.by.toLowerCase() && Date.parse(r.at) > since && r.at <= record.at
    );
    if (recent) await port.react(record.comment, "confused");
    else await port.reply(`${addressed(record.by, outcome.reply)}

${replyMarker(record.by)}`);
    return;
  }
  if (outcome.kind === "answered") await port.reply(addressed(record.by, outcome.reply));
  await port.react(record.comment, "+1");
}
async function auditOf(port) {
  const plan = await planFromHistory(port);
  return plan && { state: plan.state, lines: auditLines(plan.state, plan.trail) };
}

// src/core/codeowners.ts
var LOGIN = /^[A-Za-z0-9_-]{1,39}$/;
var ORG = /^[A-Za-z0-9_-]{1,39}$/;
var TEAM_SLUG = /^[A-Za-z0-9_.-]{1,100}$/;
function parseOwner(token) {
  if (token.startsWith("@")) {
    const name = token.slice(1);
    const slash = name.indexOf("/");
    if (slash < 0)
      return LOGIN.test(name) ? { kind: "user", login: name, text: token } : `\`${token}\` is not a username`;
    const org = name.slice(0, slash);
    const slug = name.slice(slash + 1);
    return ORG.test(org) && TEAM_SLUG.test(slug) ? { kind: "team", org, slug, text: token } : `\`${token}\` is not a team: write @org/team-name`;
  }
  const at = token.indexOf("@");
  if (at > 0 && at === token.lastIndexOf("@") && at < token.length - 1 && !token.includes("\\")) {
    return { kind: "email", email: token, text: token };
  }
  return `\`${token}\` is not an owner: write @username, @org/team-name or an email address`;
}
function tokens(line) {
  const out = [];
  let current = "";
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "\\") {
      if (i + 1 >= line.length) return "a line cannot end with `\\`";
      current += c + line[i + 1];
      i++;
    } else if (c === " " || c === "	") {
      if (current) out.push(current);
      current = "";
    } else {
      current += c;
    }
  }
  if (current) out.push(current);
  return out;
}
var LITERAL_IN_GITIGNORE = /* @__PURE__ */ new Set(["{", "}", "(", ")", "|", ","]);
function translate(pattern) {
  if (pattern.startsWith("!")) return "`!` (negation) does not work in CODEOWNERS; list what to own instead";
  if (pattern.startsWith("\\#")) return "a pattern cannot start with `#` in CODEOWNERS, escaped or not";
  let body = pattern;
  const leadingSlash = body.startsWith("/");
  if (leadingSlash) body = body.slice(1);
  let directory = false;
  if (body.endsWith("/") && !body.endsWith("\\/")) {
    directory = true;
    body = body.slice(0, -1);
  }
  let glob = "";
  let inner = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === "\\") {
      glob += c + body[i + 1];
      i++;
    } else if (c === "[" || c === "]") {
      return "`[ ]` (character ranges) do not work in CODEOWNERS; quote a literal bracket as `\\[`";
    } else if (c === "*") {
      let end = i;
      while (body[end] === "*") end++;
      const whole = (i === 0 || body[i - 1] === "/") && (end === body.length || body[end] === "/");
      glob += end - i >= 2 && whole ? "**" : "*";
      i = end - 1;
    } else {
      if (c === "/") inner = true;
      glob += LITERAL_IN_GITIGNORE.has(c) ? `\\${c}` : c;
    }
  }
  if (glob === "") return "the pattern matches nothing";
  const segments = glob.split("/");
  glob = segments.filter((s, i) => !(s === "**" && segments[i - 1] === "**")).join("/");
  if (glob.endsWith("/**")) {
    if (directory) glob += "/*";
    else glob = glob.slice(0, -3);
    directory = true;
  }
  const anchored = leadingSlash || inner;
  const childrenOnly = anchored && !directory && glob.slice(glob.lastIndexOf("/") + 1) === "*";
  return { glob, anchored, directory, childrenOnly };
}
var isLiteral = (glob) => !/[*?\\]/.test(glob);
var ANY_ENDING = /^\*([^*?\\/]*)$/;
function source({ glob, anchored, directory, childrenOnly }) {
  const body = globSource(glob).slice(1, -1);
  const below = directory ? "/.*" : childrenOnly ? "" : "(?:/.*)?";
  return `^${anchored ? "" : "(?:.*/)?"}${body}${below}$`;
}
function compilePattern(pattern) {
  const t = translate(pattern);
  if (typeof t === "string") return t;
  const { glob, anchored, directory, childrenOnly } = t;
  const parent = childrenOnly ? glob.slice(0, -1) : "";
  if (childrenOnly && isLiteral(parent)) {
    return (p) => p.length > parent.length && p.startsWith(parent) && !p.includes("/", parent.length);
  }
  if (isLiteral(glob)) {
    const under = `${glob}/`;
    if (anchored) return directory ? (p) => p.startsWith(under) : (p) => p === glob || p.startsWith(under);
    const inside = `/${under}`;
    const last = `/${glob}`;
    return directory ? (p) => p.startsWith(under) || p.includes(inside) : (p) => p === glob || p.startsWith(under) || p.includes(inside) || p.endsWith(last);
  }
  const ending = ANY_ENDING.exec(glob);
  if (ending && !anchored) {
    const end = `${ending[1]}/`;
    return directory ? (p) => p.includes(end) : (p) => `${p}/`.includes(end);
  }
  try {
    return sourceTest(source(t));
  } catch (error) {
    return error.message;
  }
}
function readLine(trimmed) {
  const split = tokens(trimmed);
  if (typeof split === "string") return split;
  const [pattern, ...rest] = split;
  const comment = rest.findIndex((t) => t.startsWith("#"));
  const owners = [];
  for (const token of comment < 0 ? rest : rest.slice(0, comment)) {
    const owner = parseOwner(token);
    if (typeof owner === "string") return owner;
    owners.push(owner);
  }
  const matches = compilePattern(pattern);
  if (typeof matches === "string") return `\`${pattern}\`: ${matches}`;
  return { pattern, owners, matches };
}
function parseCodeowners(text, path = "") {
  const rules = [];
  const errors = [];
  text.split(/\r\n|\n|\r/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("#")) return;
    const read = readLine(trimmed);
    if (typeof read === "string") errors.push({ line, message: read });
    else rules.push({ line, ...read });
  });
  const ruleFor = (file) => {
    const p = file.replace(/^\/+/, "");
    for (let i = rules.length - 1; i >= 0; i--) if (rules[i].matches(p)) return rules[i];
    return void 0;
  };
  return { path, rules, errors, ruleFor, ownersOf: (file) => ruleFor(file)?.owners ?? [] };
}
var codeownersPaths = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"];
var CODEOWNERS_MAX_BYTES = 3 * 1024 * 1024;
async function loadCodeowners(read) {
  for (const path of codeownersPaths) {
    const text = await read(path);
    if (text === void 0) continue;
    const bytes = Buffer.byteLength(text, "utf8");
    if (bytes >= CODEOWNERS_MAX_BYTES) {
      const message = `${path} is ${Math.round(bytes / 1024 / 1024)} MB, and GitHub ignores a CODEOWNERS file of 3 MB or more: no file has code owners until it is smaller`;
      return { ...parseCodeowners("", path), errors: [{ line: 0, message }] };
    }
    return parseCodeowners(text, path);
  }
  return void 0;
}

// src/github/comments.ts
async function listComments(api, ref, issueNumber) {
  return await api.paginate("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
    ...ref,
    issue_number: issueNumber,
    per_page: 100
  });
}
async function reactTo(api, ref, commentId, content) {
  await api.request("POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", {
    ...ref,
    comment_id: commentId,
    content
  });
}
async function createComment(api, ref, issueNumber, body) {
  const { data } = await api.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
    ...ref,
    issue_number: issueNumber,
    body
  });
  return { id: Number(data.id), body: data.body ?? body, url: data.html_url };
}
async function updateComment(api, ref, commentId, body) {
  await api.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", {
    ...ref,
    comment_id: commentId,
    body
  });
}

// src/github/contents.ts
async function fileAt(api, ref, path, commit2) {
  try {
    const { data } = await api.request("GET /repos/{owner}/{repo}/contents/{path}", {
      ...ref,
      path,
      ref: commit2,
      headers: { accept: "application/vnd.github.raw+json" }
    });
    return typeof data === "string" ? data : Buffer.from(data.content ?? "", "base64").toString("utf8");
  } catch (error) {
    if (error.status === 404) return void 0;
    throw error;
  }
}

// src/github/pulls.ts
function pullFacts(pr) {
  return {
    number: pr.number,
    headSha: pr.head.sha,
    baseRef: pr.base.ref,
    baseSha: pr.base.sha,
    author: pr.user?.login ?? "",
    labels: (pr.labels ?? []).map((l) => typeof l === "string" ? l : l.name ?? ""),
    body: pr.body
  };
}
async function listPullFiles(api, ref, pullNumber) {
  const files = await api.paginate("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", {
    ...ref,
    pull_number: pullNumber,
    per_page: 100
  });
  return files.flatMap((f) => {
    const current = { path: f.filename, sha: f.sha ?? void 0 };
    return f.previous_filename ? [current, { path: f.previous_filename }] : [current];
  });
}
async function listPullCommits(api, ref, pullNumber) {
  const commits = await api.paginate("GET /repos/{owner}/{repo}/pulls/{pull_number}/commits", {
    ...ref,
    pull_number: pullNumber,
    per_page: 100
  });
  return commits.map((c) => ({ author: c.author?.login ?? null, verified: c.commit.verification?.verified === true }));
}
async function getPull(api, ref, pullNumber) {
  const { data } = await api.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
    ...ref,
    pull_number: pullNumber
  });
  return data;
}

// src/github/team-membership.ts
function teamMembership(api) {
  const cache = /* @__PURE__ */ new Map();
  return (org, teamSlug, login) => {
    const key = `${org}/${teamSlug}:${login}`.toLowerCase();
    let answer = cache.get(key);
    if (!answer) {
      answer = api.request("GET /orgs/{org}/teams/{team_slug}/memberships/{username}", {
        org,
        team_slug: teamSlug,
        username: login
      }).then(
        ({ data }) => data.state === "active",
        (error) => {
          if (error.status === 404) return false;
          cache.delete(key);
          throw error;
        }
      );
      cache.set(key, answer);
    }
    return answer;
  };
}

// src/github/checklist-port.ts
function checklistPort(api, ref, pullNumber, options) {
  const target = { repo: `${ref.owner}/${ref.repo}`, pr: pullNumber };
  let listing;
  const comments = () => {
    listing ??= options.listing ? options.listing() : listComments(api, ref, pullNumber);
    return listing;
  };
  return {
    target,
    prFiles: () => listPullFiles(api, ref, pullNumber),
    prCommits: () => listPullCommits(api, ref, pullNumber),
    findComment: async () => {
      let claimed;
      const found = (await comments()).find((comment) => {
        if (!hasMarker(comment.body) || !options.isAuthor(comment.user)) return false;
        const state = decodeState(comment.body, options.key);
        if (options.key && !state) return false;
        claimed = state && belongs(state, target) ? state : void 0;
        return true;
      });
      if (!found) return void 0;
      return {
        id: found.id,
        nodeId: found.node_id,
        body: found.body ?? "",
        author: found.user?.login ?? "",
        url: found.html_url,
        claimed
      };
    },
    conversation: async () => {
      const all = await comments();
      const ours = (c) => options.isAuthor(c.user);
      const listed = all.map((c) => ({
        id: c.id,
        body: c.body ?? "",
        author: c.user?.login ?? "",
        createdAt: c.created_at ?? "",
        updatedAt: c.updated_at ?? ""
      }));
      const bots = new Set(all.filter(ours).map((c) => c.user?.login ?? ""));
      const replies = all.flatMap((c) => {
        const to = ours(c) ? REPLY_RE.exec(c.body ?? "")?.[1] : void 0;
        return to ? [{ to, at: c.created_at ?? "" }] : [];
      });
      return { commands: commandRecords(listed, (author) => bots.has(author)), replies };
    },
    createComment: (body) => createComment(api, ref, pullNumber, body),
    updateComment: (id, body) => updateComment(api, ref, id, body),
    reply: async (body) => {
      await createComment(api, ref, pullNumber, body);
    },
    react: (commentId, content) => reactTo(api, ref, commentId, content),
    roleOf: options.roleOf,
    codeowners: (baseSha) => loadCodeowners((path) => fileAt(api, ref, path, baseSha)),
    isTeamMember: teamMembership(api),
    setVerdict: options.setVerdict,
    proof: options.proof
  };
}

// src/github/comment-history.ts
var MAX_PAGES = 10;
var EDITS = `userContentEdits(first: 100, after: $cursor) {
        pageInfo { hasNextPage endCursor }
        nodes { editedAt deletedAt diff editor { __typename login } }
      }`;
var QUERY = `query($id: ID!, $cursor: String) {
  node(id: $id) {
    ... on IssueComment {
      body
      createdAt
      includesCreatedEdit
      author { __typename login }
      ${EDITS}
    }
  }
}`;
var loginOf = (actor) => actor ? actor.__typename === "Bot" && !actor.login.endsWith("[bot]") ? `${actor.login}[bot]` : actor.login : null;
var revisionsOf = (page) => page.nodes.map((edit) => ({
  editor: loginOf(edit.editor),
  body: edit.deletedAt ? null : edit.diff,
  at: edit.editedAt
}));
function history(comment, edits) {
  if (edits.length > 1 && Date.parse(edits[0].at) >= Date.parse(edits.at(-1).at)) edits.reverse();
  if (edits.length === 0) {
    return {
      body: comment.body,
      revisions: [{ editor: loginOf(comment.author), body: comment.body, at: comment.createdAt }]
    };
  }
  if (!comment.includesCreatedEdit) edits.unshift({ editor: null, body: null, at: comment.createdAt });
  return { body: comment.body, revisions: edits };
}
async function commentRevisions(api, nodeId) {
  if (!nodeId) throw new Error("GitHub gave no node id for the checklist comment, so its edit history cannot be read");
  const edits = [];
  let cursor = null;
  let comment;
  for (let page = 0; page < MAX_PAGES; page++) {
    const data = await api.graphql(QUERY, { id: nodeId, cursor });
    if (!data.node) throw new Error("GitHub's GraphQL API found no such checklist comment to read its edit history");
    comment = data.node;
    edits.push(...revisionsOf(comment.userContentEdits));
    if (!comment.userContentEdits.pageInfo.hasNextPage) break;
    cursor = comment.userContentEdits.pageInfo.endCursor;
  }
  if (!comment) throw new Error("GitHub's GraphQL API gave no edit history for the checklist comment");
  return history(comment, edits);
}
var PR_QUERY = `query($owner: String!, $repo: String!, $number: Int!, $after: String, $cursor: String) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      comments(first: 100, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes {
          id databaseId url body createdAt lastEditedAt includesCreatedEdit
          author { __typename login }
          ${EDITS}
        }
      }
    }
  }
}`;

// src/github/permissions.ts
function createRoleLookup(ttlMs = 6e4, now = Date.now) {
  const cache = /* @__PURE__ */ new Map();
  return (api, ref, login, scope = "") => {
    const key = `${scope}:${ref.owner}/${ref.repo}:${login.toLowerCase()}`;
    const hit = cache.get(key);
    if (hit && hit.until > now()) return hit.role;
    const entry = { role: roleOf(api, ref, login), until: now() + ttlMs };
    if (cache.size > 5e3) cache.clear();
    cache.set(key, entry);
    entry.role.catch(() => {
      if (cache.get(key) === entry) cache.delete(key);
    });
    return entry.role;
  };
}
async function roleOf(api, ref, login) {
  try {
    const { data } = await api.request("GET /repos/{owner}/{repo}/collaborators/{username}/permission", {
      ...ref,
      username: login
    });
    return effectiveRole(data);
  } catch (error) {
    if (error.status !== 404) throw error;
    return "none";
  }
}

export {
  parseCommand,
  CHECK_NAME,
  checklistResults,
  VerdictError,
  failClosed,
  syncChecklist,
  handleCommand,
  respond,
  auditOf,
  fileAt,
  pullFacts,
  getPull,
  checklistPort,
  commentRevisions,
  createRoleLookup
};
