import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Prediction } from "../src/core/predict/types.js";
import { decidePrediction, type PredictFacts, showKey } from "../src/core/predict/verdict.js";

const prediction = (key: string, files?: string[]): Prediction => ({
  key,
  files: files && new Set(files),
  subject: "turbo's web#build",
  fix: (them) => `add ${them} to the task's inputs`,
});

const facts = (
  p: Prediction,
  baseline?: Partial<NonNullable<PredictFacts["baseline"]>>,
  undeclared: string[] = [],
) => ({
  prediction: p,
  undeclared,
  firstDeploy: "FIRST",
  baseline: baseline && {
    at: "abc1234",
    inputsChanged: true,
    changed: ["a.ts"],
    present: () => true,
    noKey: "NO KEY",
    ...baseline,
  },
});

describe("predict verdicts", () => {
  it("predicted-skip wins over undeclared-build-input", () => {
    const out = decidePrediction(
      facts(prediction("turbo:2", ["b.ts", "package.json"]), { key: "turbo:1" }, ["package.json"]),
    );
    expect(out).toMatchObject({ verdict: "predicted-skip", status: "fail" });
    expect(out.message).toBe(
      "a.ts changed since the deploy at abc1234, but turbo's web#build does not count it, so the build would not rebuild for it; add it to the task's inputs, or drop it from `inputs` if the build truly does not need it",
    );
  });

  it("a deleted input is judged by the key, not by the file list it can no longer be in", () => {
    const out = decidePrediction(facts(prediction("turbo:2", ["b.ts"]), { key: "turbo:1", present: () => false }));
    expect(out.verdict).toBe("predicted-rebuild");
  });

  it("an unchanged key after changed inputs is a skip, even when a shallow clone cannot name the files", () => {
    const out = decidePrediction(
      facts(prediction("nix:/nix/store/abc-x.drv"), { key: "nix:/nix/store/abc-x.drv", changed: undefined }),
    );
    expect(out.verdict).toBe("predicted-skip");
    expect(out.message).toContain("(to name them the clone needs that commit: use fetch-depth: 0)");
    expect(out.message).toContain("add them to the task's inputs");
  });

  it("without a recorded key: the file list alone proves a rebuild; with no list it is first-deploy", () => {
    expect(decidePrediction(facts(prediction("turbo:2", ["a.ts"]), {})).verdict).toBe("predicted-rebuild");
    expect(decidePrediction(facts(prediction("nix:/nix/store/x.drv"), {}))).toMatchObject({
      verdict: "first-deploy",
      message: "NO KEY",
    });
    expect(decidePrediction(facts(prediction("nix:/nix/store/x.drv"), { inputsChanged: false })).message).toContain(
      "recorded no build key",
    );
    expect(decidePrediction(facts(prediction("nix:/nix/store/x.drv")))).toMatchObject({
      verdict: "first-deploy",
      message: "FIRST",
    });
  });

  it("keys are shown short: a drvPath's hash, a hash's first 12 characters", () => {
    expect(showKey("nix:/nix/store/0mwpbf178cyhxmmqiv86r7hwgwx59w0v-goinstance.drv")).toBe("0mwpbf178cyh");
    expect(showKey("turbo:51770d8f87d5d2ab")).toBe("51770d8f87d5");
  });

  it("changed inputs with an unchanged key are never a pass, whatever the tool says it counts", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom("a.ts", "b.ts", "c.ts", "d.ts"), { minLength: 1 }),
        fc.option(fc.uniqueArray(fc.constantFrom("a.ts", "b.ts", "c.ts", "d.ts")), { nil: undefined }),
        fc.array(fc.constantFrom("x.json", "y.json")),
        (changed, files, undeclared) => {
          const out = decidePrediction(facts(prediction("k:1", files), { key: "k:1", changed }, undeclared));
          expect(out).toMatchObject({ verdict: "predicted-skip", status: "fail" });
        },
      ),
    );
  });
});
