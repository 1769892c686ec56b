import { describe, expect, it } from "vitest";
import { parseConfig } from "../src/core/config/load.js";
import { loadEnvironment, secretValues } from "../src/core/environment/load.js";
import { UserError } from "../src/core/errors.js";
import { repoWith } from "./helpers/preflight.js";

const loaded = parseConfig(
  `version: 1
environments:
  staging:
    variables: [{ dotenv: staging.env }]
    secrets: [STAGING_KEY]
  production:
    variables:
      - dotenv: prod.env
      - json: prod.json
      - process: true
    secrets: [API_KEY]
  bare: {}
`,
  ".github/deploy-gate.yml",
);

const files = {
  "staging.env": "STAGING_KEY=stg-secret\nA=staging\n",
  "prod.env": "A=dotenv\nB=dotenv\nC=dotenv\nAPI_KEY=prod-secret\n",
  "prod.json": '{"B": "json", "C": "json"}',
};

describe("loadEnvironment", () => {
  it("merges sources in order, then the variables input, then the secrets input (later wins)", async () => {
    const repo = repoWith(files);
    const env = await loadEnvironment(loaded, "production", {
      repo,
      processEnv: { C: "process", P: "p" },
      variables: { D: "vars" },
      secrets: { D: "secret-input", TOKEN: "tok" },
    });
    expect(env.values).toEqual({
      A: "dotenv",
      B: "json",
      C: "process",
      P: "p",
      API_KEY: "prod-secret",
      D: "secret-input",
      TOKEN: "tok",
    });
    expect(env.variables.B).toMatchObject({ origin: "json", file: "prod.json", line: 1 });
    expect(env.variables.C.origin).toBe("process");
    expect(env.variables.D.origin).toBe("secrets-input");
    expect([...env.secretNames].sort()).toEqual(["API_KEY", "D", "TOKEN"]);
  });

  it("reads the process environment only where the environment lists process: true", async () => {
    const repo = repoWith(files);
    const env = await loadEnvironment(loaded, "staging", { repo, processEnv: { LEAK: "x" } });
    expect(env.values).toEqual({ STAGING_KEY: "stg-secret", A: "staging" });
  });

  it("an environment the config does not define is a config error listing the defined ones", async () => {
    const error = await loadEnvironment(loaded, "prod", { repo: repoWith({}) }).catch((e) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toBe(
      'environment "prod" is not defined in .github/deploy-gate.yml (defined: staging, production, bare)',
    );
    expect(error.line).toBe(2);
  });

  it("a source file missing from the checkout is a config error naming the config line", async () => {
    const error = await loadEnvironment(loaded, "production", { repo: repoWith({}) }).catch((e) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error.toString()).toBe(
      ".github/deploy-gate.yml:8: environments.production.variables[0]: cannot read prod.env (no such file in the checkout); commit it or fix the path",
    );
  });

  it("secretValues: the declared secrets of every environment and the secrets input", async () => {
    const repo = repoWith(files);
    const values = await secretValues(loaded, { repo, secrets: { X: "input-secret" } });
    expect(values.sort()).toEqual(["input-secret", "prod-secret", "stg-secret"]);
    // An environment whose files cannot be read contributes what it can.
    const partial = await secretValues(loaded, { repo: repoWith({ "staging.env": "STAGING_KEY=s1\n" }) });
    expect(partial).toEqual(["s1"]);
  });

  it("secretValues: a declared secret that arrives through the `variables` input is masked too", async () => {
    const repo = repoWith({ "staging.env": "" });
    const values = await secretValues(loaded, { repo, variables: { STAGING_KEY: "from-variables" } });
    expect(values).toContain("from-variables");
  });
});
