import { describe, expect, it } from "vitest";
import { buildState } from "../src/core/checklist/build-state.js";
import { parseTasks } from "../src/core/checklist/parse.js";
import { renderComment } from "../src/core/checklist/render.js";
import { decodeState, encodeState, MARKER } from "../src/core/checklist/state-codec.js";
import { checklist } from "./helpers/checklist-config.js";

const pr = { number: 7, headSha: "b".repeat(40), author: "dev", labels: ["db-migration"], files: ["api/x.go"] };

describe("the canonical comment", () => {
  const state = buildState(checklist, pr, undefined);
  state.items[0].tick = { by: "lead", at: "2026-11-22T04:40:00Z" };
  const body = renderComment(state, "k");

  it("starts with the marker and shows each item verbatim on its own task line", () => {
    expect(body.startsWith(`${MARKER}\n`)).toBe(true);
    const lines = body.split("\n");
    for (const item of checklist.items) {
      expect(lines.filter((l) => l.endsWith(`] ${item.text}`))).toHaveLength(1);
    }
    expect(parseTasks(body).map((t) => t.checked)).toEqual([true, false, false, false]);
  });

  it("says who ticked and when, why a conditional item applies, and that an item is optional", () => {
    expect(body).toContain("ticked by @lead at 2026-11-22 04:40 UTC · applies because the change touches `api/x.go`");
    expect(body).toContain("applies because the PR has the label `db-migration`");
    expect(body).toMatch(/\] Docs updated\n {2}<sub>optional<\/sub>/);
    expect(body).toContain("**write** permission or more");
  });

  it("carries the state (items, ticks, head sha) in a hidden, signed comment", () => {
    const back = decodeState(body, "k");
    expect(back?.sha).toBe(pr.headSha);
    expect(back?.items[0].tick).toEqual({ by: "lead", at: "2026-11-22T04:40:00Z" });
    expect(decodeState(body, "other key")).toBeUndefined();
    expect(decodeState(body.replace(/state ([A-Za-z0-9_-]+)\./, "state $1x."), "k")).toBeUndefined();
    expect(decodeState("<!-- deploy-gate:state !!! -->")).toBeUndefined();
    expect(
      decodeState(encodeState(state).replace(/state \S+/, `state ${Buffer.from("{").toString("base64url")}`)),
    ).toBeUndefined();
  });

  it("is the same text for the same state (a redelivery renders the same body)", () => {
    expect(renderComment(state, "k")).toBe(body);
  });

  it("says so when no item applies, and forbids the author in words when configured", () => {
    const empty = buildState({ ...checklist, items: [checklist.items[0]] }, { ...pr, files: [] }, undefined);
    expect(renderComment(empty)).toContain("No checklist item applies to this change.");
    const strict = buildState(
      { ...checklist, tickers: { ...checklist.tickers, permission: "maintain", allow_author: false } },
      pr,
      undefined,
    );
    expect(renderComment(strict)).toContain("**maintain** permission or more may tick, except the PR's author");
  });

  it("keeps a multi-line item text on its one task line", () => {
    const multi = { ...checklist, items: [{ id: "a", text: "first line\nsecond line" }] };
    const body = renderComment(buildState(multi, pr, undefined));
    expect(parseTasks(body).map((t) => t.text)).toEqual(["first line second line"]);
  });
});
