/** A YAML mapping or JSON object: not null, not an array. Untrusted documents are walked with it. */
export const isMapping = (value: unknown): value is Record<string, any> =>
  value !== null && typeof value === "object" && !Array.isArray(value);
