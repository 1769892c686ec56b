import type { ProgressBoard } from "../core/progress-board.js";
import { CUT } from "../core/report/cut.js";

/** Wider lines would wrap, and moving the cursor up by one line per entry would then miss. */
const WIDTH = 100;

const clipped = (line: string) => (line.length > WIDTH ? `${line.slice(0, WIDTH - 1)}${CUT}` : line);

/**
 * A terminal's board: one line per entry, redrawn in place (cursor up, clear line) on every change
 * and each `tickMs` in between, so a countdown stays current. Nothing else may write to the same
 * stream while it is open.
 */
export function liveBoard(write: (text: string) => void, tickMs = 1000): ProgressBoard {
  const lines = new Map<string, (now: number) => string>();
  let drawn = 0;
  const draw = () => {
    const now = Date.now();
    let out = drawn ? `\x1b[${drawn}A` : "";
    for (const line of lines.values()) out += `\r\x1b[2K${clipped(line(now))}\n`;
    drawn = lines.size;
    write(out);
  };
  const timer = setInterval(() => lines.size && draw(), tickMs);
  timer.unref();
  return {
    set(key, line) {
      lines.set(key, line);
      draw();
    },
    close: () => clearInterval(timer),
  };
}
