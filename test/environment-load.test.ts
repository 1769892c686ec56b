import { rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../src/core/config/load.js";
import { loadEnvironment } from "../src/core/environment/load.js";
import { prepareEnvironment } from "../src/core/environment/prepare.js";
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
});

describe("prepareEnvironment: each environment read once, every declared secret masked", () => {
  it("masks the declared secrets of every environment and the secrets input", async () => {
    const repo = repoWith(files);
    const prepared = await prepareEnvironment(loaded, "production", { repo, secrets: { X: "input-secret" } });
    expect([...prepared.mask.values].sort()).toEqual(["input-secret", "prod-secret", "stg-secret"]);
    expect(prepared.mask("a=prod-secret b=stg-secret c=input-secret")).toBe("a=*** b=*** c=***");
  });

  it("masks a secret's value from every source that set it, not only the one that won", async () => {
    const shadowed = parseConfig(
      "version: 1\nenvironments:\n  production:\n    variables: [{ dotenv: old.env }, { dotenv: new.env }]\n    secrets: [API_KEY]\n",
      "f.yml",
    );
    const repo = repoWith({ "old.env": "API_KEY=old-secret\n", "new.env": "API_KEY=new-secret\n" });
    const prepared = await prepareEnvironment(shadowed, "production", { repo });
    expect(prepared.environment.values.API_KEY).toBe("new-secret");
    expect(prepared.mask("old-secret new-secret")).toBe("*** ***");
  });

  it("a declared secret that arrives through the `variables` input is masked too", async () => {
    const repo = repoWith({ ...files, "staging.env": "" });
    const prepared = await prepareEnvironment(loaded, "staging", {
      repo,
      variables: { STAGING_KEY: "from-variables" },
    });
    expect(prepared.mask.values).toContain("from-variables");
  });

  it("reads another environment once: what a check compares against is what was masked", async () => {
    const repo = repoWith(files);
    const prepared = await prepareEnvironment(loaded, "production", { repo });
    rmSync(join(repo, "staging.env"));
    const staging = await prepared.loadOther("staging");
    expect(staging.values.STAGING_KEY).toBe("stg-secret");
    expect(await prepared.loadOther("staging")).toBe(staging);
    expect(await prepared.loadOther("production")).toBe(prepared.environment);
  });

  it("an environment with secrets whose source cannot be read stops the run (exit 2), naming the source", async () => {
    const repo = repoWith({ "prod.env": "API_KEY=prod-secret\n", "prod.json": "{}" });
    const error = await prepareEnvironment(loaded, "production", { repo, processEnv: {} }).catch((e) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error.exitCode).toBe(2);
    expect(error.toString()).toBe(
      '.github/deploy-gate.yml:4: environments.staging.variables[0]: environment "staging" declares secrets, which every run reads to mask: cannot read staging.env (no such file in the checkout); commit it or fix the path',
    );
  });

  it("an environment without secrets is read only when a check compares against it", async () => {
    const config = parseConfig(
      "version: 1\nenvironments:\n  production: {}\n  preview:\n    variables: [{ dotenv: preview.env }]\n",
      "f.yml",
    );
    const prepared = await prepareEnvironment(config, "production", { repo: repoWith({}) });
    expect(prepared.mask.values).toEqual([]);
    await expect(prepared.loadOther("preview")).rejects.toThrow("cannot read preview.env");
  });

  it("a secret too short to mask stops the run (exit 2), naming where it is set but not its value", async () => {
    const repo = repoWith({ ...files, "staging.env": "A=1\nSTAGING_KEY= zq \n" });
    const error = await prepareEnvironment(loaded, "production", { repo }).catch((e) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(
      'the secret STAGING_KEY of environment "staging" (from staging.env:2) is 2 characters long, too short to mask (at least 3); set its real value, or take it out of `secrets:`',
    );
    const input = await prepareEnvironment(loaded, "production", { repo: repoWith(files), secrets: { T: "x" } }).catch(
      (e) => e,
    );
    expect(input.message).toContain("(from the action's secrets input) is 1 character long");
    expect(input.message).toContain("take it out of the `secrets` input");
  });

  it("an empty secret holds nothing to mask and is no error (the env check reports it as a placeholder)", async () => {
    const repo = repoWith({ ...files, "staging.env": "STAGING_KEY=\n" });
    const prepared = await prepareEnvironment(loaded, "production", { repo });
    expect([...prepared.mask.values].sort()).toEqual(["prod-secret"]);
  });
});
