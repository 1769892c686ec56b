import { processInterrupts } from "../core/interrupts.js";

/** What a CLI run may touch besides the file system: injected so tests run it in-process. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Colour and compact tables only when a person is watching. */
  isTTY: boolean;
  /** Ctrl-C and SIGTERM, for a stage that ends early with its report; absent in-process (tests). */
  interrupts?: (onInterrupt: () => void) => () => void;
}

/** `deploy-gate --help | head` closes the pipe early: that ends the output, not with a stack trace. */
const quietOnClosedPipe = (stream: NodeJS.WriteStream) =>
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });

export const processIo = (): Io => {
  quietOnClosedPipe(process.stdout);
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    isTTY: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    interrupts: processInterrupts,
  };
};

/** The CLI's one output boundary: everything printed, text or JSON, goes through the mask. */
export const maskedIo = (io: Io, mask: (text: string) => string): Io => ({
  ...io,
  stdout: (text) => io.stdout(mask(text)),
  stderr: (text) => io.stderr(mask(text)),
});
