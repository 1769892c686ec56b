import { stageSummaryLine, stageTitle } from "../core/report/markdown.js";
import type { Report, Status } from "../core/report/types.js";

const SYMBOL: Record<Status, string> = { pass: "✓", warn: "!", fail: "✗" };
const COLOUR: Record<Status, string> = { pass: "\x1b[32m", warn: "\x1b[33m", fail: "\x1b[31m" };
const RESET = "\x1b[0m";
const DIM = "\x1b[2m";

/** The human rendering of a report for a terminal: one line per result, aligned, colour on a TTY. */
export function renderText(report: Report, colour: boolean, command = "gate"): string {
  const paint = (status: Status, text: string) => (colour ? `${COLOUR[status]}${text}${RESET}` : text);
  const dim = (text: string) => (colour ? `${DIM}${text}${RESET}` : text);
  const lines: string[] = [];
  for (const stage of report.stages) {
    lines.push(
      `${paint(stage.ok ? "pass" : "fail", stageTitle(stage, report.environment))}  ${dim(stageSummaryLine(stage))}`,
    );
    const idWidth = Math.min(28, Math.max(0, ...stage.results.map((r) => r.id.length)));
    const verdictWidth = Math.max(0, ...stage.results.map((r) => r.verdict.length));
    for (const r of stage.results) {
      const place = r.file ? dim(` (${r.file}${r.line ? `:${r.line}` : ""})`) : "";
      lines.push(
        `  ${paint(r.status, SYMBOL[r.status])} ${r.id.padEnd(idWidth)}  ${paint(r.status, r.verdict.padEnd(verdictWidth))}  ${r.message}${place}`,
      );
    }
  }
  const verdict = report.ok ? paint("pass", `${command} passed`) : paint("fail", `${command} failed`);
  lines.push(
    `${verdict}${report.environment ? ` for ${report.environment}` : ""}${report.commit ? dim(` at ${report.commit.slice(0, 7)}`) : ""}`,
  );
  return `${lines.join("\n")}\n`;
}
