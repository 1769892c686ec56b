import type * as z from "zod";

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
  in?: z.ZodType;
};

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Unwraps optional, default, prefault, pipe: the schema that shapes the value. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    const next = def.innerType ?? (def.type === "pipe" ? def.in : undefined);
    if (!next) return current;
    current = next;
  }
}

/** The object schemas a value may be: one for an object, the matching option(s) of a union. */
function objectsFor(schema: z.ZodType, value: unknown): z.ZodType[] {
  const def = defOf(unwrap(schema));
  if (def.type === "object") return [unwrap(schema)];
  if (def.type !== "union") return [];
  let options = def.options ?? [];
  const tag = def.discriminator;
  if (tag && value && typeof value === "object") {
    const wanted = (value as Record<string, unknown>)[tag];
    const matching = options.filter((o) => {
      const field = defOf(unwrap(o)).shape?.[tag];
      return field && (defOf(field) as { values?: unknown[] }).values?.includes(wanted);
    });
    if (matching.length) options = matching;
  }
  return options.flatMap((o) => objectsFor(o, value));
}

/**
 * The keys the schema allows in the mapping at `path` of `data`, for suggesting a near miss when a
 * key is unknown. Follows lists, records and (by the `type` a check names) unions.
 */
export function knownKeysAt(schema: z.ZodType, data: unknown, path: readonly PropertyKey[]): string[] {
  let schemas = [schema];
  let value = data;
  for (const key of path) {
    value = value && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[key] : undefined;
    schemas = schemas.flatMap((s) => {
      const inner = unwrap(s);
      const def = defOf(inner);
      if (def.type === "array" && typeof key === "number" && def.element) return [def.element];
      if (def.type === "record" && def.valueType) return [def.valueType];
      return objectsFor(inner, undefined).flatMap((o) => {
        const field = defOf(o).shape?.[String(key)];
        return field ? [field] : [];
      });
    });
  }
  const keys = schemas.flatMap((s) => objectsFor(s, value).flatMap((o) => Object.keys(defOf(o).shape ?? {})));
  return [...new Set(keys)];
}
