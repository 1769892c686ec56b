import { countByStatus } from "./build.js";
import type { Report, Result, StageReport } from "./types.js";

const ICON = { pass: "✅", warn: "⚠️", fail: "❌" } as const;

/** Table cells: pipes and newlines would break the row (output masking knows this form). */
export const tableCell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

const where = (r: Result): string => (r.file ? `\`${r.file}${r.line ? `:${r.line}` : ""}\`` : "");

export function stageTitle(stage: StageReport, environment?: string): string {
  return `deploy-gate/${stage.stage}${environment && stage.stage !== "checklist" ? ` (${environment})` : ""}`;
}

export function stageSummaryLine(stage: StageReport): string {
  const c = countByStatus(stage.results);
  const parts = [`${c.fail} failed`, `${c.warn} warned`, `${c.pass} passed`];
  return `${stage.ok ? "passed" : "failed"}: ${parts.join(", ")}`;
}

export function renderStageMarkdown(stage: StageReport, environment?: string): string {
  const lines = [
    `### ${stage.ok ? ICON.pass : ICON.fail} ${stageTitle(stage, environment)}: ${stageSummaryLine(stage)}`,
    "",
  ];
  if (stage.results.length === 0) {
    lines.push("Nothing to check for this stage.");
    return lines.join("\n");
  }
  const anyPlace = stage.results.some((r) => r.file);
  lines.push(`| | id | verdict | message |${anyPlace ? " where |" : ""}`);
  lines.push(`|---|---|---|---|${anyPlace ? "---|" : ""}`);
  for (const r of stage.results) {
    lines.push(
      `| ${ICON[r.status]} | \`${tableCell(r.id)}\` | \`${r.verdict}\` | ${tableCell(r.message)} |${anyPlace ? ` ${where(r)} |` : ""}`,
    );
  }
  return lines.join("\n");
}

/** A report as the job summary shows it; the CLI renders its own text and shares only the titles and summary lines. */
export function renderMarkdown(report: Report): string {
  const head = `## deploy-gate ${report.ok ? "passed" : "failed"}${report.environment ? ` for \`${report.environment}\`` : ""}${report.commit ? ` at \`${report.commit.slice(0, 7)}\`` : ""}`;
  return `${[head, ...report.stages.map((s) => renderStageMarkdown(s, report.environment))].join("\n\n")}\n`;
}
