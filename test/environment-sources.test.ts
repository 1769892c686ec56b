import { describe, expect, it } from "vitest";
import { fromRecord, readDotenv, readJsonParams } from "../src/core/environment/sources.js";
import { UserError } from "../src/core/errors.js";
import { repoWith } from "./helpers/preflight.js";

const where = { file: ".github/deploy-gate.yml", line: 4, path: "environments.production.variables[0]" };

describe("variable sources", () => {
  it("reads dotenv files literally, with the line of each key", async () => {
    const repo = repoWith({
      "a.env": '# comment\nA=1\nexport B="two words"\n\nC=${A}-$(whoami)\nD=\n',
    });
    const vars = await readDotenv(repo, "a.env", where);
    expect(vars).toEqual({
      A: { value: "1", origin: "dotenv", file: "a.env", line: 2 },
      B: { value: "two words", origin: "dotenv", file: "a.env", line: 3 },
      C: { value: "${A}-$(whoami)", origin: "dotenv", file: "a.env", line: 5 },
      D: { value: "", origin: "dotenv", file: "a.env", line: 6 },
    });
  });

  it("reads a flat JSON object and CloudFormation's parameter list", async () => {
    const repo = repoWith({
      "flat.json": '{\n  "A": "x",\n  "N": 3,\n  "Z": null\n}\n',
      "cfn.json": JSON.stringify(
        [
          { ParameterKey: "AMI_ID", ParameterValue: "ami-1" },
          { ParameterKey: "KEEP", UsePreviousValue: true },
        ],
        null,
        2,
      ),
    });
    expect(await readJsonParams(repo, "flat.json", where)).toEqual({
      A: { value: "x", origin: "json", file: "flat.json", line: 2 },
      N: { value: "3", origin: "json", file: "flat.json", line: 3 },
      Z: { value: "", origin: "json", file: "flat.json", line: 4 },
    });
    expect(await readJsonParams(repo, "cfn.json", where)).toEqual({
      AMI_ID: { value: "ami-1", origin: "json", file: "cfn.json", line: 3 },
    });
  });

  it.each([
    ["missing.json", "cannot read missing.json (no such file in the checkout)"],
    ["bad.json", "bad.json is not valid JSON"],
    ["nested.json", '"A" is nested'],
    ["list.json", 'list.json[0] is not a {"ParameterKey", "ParameterValue"} entry'],
    ["scalar.json", "must hold a flat JSON object"],
  ])("%s is a config error naming the config line", async (file, text) => {
    const repo = repoWith({
      "bad.json": "{",
      "nested.json": '{"A": {"b": 1}}',
      "list.json": "[1]",
      "scalar.json": "3",
    });
    const error = await readJsonParams(repo, file, where).catch((e) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({ file: ".github/deploy-gate.yml", line: 4, exitCode: 2 });
    expect(error.message).toContain(text);
  });

  it("takes a record, leaving out undefined values", () => {
    expect(fromRecord({ A: "1", B: undefined }, "process")).toEqual({ A: { value: "1", origin: "process" } });
  });
});
