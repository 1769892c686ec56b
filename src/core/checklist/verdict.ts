import type { Result } from "../report/types.js";
import type { ChecklistState, ChecklistVerdict } from "./types.js";

/** The name of the checklist's check run (app) and commit status context (action): one for both. */
export const CHECK_NAME = "deploy-gate/checklist";

/** The check's verdict for a state: success only when every required box is ticked. */
export function checklistVerdict(state: ChecklistState): ChecklistVerdict {
  const required = [
    ...state.items.filter((i) => !i.optional).map((i) => Boolean(i.tick)),
    ...state.body.filter((t) => !t.optional).map((t) => t.checked),
  ];
  const ticked = required.filter(Boolean).length;
  const title = notRequired(state) ? "no checklist item applies" : `${ticked} of ${required.length} ticked`;
  const lines = state.items.map(
    (i) => `- ${i.tick ? "✅" : i.optional ? "➖" : "❌"} ${i.text}${i.tick ? ` (ticked by @${i.tick.by})` : ""}`,
  );
  lines.push(...state.body.map((t) => `- ${t.checked ? "✅" : t.optional ? "➖" : "❌"} PR description: ${t.text}`));
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
  const results: Result[] = state.items.map((i) =>
    i.tick
      ? { id: i.id, status: "pass", verdict: "ticked", message: `"${i.text}" was ticked by @${i.tick.by}` }
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
