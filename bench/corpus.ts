// Accuracy on the corpus (test/fixtures/corpus, and ../shared/corpus when present): per check, the
// findings expected from the Kubernetes, Compose and Dockerfile references that the gate missed
// (false passes) and the findings it made that nobody expects (false fails). The goal is 0 and 0.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CORPUS_DIR } from "../test/fixtures/corpus/generate.js";
import { scoreCorpus } from "../test/helpers/corpus.js";

export default async function bench(): Promise<void> {
  const shared = fileURLToPath(new URL("../../shared/corpus/", import.meta.url));
  const dirs = [CORPUS_DIR, ...(existsSync(join(shared, "expectations.json")) ? [shared] : [])];
  for (const dir of dirs) {
    const start = performance.now();
    const scores = await scoreCorpus(dir);
    console.log(`corpus ${dir} (${(performance.now() - start).toFixed(0)} ms)`);
    for (const s of scores) {
      console.log(
        `  ${s.check.padEnd(14)} ${String(s.files).padStart(4)} files  ${String(s.expected).padStart(4)} expected findings  false passes ${s.falsePasses.length}  false fails ${s.falseFails.length}`,
      );
      for (const m of s.falsePasses) console.log(`    false pass: ${m.file}: ${m.verdict} ${m.subject ?? ""}`);
      for (const m of s.falseFails) console.log(`    false fail: ${m.file}: ${m.verdict} ${m.subject ?? ""}`);
    }
  }
}
