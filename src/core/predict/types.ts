import type { ToolAnswer } from "./run-tool.js";

/** What a build system says, before building, about one artifact. */
export interface Prediction {
  /** The build key `record` stores and the next `predict` compares: it changes when the build would rebuild. */
  key: string;
  /** Repository-relative files the build system counts, when it says which. */
  files?: ReadonlySet<string>;
  /** Who answered, for messages: "turbo's web#build". */
  subject: string;
  /** What to change so the build counts the files it ignores ("it" or "them"). */
  fix: (them: string) => string;
}

/** A prediction, or the fail result that stands for it. */
export type Asked = { ok: true; prediction: Prediction } | Extract<ToolAnswer, { ok: false }>;

/** What every build tool is run with. */
export interface AskContext {
  repo: string;
  /** The process environment (PATH, HOME, the tools' own settings). */
  env: Record<string, string | undefined>;
  signal: AbortSignal;
  timeoutMs: number;
}
