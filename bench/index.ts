// `npm run bench [part...]`: each part prints its figures as ratios against a peer or the physical
// limit measured in the same run. Benchmarks are not tests: nothing here asserts a time.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const PARTS = [
  "artifacts",
  "preflight",
  "checklist",
  "tasklists",
  "latency",
  "corpus",
  "protection",
  "verify",
  "predict",
  "aws",
] as const;
const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const parts = wanted.length ? wanted : PARTS;

for (const part of parts) {
  const file = fileURLToPath(new URL(`./${part}.ts`, import.meta.url));
  if (!existsSync(file)) {
    console.log(`bench ${part}: not present`);
    continue;
  }
  console.log(`\n== ${part} ==`);
  const mod = (await import(file)) as { default: () => Promise<void> };
  await mod.default();
}
