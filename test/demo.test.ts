import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Kit } from "../scripts/demo/kit.js";
import { tally } from "../scripts/demo/scene.js";
import { goinstanceForetold } from "../scripts/demo/scenes/9-goinstance-foretold.js";
import { SCENES } from "../scripts/demo/scenes/index.js";

/** The README's "What it catches" table: incident number -> its stage and verdict cells. */
function incidents(): Map<number, { stage: string; verdicts: string }> {
  const text = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const table = text.slice(
    text.indexOf("## What it catches"),
    text.indexOf("## ", text.indexOf("## What it catches") + 3),
  );
  const rows = new Map<number, { stage: string; verdicts: string }>();
  for (const line of table.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    if (/^\d+$/.test(cells[1] ?? "")) rows.set(Number(cells[1]), { stage: cells[3], verdicts: cells[4] });
  }
  return rows;
}

describe("npm run demo", () => {
  it("replays every incident of the README's table, once, with a verdict the table names", () => {
    const rows = incidents();
    expect(rows.size).toBeGreaterThanOrEqual(7);
    expect(SCENES.map((s) => s.incident)).toEqual([...rows.keys()]);
    for (const scene of SCENES) {
      const row = rows.get(scene.incident);
      expect(row?.stage).toContain(scene.stage);
      expect(row?.verdicts).toContain(`\`${scene.verdict}\``);
    }
  });

  it('the predict scene says "not run (needs nix)" where nix is absent, and never counts it as caught', async () => {
    const kit = new Kit();
    kit.env.PATH = "/nonexistent";
    try {
      const outcome = await goinstanceForetold.play(kit);
      expect(outcome).toMatchObject({ notRun: "needs nix" });
      expect(outcome.caught).toBeUndefined();
      expect(tally([outcome])).toEqual({ caught: 0, failed: 0, notRun: 1 });
    } finally {
      await kit.close();
    }
  });
});
