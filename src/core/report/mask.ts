/**
 * Replaces secret values wherever they appear. Longest first, so a secret that contains another
 * is masked whole. Values shorter than 3 characters are not masked (masking "1" would shred every
 * message); the preflight reports such secrets as placeholders instead.
 */
export const MASK = "***";

export type Masker = <T>(value: T) => T;

export function createMasker(secrets: Iterable<string | undefined>): Masker {
  const values = [...new Set([...secrets].filter((s): s is string => typeof s === "string" && s.length >= 3))].sort(
    (a, b) => b.length - a.length,
  );
  // Also mask the forms a value takes in URLs and JSON, where it may be escaped.
  const forms = new Set<string>();
  for (const v of values) {
    forms.add(v);
    forms.add(encodeURIComponent(v));
    forms.add(JSON.stringify(v).slice(1, -1));
  }
  const ordered = [...forms].filter((f) => f.length >= 3).sort((a, b) => b.length - a.length);
  const maskString = (text: string): string => {
    let out = text;
    for (const form of ordered) out = out.split(form).join(MASK);
    return out;
  };
  const walk = (value: unknown): unknown => {
    if (typeof value === "string") return maskString(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [maskString(k), walk(v)]));
    }
    return value;
  };
  return <T>(value: T): T => (ordered.length === 0 ? value : (walk(value) as T));
}
