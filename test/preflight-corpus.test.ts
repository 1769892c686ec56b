import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildCorpus, CORPUS_DIR } from "./fixtures/corpus/generate.js";
import { readExpectations, scoreCorpus } from "./helpers/corpus.js";

/** A licensed corpus the team may be given later, in the same layout, beside the checkout. */
const SHARED = fileURLToPath(new URL("../../shared/corpus/", import.meta.url));
const corpora = [CORPUS_DIR, ...(existsSync(join(SHARED, "expectations.json")) ? [SHARED] : [])];

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [relative(CORPUS_DIR, path)];
  });

describe("accuracy corpus", () => {
  it("the committed corpus is what its generator writes, and has about 200 files with expectations", () => {
    const { files, expectations } = buildCorpus();
    const onDisk = walk(CORPUS_DIR).filter((f) => !["generate.ts", "expectations.json", "README.md"].includes(f));
    expect(onDisk.sort()).toEqual(Object.keys(files).sort());
    for (const [file, text] of Object.entries(files)) expect(readFileSync(join(CORPUS_DIR, file), "utf8")).toBe(text);
    expect(readExpectations(CORPUS_DIR)).toEqual(expectations);
    expect(new Set(expectations.map((e) => e.file)).size).toBeGreaterThanOrEqual(200);
  });

  for (const dir of corpora) {
    it(`every check gives the expected verdict on every file of ${relative(process.cwd(), dir) || dir}`, async () => {
      const scores = await scoreCorpus(dir);
      expect(scores.map((s) => s.check).sort()).toEqual(["images-pinned", "k8s-refs"]);
      for (const score of scores) {
        expect({ check: score.check, falsePasses: score.falsePasses }).toEqual({ check: score.check, falsePasses: [] });
        expect({ check: score.check, falseFails: score.falseFails }).toEqual({ check: score.check, falseFails: [] });
        expect(score.expected).toBeGreaterThan(0);
      }
    });
  }
});
