import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { configReference, REFERENCE_END, REFERENCE_START, withReference } from "../src/core/config/reference.js";
import { configJsonSchema } from "../src/core/config/schema.js";

describe("the README's config reference", () => {
  const reference = configReference(configJsonSchema());

  it("is what the schema generates (run `npm run docs`)", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const start = readme.indexOf(REFERENCE_START) + REFERENCE_START.length;
    expect(readme.slice(start, readme.indexOf(REFERENCE_END)).trim()).toBe(reference);
  });

  it("has a row for every section, the shared check fields once, and each check type's own", () => {
    for (const path of [
      "version",
      "environments.<name>.variables",
      "artifacts[].inputs",
      "preflight[].timeout",
      "preflight[type=k8s-refs].manifests",
      "checklist.items[].paths",
      "defaults.budget",
    ]) {
      expect(reference).toContain(`| \`${path}\` |`);
    }
    expect(reference).not.toContain("preflight[type=http].id");
    expect(reference).toContain('| `checklist.reset` | `"on-push"`, `"on-relevant-push"`, `"never"` | `"on-push"` |');
  });

  it("replaces only what stands between the markers, and refuses a README without them", () => {
    expect(withReference(`a\n${REFERENCE_START}\nold\n${REFERENCE_END}\nb`, "new")).toBe(
      `a\n${REFERENCE_START}\nnew\n${REFERENCE_END}\nb`,
    );
    expect(() => withReference("no markers", "x")).toThrow("markers");
  });
});
