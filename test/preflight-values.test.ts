import { describe, expect, it } from "vitest";
import { parseJsonPath, valueAt } from "../src/core/preflight/json-path.js";
import { placeholderReason } from "../src/core/preflight/placeholders.js";

describe("placeholder values", () => {
  it.each([
    "",
    "  ",
    "****",
    "*",
    "••••",
    "changeme",
    "CHANGE_ME",
    "change-me",
    "TODO",
    "todo: set me",
    "TBD",
    "<api-key>",
    "<>",
    "${API_KEY}",
    "prefix-${X}",
  ])("%j is a placeholder", (value) => {
    expect(placeholderReason(value)).toBeDefined();
  });
  it.each(["real-value", "ami-0abc", "a*b", "todolist", "<a><b>", "$HOME", "0", "false"])("%j is a value", (value) => {
    expect(placeholderReason(value)).toBeUndefined();
  });
});

describe("JSON paths", () => {
  const data = { a: { b: [10, { c: "x" }] }, "d.e": 1, "q'": 2 };
  it("reads $, .key, [n], [\"key\"] and ['key']", () => {
    expect(valueAt(data, parseJsonPath("$"))).toEqual({ found: true, value: data });
    expect(valueAt(data, parseJsonPath("$.a.b[1].c"))).toEqual({ found: true, value: "x" });
    expect(valueAt(data, parseJsonPath('$["d.e"]'))).toEqual({ found: true, value: 1 });
    expect(valueAt(data, parseJsonPath("$['q\\'']"))).toEqual({ found: true, value: 2 });
    expect(valueAt(data, parseJsonPath("$.a.b[5]")).found).toBe(false);
    expect(valueAt(data, parseJsonPath("$.a.b.c")).found).toBe(false);
    expect(valueAt(data, parseJsonPath("$.a[0]")).found).toBe(false);
  });
  it("rejects what it does not understand, with a sentence", () => {
    expect(() => parseJsonPath("a.b")).toThrow("must start with $");
    expect(() => parseJsonPath("$..a")).toThrow('not understood at "..a"');
    expect(() => parseJsonPath("$.a[*]")).toThrow("use .key");
  });
});
