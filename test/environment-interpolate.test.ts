import { describe, expect, it } from "vitest";
import { interpolate, interpolateDeep } from "../src/core/environment/interpolate.js";

describe("interpolation", () => {
  it("replaces ${NAME} and reports missing names without emptying them", () => {
    expect(interpolate("https://${HOST}:${PORT}/${HOST}", { HOST: "h" })).toEqual({
      text: "https://h:${PORT}/h",
      missing: ["PORT"],
    });
    expect(interpolate("$HOST ${lower_ok} ${1BAD}", { HOST: "x", lower_ok: "y" }).text).toBe("$HOST y ${1BAD}");
    expect(interpolate("${EMPTY}", { EMPTY: "" })).toEqual({ text: "", missing: [] });
  });

  it("walks objects and arrays, skipping the keys given", () => {
    const check = { url: "${A}", run: "echo ${A}", headers: { X: "${B}" }, list: ["${A}", 3, true, null] };
    expect(interpolateDeep(check, { A: "a" }, ["run"])).toEqual({
      value: { url: "a", run: "echo ${A}", headers: { X: "${B}" }, list: ["a", 3, true, null] },
      missing: ["B"],
    });
  });

  it("skips the check's own keys at the top only: a nested key named `run` or `id` is interpolated", () => {
    const { value } = interpolateDeep(
      { id: "${X}", run: "echo ${X}", headers: { id: "${X}" }, expect: { json: { run: "${X}" } } },
      { X: "1" },
      ["id", "run"],
    );
    expect(value).toEqual({ id: "${X}", run: "echo ${X}", headers: { id: "1" }, expect: { json: { run: "1" } } });
  });
});
