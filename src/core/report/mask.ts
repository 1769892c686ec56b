import { CUT, oneLine } from "./cut.js";
import { tableCell } from "./markdown.js";

/**
 * The one masking of the gate's output. Front ends put an OutputMask in front of everything that
 * leaves the process (CLI stdout and stderr, the action's log, annotations, summary, outputs,
 * statuses, report file), so masking runs once, on final text, after every cut, quote and
 * encoding the gate applied: stages and checks never mask.
 */
export const MASK = "***";

/**
 * The one length rule: a secret shorter than this (ignoring surrounding whitespace) cannot be
 * masked without hiding every such run of characters in the output, so the environment setup
 * refuses it; a piece of a secret shorter than this, left against a cut, stays.
 */
export const MIN_MASKED = 3;

/** Why a secret's value cannot be masked, or undefined. Empty values hold nothing to hide. */
export function unmaskable(value: string): string | undefined {
  const length = value.trim().length;
  return length > 0 && length < MIN_MASKED
    ? `is ${length} character${length === 1 ? "" : "s"} long, too short to mask (at least ${MIN_MASKED})`
    : undefined;
}

export type Masker = ((text: string) => string) & { readonly values: readonly string[] };

const jsonEscaped = (text: string) => JSON.stringify(text).slice(1, -1);

/** The value as URL parts write it: each part percent-encodes its own set of characters. */
function urlForms(value: string): string[] {
  const forms = [encodeURIComponent(value), encodeURI(value), new URLSearchParams({ v: value }).toString().slice(2)];
  const parts: [keyof URL & ("pathname" | "search" | "hash" | "username" | "password"), string][] = [
    ["pathname", "/"],
    ["search", "?"],
    ["hash", "#"],
    ["username", ""],
    ["password", ""],
  ];
  for (const [part, lead] of parts) {
    try {
      const url = new URL("http://h.invalid/");
      url[part] = `${lead}${value}`;
      forms.push(url[part].slice(lead.length));
    } catch {
      // a value this part cannot hold
    }
  }
  return forms;
}

/**
 * The value inside any base64 (or base64url) text, such as the Basic `user:secret` header the
 * http check builds: at each of the three byte alignments, the characters that only its bytes
 * decide, and the same run through the end of an encoding (its last character and padding).
 */
function base64Forms(value: string): string[] {
  const bytes = Buffer.from(value, "utf8");
  const forms: string[] = [];
  for (const offset of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString("base64");
    const start = Math.ceil((offset * 8) / 6);
    const end = Math.floor(((offset + bytes.length) * 8) / 6);
    for (const form of [encoded.slice(start, end), encoded.slice(start)]) {
      forms.push(form, form.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""));
    }
  }
  return forms;
}

/**
 * Every form the gate's own output may give a value: raw and trimmed, on one line (messages),
 * JSON-escaped once and twice (a quoted value inside a JSON document), as a Markdown table cell,
 * in each URL part, and in base64.
 */
function formsOf(value: string): string[] {
  const bases = new Set([value, value.trim(), oneLine(value), oneLine(value).trim()]);
  const forms = [...bases].flatMap((b) => [
    b,
    jsonEscaped(b),
    jsonEscaped(jsonEscaped(b)),
    tableCell(b),
    tableCell(jsonEscaped(b)),
  ]);
  return [...forms, ...urlForms(value), ...base64Forms(value)];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Where each character stands in the forms: a piece against a cut is looked for only where it can end. */
interface PieceIndex {
  /** char -> the starts of forms (at least MIN_MASKED long) that end in that char, longest first. */
  starts: Map<string, string[]>;
  /** char -> the ends of forms that begin with that char, longest first. */
  ends: Map<string, string[]>;
}

function pieceIndex(forms: string[]): PieceIndex {
  const starts = new Map<string, string[]>();
  const ends = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, key: string, piece: string) => {
    if (!map.has(key)) map.set(key, []);
    map.get(key)!.push(piece);
  };
  for (const form of forms) {
    for (let n = MIN_MASKED; n <= form.length; n++) {
      add(starts, form[n - 1], form.slice(0, n));
      add(ends, form[form.length - n], form.slice(-n));
    }
  }
  for (const map of [starts, ends]) for (const list of map.values()) list.sort((x, y) => y.length - x.length);
  return { starts, ends };
}

/** The length of the longest start of a form that `text` ends with (0 when none). */
const pieceAtEnd = (text: string, index: PieceIndex): number =>
  (index.starts.get(text.at(-1) ?? "") ?? []).find((piece) => text.endsWith(piece))?.length ?? 0;

/** The length of the longest end of a form that `text` begins with (0 when none). */
const pieceAtStart = (text: string, index: PieceIndex): number =>
  (index.ends.get(text[0] ?? "") ?? []).find((piece) => text.startsWith(piece))?.length ?? 0;

/**
 * Masks every form of every secret; then, against each CUT mark, the start of a form left before
 * it and the end of a form left after it. Longest forms first, so a secret that contains another
 * is masked whole. Values too short to mask (see MIN_MASKED) are left out.
 */
export function createMasker(secrets: Iterable<string | undefined>): Masker {
  const values = [
    ...new Set([...secrets].filter((s): s is string => typeof s === "string" && s.trim().length >= MIN_MASKED)),
  ];
  const forms = [...new Set(values.flatMap(formsOf))]
    .filter((f) => f.length >= MIN_MASKED)
    .sort((a, b) => b.length - a.length);
  if (forms.length === 0) return Object.assign((text: string) => text, { values });
  const whole = new RegExp(forms.map(escapeRegExp).join("|"), "g");
  const pieces = pieceIndex(forms);
  const mask = (text: string): string => {
    const parts = text.replace(whole, MASK).split(CUT);
    for (let i = 0; i < parts.length; i++) {
      // A piece right next to a masked secret joins its mask.
      if (i < parts.length - 1) {
        const n = pieceAtEnd(parts[i], pieces);
        const rest = parts[i].slice(0, parts[i].length - n);
        if (n) parts[i] = rest.endsWith(MASK) ? rest : `${rest}${MASK}`;
      }
      if (i > 0) {
        const n = pieceAtStart(parts[i], pieces);
        const rest = parts[i].slice(n);
        if (n) parts[i] = rest.startsWith(MASK) ? rest : `${MASK}${rest}`;
      }
    }
    return parts.join(CUT);
  };
  return Object.assign(mask, { values });
}

/** What a front end puts in front of its output: it masks with every secret it has been given. */
export interface OutputMask {
  (text: string): string;
  /** Adds a masker's secrets (an environment loaded): from now on they are masked too. */
  use: (masker: Masker) => void;
}

export function outputMask(): OutputMask {
  let current = createMasker([]);
  const use = (masker: Masker) => {
    const known = new Set(current.values);
    if (masker.values.every((v) => known.has(v))) return;
    // One masker over all of them: masking one set after another could cut through a longer secret.
    // The environment's masker already holds the `secrets` input masked before it: it is taken as is.
    const covers = new Set(masker.values);
    current = [...known].every((v) => covers.has(v)) ? masker : createMasker([...current.values, ...masker.values]);
  };
  return Object.assign((text: string) => current(text), { use });
}
