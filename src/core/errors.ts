/**
 * An error the user can fix: bad usage, an invalid config, an unreadable state file.
 * Front ends print it as one line (`FILE:LINE: key.path: message`) and exit 2, never with a stack.
 */
export class UserError extends Error {
  readonly file?: string;
  readonly line?: number;
  readonly path?: string;
  readonly exitCode: 1 | 2;

  constructor(message: string, where: { file?: string; line?: number; path?: string; exitCode?: 1 | 2 } = {}) {
    super(message);
    this.name = "UserError";
    this.file = where.file;
    this.line = where.line;
    this.path = where.path;
    this.exitCode = where.exitCode ?? 2;
  }

  /** The one human line: `FILE:LINE: key.path: what is wrong`, with absent parts left out. */
  override toString(): string {
    const place = [this.file, this.file && this.line ? String(this.line) : undefined].filter(Boolean).join(":");
    return [place, this.path, this.message].filter(Boolean).join(": ");
  }
}

/** Formats any thrown value as one line, without a stack for anything the user caused. */
export function describeError(error: unknown): string {
  if (error instanceof UserError) return error.toString();
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
