/**
 * Replaces secret values wherever they appear. Longest first, so a secret that contains another
 * is masked whole. Values shorter than 3 characters are not masked (masking "1" would shred every
 * message); the preflight reports such secrets as placeholders instead.
 */
export const MASK = "***";

/** The shortest piece of a secret, left at the edge of cut text, that is still masked. */
const MIN_EDGE = 4;

export type Masker = (<T>(value: T) => T) & {
  /**
   * For text that was cut to a limit (command output, response bodies): also masks a secret whose
   * start is left at the end of the text, or whose end is left at its start.
   */
  cut: (text: string) => string;
};

/** Every way a value may be written where it travels: raw, in URLs (each part encodes its own set), in JSON. */
function formsOf(value: string): string[] {
  const forms = [value, encodeURIComponent(value), encodeURI(value), JSON.stringify(value).slice(1, -1)];
  const viaUrl = (build: (url: URL) => string) => {
    try {
      forms.push(build(new URL("http://h.invalid/")));
    } catch {
      // a value no URL part can hold
    }
  };
  viaUrl((u) => {
    u.pathname = `/${value}`;
    return u.pathname.slice(1);
  });
  viaUrl((u) => {
    u.search = `?${value}`;
    return u.search.slice(1);
  });
  viaUrl((u) => {
    u.hash = `#${value}`;
    return u.hash.slice(1);
  });
  viaUrl((u) => {
    u.username = value;
    return u.username;
  });
  viaUrl((u) => {
    u.password = value;
    return u.password;
  });
  forms.push(new URLSearchParams({ v: value }).toString().slice(2));
  return forms;
}

export function createMasker(secrets: Iterable<string | undefined>): Masker {
  const values = [...new Set([...secrets].filter((s): s is string => typeof s === "string" && s.length >= 3))];
  const ordered = [...new Set(values.flatMap(formsOf))]
    .filter((f) => f.length >= 3)
    .sort((a, b) => b.length - a.length);
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
  const cut = (text: string): string => {
    let out = maskString(text);
    for (const form of ordered) {
      for (let n = Math.min(form.length - 1, out.length); n >= MIN_EDGE; n--) {
        if (out.endsWith(form.slice(0, n))) {
          out = `${out.slice(0, -n)}${MASK}`;
          break;
        }
      }
      for (let n = Math.min(form.length - 1, out.length); n >= MIN_EDGE; n--) {
        if (out.startsWith(form.slice(-n))) {
          out = `${MASK}${out.slice(n)}`;
          break;
        }
      }
    }
    return out;
  };
  const mask = <T>(value: T): T => (ordered.length === 0 ? value : (walk(value) as T));
  return Object.assign(mask, { cut: (text: string) => (ordered.length === 0 ? text : cut(text)) });
}
