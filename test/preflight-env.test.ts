import { describe, expect, it } from "vitest";
import { UserError } from "../src/core/errors.js";
import { runPreflight } from "./helpers/preflight.js";

const CANARY = "canary-5ecret-value-93f1";

const config = (check: string) => `version: 1
environments:
  staging:
    variables: [{ dotenv: deploy/staging.env }]
  production:
    variables:
      - dotenv: deploy/production.env
      - json: deploy/production.params.json
      - process: true
    secrets: [API_KEY]
preflight:
  - ${check}
`;

const files = {
  "deploy/staging.env":
    "AMI_ID=ami-0123456789abcdef0\nSECURITY_GROUP=sg-staging\nAPI_KEY=staging-key-value\nAPP_HOST=staging.example.test\n",
  "deploy/production.env": "# production\nAPP_HOST=example.test\nAPI_KEY=real-key-value-1234\n",
  "deploy/production.params.json": JSON.stringify([{ ParameterKey: "LOG_LEVEL", ParameterValue: "info" }], null, 2),
};

describe("preflight env", () => {
  it("outage 2: keys staging has and production lacks -> missing-variable and parity-gap, one result per key", async () => {
    const { results } = await runPreflight(
      config("{ id: env, type: env, required: [AMI_ID, APP_HOST], parity_with: staging }"),
      files,
      { processEnv: { SECURITY_GROUP: "from-the-runner" } },
    );
    // SECURITY_GROUP comes from the process environment (`process: true`); AMI_ID is reported once.
    expect(results.map((r) => [r.id, r.verdict])).toEqual([["env:AMI_ID", "missing-variable"]]);
    const staged = await runPreflight(
      config("{ id: env, type: env, required: [AMI_ID], parity_with: staging }"),
      files,
      { processEnv: {} },
    );
    expect(staged.results.map((r) => [r.id, r.verdict])).toEqual([
      ["env:AMI_ID", "missing-variable"],
      ["env:SECURITY_GROUP", "parity-gap"],
    ]);
    expect(staged.results[1]).toMatchObject({ file: "deploy/staging.env", line: 2 });
    // The place rides on the result, shown once after the message: not in the message too.
    expect(staged.results[1].message).toBe(
      'SECURITY_GROUP is set for "staging" but not for "production"; add it to "production" before deploying',
    );
  });

  it("outage 5: a masked value re-submitted as **** is a placeholder, in every variable, with file and line", async () => {
    const { results } = await runPreflight(
      config("{ id: env, type: env }"),
      {
        ...files,
        "deploy/production.env":
          "APP_HOST=example.test\nAPI_KEY=****\nDB_URL=changeme\nNOTE=TODO fill in\nTPL=<your-token>\nREF=${OTHER}\nEMPTY=\nOK=fine\n",
      },
      { processEnv: { RUNNER_EMPTY: "", RUNNER_TODO: "TODO" } },
    );
    expect(results.map((r) => [r.id, r.verdict, r.line])).toEqual([
      ["env:API_KEY", "placeholder-value", 2],
      ["env:DB_URL", "placeholder-value", 3],
      ["env:NOTE", "placeholder-value", 4],
      ["env:TPL", "placeholder-value", 5],
      ["env:REF", "placeholder-value", 6],
      ["env:EMPTY", "placeholder-value", 7],
    ]);
    expect(results[0].file).toBe("deploy/production.env");
    expect(results[0].message).toContain("mask of asterisks");
  });

  it("placeholders: false turns the scan off", async () => {
    const { results } = await runPreflight(config("{ id: env, type: env, placeholders: false }"), {
      ...files,
      "deploy/production.env": "API_KEY=****\n",
    });
    expect(results).toEqual([expect.objectContaining({ id: "env", verdict: "passed" })]);
  });

  it("patterns: a mismatch shows a plain value but never a secret one; a missing key is missing-variable", async () => {
    const { results } = await runPreflight(
      config(
        `{ id: env, type: env, placeholders: false, patterns: { APP_HOST: "^[a-z]+\\\\.prod\\\\.test$", API_KEY: "^sk-", LOG_LEVEL: "^(info|debug)$", AMI_ID: "^ami-" } }`,
      ),
      { ...files, "deploy/production.env": `APP_HOST=example.test\nAPI_KEY=${CANARY}\n` },
      { processEnv: {} },
    );
    expect(results.map((r) => [r.id, r.verdict])).toEqual([
      ["env:APP_HOST", "pattern-mismatch"],
      ["env:API_KEY", "pattern-mismatch"],
      ["env:AMI_ID", "missing-variable"],
    ]);
    expect(results[0].message).toContain('"example.test"');
    expect(results[0]).toMatchObject({ file: "deploy/production.env", line: 1 });
    expect(results[1].message).toContain("its value");
    expect(JSON.stringify(results)).not.toContain(CANARY);
  });

  it("passes when everything is there and filled in", async () => {
    const { results } = await runPreflight(config("{ id: env, type: env, required: [APP_HOST, LOG_LEVEL] }"), files, {
      processEnv: {},
    });
    expect(results).toEqual([
      {
        id: "env",
        status: "pass",
        verdict: "passed",
        message: 'the variables of "production" are complete and filled in',
      },
    ]);
  });

  it("a parity environment whose files are missing is a config error (exit 2) naming the file, never a pass", async () => {
    const error = await runPreflight(config("{ id: env, type: env, parity_with: staging }"), {
      "deploy/production.env": "A=b\n",
      "deploy/production.params.json": "{}",
    }).catch((e) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain("cannot read deploy/staging.env");
    expect(error.path).toBe("environments.staging.variables[0]");
  });
});

describe("preflight env: secrets too short to mask", () => {
  it("a declared secret of one or two characters stops the run (exit 2) before any check, even from the process environment", async () => {
    const error = await runPreflight(config("{ id: env, type: env }"), files, {
      processEnv: { API_KEY: "x" },
    }).catch((e) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain("API_KEY");
    expect(error.message).toContain("is 1 character long, too short to mask (at least 3)");
  });
});
