import type { Result } from "../report/types.js";
import type { ChecklistState, ChecklistVerdict } from "./types.js";

/** The name of the checklist's check run (app) and commit status context (action): one for both. */
export const CHECK_NAME = "deploy-gate/checklist";

/** The check's verdict for a state: success only when every required box is ticked. */
const done = (item: ChecklistState["items"][number]) => Boolean(item.tick || item.waiver);

const mark = (item: ChecklistState["items"][number]) =>
  item.tick
    ? `✅ ${item.text} (ticked by @${item.tick.by})`
    : item.waiver
      ? `✅ ${item.text} (waived by @${item.waiver.by}: ${item.waiver.reason})`
      : `${item.optional ? "➖" : "❌"} ${item.text}`;

export function checklistVerdict(state: ChecklistState): ChecklistVerdict {
  const required = [
    ...state.items.filter((i) => !i.optional).map(done),
    ...state.body.filter((t) => !t.optional).map((t) => t.checked),
  ];
  const ticked = required.filter(Boolean).length;
  const title = notRequired(state) ? "no checklist item applies" : `${ticked} of ${required.length} ticked`;
  const lines = state.items.map((i) => `- ${mark(i)}`);
  lines.push(...state.body.map((t) => `- ${t.checked ? "✅" : t.optional ? "➖" : "❌"} PR description: ${t.text}`));
  if (state.override) {
    const { by, reason } = state.override;
    return {
      conclusion: "success",
      title: `overridden by @${by}`,
      summary: `@${by} overrode the checklist for ${state.sha.slice(0, 7)}; any push clears it.\n\n> ${reason.replace(/\s+/g, " ")}\n\n${lines.join("\n")}`,
    };
  }
  const ok = ticked === required.length;
  return {
    conclusion: ok ? "success" : "action_required",
    title,
    summary: `${ok ? "Every required item is ticked." : "Tick the remaining required items in the checklist comment."}\n\n${lines.join("\n")}`,
  };
}

/** A verdict for when nothing could be proven: a config error or GitHub failing. */
export const failureVerdict = (title: string, summary: string): ChecklistVerdict => ({
  conclusion: "failure",
  title,
  summary,
});

/** No item applies to the change and the PR description has no task list: nothing to tick. */
const notRequired = (state: ChecklistState): boolean => state.items.length === 0 && state.body.length === 0;

/**
 * One report result per item (`ticked` pass, `unticked` fail, or warn when optional). A PR to which
 * no item applies passes visibly, with one `not-required` result, never with an empty stage.
 */
export function checklistResults(state: ChecklistState): Result[] {
  if (notRequired(state)) {
    return [
      {
        id: "checklist",
        status: "pass",
        verdict: "not-required",
        message: "no checklist item applies to this change, so nothing needs ticking",
      },
    ];
  }
  const override = state.override;
  const results: Result[] = state.items.map(
    (i): Result =>
      i.tick
        ? { id: i.id, status: "pass", verdict: "ticked", message: `"${i.text}" was ticked by @${i.tick.by}` }
        : i.waiver
          ? {
              id: i.id,
              status: "pass",
              verdict: "waived",
              message: `"${i.text}" was waived by @${i.waiver.by}: ${i.waiver.reason}`,
            }
          : override
            ? {
                id: i.id,
                status: "pass",
                verdict: "overridden",
                message: `"${i.text}" is not ticked, but @${override.by} overrode the checklist for this head: ${override.reason}`,
              }
            : {
                id: i.id,
                status: i.optional ? "warn" : "fail",
                verdict: "unticked",
                message: `"${i.text}" is not ticked yet; someone allowed to tick it does so in the checklist comment once it is done`,
              },
  );
  state.body.forEach((t, index) => {
    results.push(
      t.checked
        ? {
            id: `pr-body-${index + 1}`,
            status: "pass",
            verdict: "ticked",
            message: `"${t.text}" is ticked in the PR description`,
          }
        : {
            id: `pr-body-${index + 1}`,
            status: t.optional ? "warn" : "fail",
            verdict: "unticked",
            message: `"${t.text}" is not ticked in the PR description; tick it there once it is done`,
          },
    );
  });
  return results;
}
