import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { configJsonSchema } from "../src/core/config/schema.js";
import { runCli } from "./helpers/cli.js";

describe("deploy-gate schema", () => {
  it("prints the JSON Schema with every top-level section", async () => {
    const { code, stdout } = await runCli(["schema"]);
    expect(code).toBe(0);
    const schema = JSON.parse(stdout);
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining([
        "version",
        "environments",
        "artifacts",
        "preflight",
        "checklist",
        "defaults",
        "_extends",
      ]),
    );
    expect(schema.required).toEqual(["version"]);
    expect(schema.additionalProperties).toBe(false);
  });

  it("the committed schema/deploy-gate.schema.json is what the code generates (run `npm run schema`)", () => {
    const committed = JSON.parse(readFileSync(new URL("../schema/deploy-gate.schema.json", import.meta.url), "utf8"));
    expect(committed).toEqual(configJsonSchema());
  });

  it("names every check type in the preflight union", () => {
    const schema = configJsonSchema() as any;
    const types = schema.properties.preflight.items.oneOf.map((s: any) => s.properties.type.const);
    expect(types).toEqual(["env", "http", "tcp", "dns", "command", "k8s-refs", "images-pinned", "aws"]);
  });
});
