import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { testRepo } from "./helpers/git-repo.js";

const CANARY = "CANARY-gate-7e1d0c";

function scenario(extraConfig = "") {
  const repo = testRepo({
    ".github/deploy-gate.yml": `version: 1
environments:
  staging:
    variables: [{ dotenv: deploy/staging.env }]
  production:
    variables: [{ dotenv: deploy/production.env }]
    secrets: [API_KEY]
artifacts:
  - { name: tool, path: bin/tool, inputs: ["src/**"] }
preflight:
  - { id: env, type: env, required: [API_KEY], parity_with: staging }
${extraConfig}`,
    ".gitignore": "bin/\n.deploy-gate/\n",
    "deploy/staging.env": "API_KEY=staging\nREGION=eu\n",
    "deploy/production.env": `API_KEY=${CANARY}\nREGION=eu\n`,
    "src/main.go": "v1\n",
  });
  repo.commit("v1");
  repo.write("bin/tool", "built v1");
  return repo;
}

describe("deploy-gate gate", () => {
  it("runs artifacts and preflight in one report; the exit code follows the worst status", async () => {
    const repo = scenario();
    expect((await runCli(["record", "--env", "production", "-C", repo.dir])).code).toBe(0);
    repo.write("src/main.go", "v2\n");
    const head = repo.commit("v2");

    const failed = await runCli(["gate", "--env", "production", "-C", repo.dir, "--json"]);
    expect(failed.code).toBe(1);
    const report = JSON.parse(failed.stdout);
    expect(report).toMatchObject({ version: 1, environment: "production", commit: head, ok: false });
    expect(report.stages.map((s: any) => [s.stage, s.ok])).toEqual([
      ["artifacts", false],
      ["preflight", true],
    ]);
    expect(report.stages[0].results[0]).toMatchObject({ id: "tool", verdict: "skipped-rebuild", status: "fail" });

    repo.write("bin/tool", "built v2");
    const passed = await runCli(["gate", "--env", "production", "-C", repo.dir]);
    expect(passed.code).toBe(0);
    expect(passed.stdout).toMatch(
      /deploy-gate\/artifacts \(production\)[\s\S]*deploy-gate\/preflight \(production\)[\s\S]*gate passed for production/,
    );
    for (const out of [failed, passed]) expect(out.stdout + out.stderr).not.toContain(CANARY);
  });

  it("a failed identity stops the preflight, not the artifacts stage", async () => {
    const repo = scenario();
    repo.write(
      ".github/deploy-gate.yml",
      `version: 1
environments:
  production:
    identity: { run: "echo 111111111111", equals: "123456789012" }
artifacts:
  - { name: tool, path: bin/tool, inputs: ["src/**"] }
preflight:
  - { id: a, type: env, required: [X] }
  - { id: b, type: env, required: [Y] }
`,
    );
    repo.commit("identity");
    const { code, stdout } = await runCli(["gate", "--env", "production", "-C", repo.dir, "--json"]);
    expect(code).toBe(1);
    const [artifacts, preflight] = JSON.parse(stdout).stages;
    expect(artifacts.results[0].verdict).toBe("first-deploy");
    expect(preflight.results).toEqual([expect.objectContaining({ id: "identity", verdict: "wrong-target" })]);
    expect(preflight.results[0].message).toMatch(/2 checks? (were )?not run|2 .*not run/);
  });

  it("--strict turns the artifacts stage's warn into a fail", async () => {
    const repo = scenario();
    await runCli(["record", "--env", "production", "-C", repo.dir]);
    repo.write("bin/tool", "rebuilt from the same inputs, different bytes");
    expect((await runCli(["gate", "--env", "production", "-C", repo.dir])).code).toBe(0);
    const strict = await runCli(["gate", "--env", "production", "-C", repo.dir, "--strict", "--json"]);
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout).stages[0].results[0]).toMatchObject({
      verdict: "undeclared-change",
      status: "fail",
    });
  });

  it("an --env the config does not define is exit 2 and lists the defined ones", async () => {
    const repo = scenario();
    const { code, stdout } = await runCli(["gate", "--env", "prod", "-C", repo.dir, "--json"]);
    expect(code).toBe(2);
    expect(JSON.parse(stdout).error.message).toBe(
      `environment "prod" is not defined in ${repo.dir}/.github/deploy-gate.yml (defined: staging, production)`,
    );
  });
});
