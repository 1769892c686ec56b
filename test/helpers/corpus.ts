import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseConfig } from "../../src/core/config/load.js";
import { prepareEnvironment } from "../../src/core/environment/prepare.js";
import { runPreflightStage } from "../../src/core/preflight/stage.js";
import type { Result } from "../../src/core/report/types.js";
import type { CheckType, Expectation, Finding } from "../fixtures/corpus/generate.js";

export interface Miss {
  file: string;
  verdict: string;
  subject?: string;
  message?: string;
}

/** Per check: findings the corpus expects that the gate missed, and findings it made that are not expected. */
export interface Score {
  check: CheckType;
  files: number;
  expected: number;
  falsePasses: Miss[];
  falseFails: Miss[];
}

/** A corpus folder: its files, `expectations.json`, and optionally `inventory.json` and `corpus.env`. */
export function readExpectations(dir: string): Expectation[] {
  return JSON.parse(readFileSync(join(dir, "expectations.json"), "utf8"));
}

/** A file name as a glob that matches only that file. */
const literalGlob = (file: string) => file.replace(/[\\*?[\]{}()!+@]/g, "\\$&");

const quote = (s: string) => JSON.stringify(s);

/** What a result says of one reference: an image (from the message) or `secret/name[:key]` (from the id). */
function findingOf(result: Result, entry: Expectation, id: string): Finding | undefined {
  if (result.verdict === "passed") return undefined;
  const suffix = result.id.slice(id.length + 1);
  if (!suffix || suffix === entry.file) return { verdict: result.verdict };
  if (entry.check === "k8s-refs") return { verdict: result.verdict, subject: suffix };
  const image = /image "([^"]*)"/.exec(result.message)?.[1];
  return { verdict: result.verdict, subject: image };
}

const key = (f: Finding) => `${f.verdict}|${f.subject ?? ""}`;

/** Runs every expectation's check over its file in one preflight stage and scores the verdicts. */
export async function scoreCorpus(dir: string, expectations = readExpectations(dir)): Promise<Score[]> {
  const inventory = existsSync(join(dir, "inventory.json")) ? "inventory.json" : undefined;
  const env = existsSync(join(dir, "corpus.env")) ? "{ variables: [{ dotenv: corpus.env }] }" : "{}";
  const checks = expectations.map((e, i) =>
    e.check === "images-pinned"
      ? `  - { id: c${i}, type: images-pinned, files: [${quote(literalGlob(e.file))}] }\n`
      : `  - { id: c${i}, type: k8s-refs, manifests: [${quote(literalGlob(e.file))}], inventory: ${quote(inventory ?? "inventory.json")} }\n`,
  );
  const yaml = `version: 1\ndefaults: { budget: 600s, timeout: 60s }\nenvironments:\n  corpus: ${env}\npreflight:\n${checks.join("")}`;
  const loaded = parseConfig(yaml, "corpus.yml");
  const { environment, loadOther } = await prepareEnvironment(loaded, "corpus", { repo: dir, processEnv: {} });
  const stage = await runPreflightStage({ loaded, environment, repo: dir, loadOther, processEnv: {} });
  const byCheck = new Map<string, Result[]>();
  for (const r of stage.results) {
    const id = r.id.split(":")[0];
    byCheck.set(id, [...(byCheck.get(id) ?? []), r]);
  }
  const scores = new Map<CheckType, Score>();
  expectations.forEach((entry, i) => {
    const id = `c${i}`;
    const score = scores.get(entry.check) ?? {
      check: entry.check,
      files: 0,
      expected: 0,
      falsePasses: [],
      falseFails: [],
    };
    scores.set(entry.check, score);
    score.files++;
    score.expected += entry.findings.length;
    const actual = (byCheck.get(id) ?? []).flatMap((r) => {
      const f = findingOf(r, entry, id);
      return f ? [{ ...f, message: r.message }] : [];
    });
    const unmatched = [...actual];
    for (const want of entry.findings) {
      const at = unmatched.findIndex((a) => key(a) === key(want));
      if (at >= 0) unmatched.splice(at, 1);
      else score.falsePasses.push({ file: entry.file, ...want });
    }
    for (const extra of unmatched) score.falseFails.push({ file: entry.file, ...extra });
  });
  return [...scores.values()];
}
