import { describe, expect, it } from "vitest";
import { applicableItems, branchApplies, labelOnlyItems } from "../src/core/checklist/applies.js";
import { buildState } from "../src/core/checklist/build-state.js";
import { checklistResults, checklistVerdict } from "../src/core/checklist/verdict.js";

import { checklist } from "./helpers/checklist-config.js";

describe("which items apply", () => {
  it("takes unconditional items always, path items when a changed file matches, label items on a label", () => {
    const none = applicableItems(checklist, { files: ["README.md"], labels: [] });
    expect(none.map((i) => i.id)).toEqual(["rollback", "docs"]);
    const all = applicableItems(checklist, { files: ["README.md", "api/keys/rotate.go"], labels: ["db-migration"] });
    expect(all.map((i) => [i.id, i.reason])).toEqual([
      ["api-key", "applies because the change touches `api/keys/rotate.go`"],
      ["migration", "applies because the PR has the label `db-migration`"],
      ["rollback", undefined],
      ["docs", undefined],
    ]);
    expect(all.find((i) => i.id === "docs")?.optional).toBe(true);
  });

  it("matches dotfiles and deep paths, not look-alikes", () => {
    expect(applicableItems(checklist, { files: ["api/.env.example"] })[0].id).toBe("api-key");
    expect(applicableItems(checklist, { files: ["apis/x.go", "web/api/x.go"] }).map((i) => i.id)).toEqual([
      "rollback",
      "docs",
    ]);
  });

  it("says which items only labels decide (the CLI cannot see labels)", () => {
    expect(labelOnlyItems(checklist)).toEqual(["migration"]);
  });

  it("finds the branches the checklist is for", () => {
    expect(branchApplies(checklist, "main")).toBe(true);
    expect(branchApplies(checklist, "release/1.2")).toBe(true);
    expect(branchApplies(checklist, "feature")).toBe(false);
    expect(branchApplies({}, "anything")).toBe(true);
  });
});

describe("the verdict", () => {
  const pr = { number: 7, headSha: "a".repeat(40), author: "dev", labels: [], files: ["api/x"] };
  it("is N of M ticked over required items only, and success only when all are ticked", () => {
    const state = buildState(checklist, pr, undefined);
    expect(checklistVerdict(state)).toMatchObject({ conclusion: "action_required", title: "0 of 2 ticked" });
    state.items[0].tick = { by: "lead", at: "2026-01-01T00:00:00Z" };
    expect(checklistVerdict(state).title).toBe("1 of 2 ticked");
    state.items[1].tick = { by: "lead", at: "2026-01-01T00:00:00Z" };
    expect(checklistVerdict(state)).toMatchObject({ conclusion: "success", title: "2 of 2 ticked" });
    expect(checklistResults(state).map((r) => [r.id, r.status, r.verdict])).toEqual([
      ["api-key", "pass", "ticked"],
      ["rollback", "pass", "ticked"],
      ["docs", "warn", "unticked"],
    ]);
  });

  it("counts the PR description's tasks when pr_body is on, (optional) ones excepted", () => {
    const withBody = { ...checklist, pr_body: true };
    const state = buildState(
      withBody,
      { ...pr, files: [], body: "- [x] tested\n- [ ] screenshots (optional)\n- [ ] changelog" },
      undefined,
    );
    expect(state.body.map((t) => [t.text, t.checked, t.optional])).toEqual([
      ["tested", true, false],
      ["screenshots (optional)", false, true],
      ["changelog", false, false],
    ]);
    expect(checklistVerdict(state).title).toBe("1 of 3 ticked");
    expect(
      checklistResults(state)
        .filter((r) => r.id.startsWith("pr-body"))
        .map((r) => r.status),
    ).toEqual(["pass", "warn", "fail"]);
  });
});
