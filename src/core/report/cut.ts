/**
 * Every cut the gate makes to text it shows is marked with CUT, at the side where text was dropped:
 * output masking (mask.ts) runs after the cut and masks a secret's piece left against the mark.
 */
export const CUT = "…";

/** Whitespace runs as one space: how text is put on one line for a message. */
export const oneLine = (text: string): string => text.replace(/\s+/g, " ");

/** Shortens text that ends up in a message (command output, response bodies) to one line. */
export function excerpt(text: string, max = 160): string {
  const flat = oneLine(text).trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}${CUT}` : flat;
}

/** The last `lines` lines of text, at most `max` characters, marked where the start was dropped. */
export function tail(text: string, lines: number, max: number): string {
  const all = text.split("\n");
  const kept = all.slice(-lines).join(" ");
  const short = kept.slice(-max);
  return all.length > lines || short.length < kept.length ? `${CUT}${short}` : short;
}
