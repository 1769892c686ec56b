import { describe, expect, it } from "vitest";
import { renderText } from "../src/cli/render-text.js";
import { exitCodeOf, report, stageReport } from "../src/core/report/build.js";
import { renderMarkdown } from "../src/core/report/markdown.js";
import type { Result } from "../src/core/report/types.js";

const results: Result[] = [
  {
    id: "goinstance",
    status: "fail",
    verdict: "skipped-rebuild",
    message: "inputs changed | but the artifact did not",
  },
  {
    id: "web",
    status: "warn",
    verdict: "undeclared-change",
    message: "the artifact changed",
    file: "k8s/web.yaml",
    line: 4,
  },
  { id: "api", status: "pass", verdict: "rebuilt", message: "rebuilt" },
];

describe("report", () => {
  it("a warn passes, a fail fails, and --strict turns warns into fails", () => {
    expect(stageReport("artifacts", results.slice(1)).ok).toBe(true);
    expect(stageReport("artifacts", results).ok).toBe(false);
    const strict = stageReport("artifacts", results.slice(1), true);
    expect(strict.ok).toBe(false);
    expect(strict.results[0]).toMatchObject({ status: "fail", verdict: "undeclared-change" });
  });

  it("the report is ok only when every stage is, and the exit code follows", () => {
    const ok = report([stageReport("preflight", results.slice(2))], {
      environment: "production",
      commit: "a".repeat(40),
    });
    expect(ok).toEqual({
      version: 1,
      environment: "production",
      commit: "a".repeat(40),
      ok: true,
      stages: [expect.any(Object)],
    });
    expect(exitCodeOf(ok)).toBe(0);
    expect(exitCodeOf(report([stageReport("artifacts", results), stageReport("preflight", [])]))).toBe(1);
  });

  it("the Markdown rendering has one table per stage, escapes pipes and shows places", () => {
    const md = renderMarkdown(report([stageReport("artifacts", results)], { environment: "production" }));
    expect(md).toContain("deploy-gate/artifacts (production): failed: 1 failed, 1 warned, 1 passed");
    expect(md).toContain("inputs changed \\| but");
    expect(md).toContain("`k8s/web.yaml:4`");
  });

  it("the text rendering is plain without a TTY and coloured with one", () => {
    const r = report([stageReport("artifacts", results)], { environment: "staging" });
    const plain = renderText(r, false);
    expect(plain).not.toContain("\x1b[");
    expect(plain).toContain("✗ goinstance  skipped-rebuild");
    expect(plain.trim().split("\n").at(-1)).toBe("gate failed for staging");
    expect(renderText(r, true)).toContain("\x1b[31m");
  });
});
