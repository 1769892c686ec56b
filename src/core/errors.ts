/** One thing the user must fix, and where: a file, a line in it, a key path. */
export interface Problem {
  message: string;
  file?: string;
  line?: number;
  path?: string;
}

/** `FILE:LINE: key.path: what is wrong`, with absent parts left out. */
export function problemLine(problem: Problem): string {
  const place = [problem.file, problem.file && problem.line ? String(problem.line) : undefined]
    .filter(Boolean)
    .join(":");
  return [place, problem.path, problem.message].filter(Boolean).join(": ");
}

/**
 * An error the user can fix: bad usage, an invalid config, an unreadable state file.
 * Front ends print it as one line per problem (`FILE:LINE: key.path: message`) and exit 2, never
 * with a stack. The error's own fields are its first problem; `problems` lists all of them.
 */
export class UserError extends Error {
  readonly file?: string;
  readonly line?: number;
  readonly path?: string;
  readonly exitCode: 1 | 2;
  readonly problems: readonly Problem[];

  constructor(
    message: string,
    where: { file?: string; line?: number; path?: string; exitCode?: 1 | 2; more?: Problem[] } = {},
  ) {
    super(message);
    this.name = "UserError";
    this.file = where.file;
    this.line = where.line;
    this.path = where.path;
    this.exitCode = where.exitCode ?? 2;
    this.problems = [{ message, file: where.file, line: where.line, path: where.path }, ...(where.more ?? [])];
  }

  /** Every problem, one line each. */
  override toString(): string {
    return this.problems.map(problemLine).join("\n");
  }
}

/** Formats any thrown value as one line per problem, without a stack for anything the user caused. */
export function describeError(error: unknown): string {
  if (error instanceof UserError) return error.toString();
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
