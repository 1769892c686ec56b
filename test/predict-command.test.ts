import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { type TestRepo, testRepo } from "./helpers/git-repo.js";
import { predict, record, toolEnv } from "./helpers/predict.js";

const CANARY = "sk-live-CANARY-5e6f7a8b";

const config = (command: string, extra = "") => `version: 1
environments:
  production:
    variables: [{ process: true }]
    secrets: [API_KEY]
artifacts:
  - name: other
    path: out/other
    inputs: [other/**]
    predict: { command: ${JSON.stringify(command)}${extra} }
`;

/** The build key is what `bin/build-key` prints: the test decides it by writing KEY. */
function other(command = "cat KEY"): TestRepo {
  const repo = testRepo({
    ".gitignore": "out/\n.deploy-gate/\nKEY\n",
    ".github/deploy-gate.yml": config(command),
    "other/main.c": "int main() { return 1; }\n",
  });
  repo.write("KEY", "key-1\n");
  repo.write("out/other", "built 1\n");
  repo.commit("release 1");
  return repo;
}

const env = () => toolEnv({ API_KEY: CANARY });

describe("predict with a command", () => {
  it("its trimmed output is the key: changed with the inputs is a rebuild, the same is a skip", async () => {
    const e = env();
    const repo = other();
    await record(repo, e);
    repo.write("other/main.c", "int main() { return 0; }\n");
    repo.commit("fix");
    const skip = await predict(repo, e);
    expect(skip.result).toMatchObject({ verdict: "predicted-skip", status: "fail" });
    expect(skip.result.message).toContain("(other/main.c), but the key command `cat KEY` keeps the same build key");
    repo.write("KEY", "  key-2\n\n");
    expect((await predict(repo, e)).result).toMatchObject({ verdict: "predicted-rebuild", status: "pass" });
  });

  it("a key that changed while the inputs did not is undeclared-build-input", async () => {
    const e = env();
    const repo = other();
    await record(repo, e);
    repo.write("KEY", "key-2\n");
    const warned = await predict(repo, e);
    expect(warned.result).toMatchObject({ verdict: "undeclared-build-input", status: "warn" });
  });

  it("record stores a hash of the key, never what the command printed", async () => {
    const e = env();
    const repo = other("echo $API_KEY");
    expect((await record(repo, e)).code).toBe(0);
    const state = readFileSync(join(repo.dir, ".deploy-gate/state.json"), "utf8");
    expect(state).not.toContain(CANARY);
    expect(JSON.parse(state).environments.production[0].artifacts.other.buildKey).toMatch(/^command:[0-9a-f]{64}$/);
  });

  it("a failing command is predict-failed, its stderr masked", async () => {
    const repo = other('echo "token $API_KEY rejected" >&2; exit 3');
    const run = await predict(repo, env());
    expect(run.code).toBe(1);
    expect(run.result).toMatchObject({ verdict: "predict-failed", status: "fail" });
    expect(run.result.message).toContain("exited 3: token *** rejected");
    expect(run.stdout + run.stderr).not.toContain(CANARY);
  });

  it("a command that prints nothing has no key: predict-failed", async () => {
    const run = await predict(other("true"), env());
    expect(run.result).toMatchObject({ verdict: "predict-failed" });
    expect(run.result.message).toBe("`true` printed nothing; a build key must not be empty");
  });

  it("a command slower than predict.timeout is killed: timeout, never a pass", async () => {
    const repo = other();
    repo.write(".github/deploy-gate.yml", config("sleep 30", ', timeout: "1s"'));
    repo.commit();
    const run = await predict(repo, env());
    expect(run.code).toBe(1);
    expect(run.result).toMatchObject({ verdict: "timeout", status: "fail" });
    expect(run.result.message).toBe(
      "`sleep 30` did not answer within 1s; make it answer sooner or raise `predict.timeout`",
    );
  });

  it("a record from before `predict` (no build key) stays readable: the inputs are still compared", async () => {
    const e = env();
    const repo = other();
    await record(repo, e);
    const file = join(repo.dir, ".deploy-gate/state.json");
    const state = JSON.parse(readFileSync(file, "utf8"));
    delete state.environments.production[0].artifacts.other.buildKey;
    writeFileSync(file, JSON.stringify(state));
    expect((await predict(repo, e)).result).toMatchObject({ verdict: "unchanged" });
    repo.write("other/main.c", "int main() { return 0; }\n");
    repo.commit("fix");
    const noKey = await predict(repo, e);
    expect(noKey.result).toMatchObject({ verdict: "first-deploy", status: "pass" });
    expect(noKey.result.message).toMatch(/was recorded without a build key.*deploy-gate record --env production/);
    const artifacts = await runCli(["artifacts", "--env", "production", "--json", "-C", repo.dir], { env: e });
    expect(JSON.parse(artifacts.stdout).stages[0].results[0].verdict).toBe("skipped-rebuild");
  });

  it("a build key that is not a string makes the state file unreadable, not a baseline", async () => {
    const e = env();
    const repo = other();
    await record(repo, e);
    const file = join(repo.dir, ".deploy-gate/state.json");
    const state = JSON.parse(readFileSync(file, "utf8"));
    state.environments.production[0].artifacts.other.buildKey = 7;
    writeFileSync(file, JSON.stringify(state));
    const run = await predict(repo, e);
    expect(run.code).toBe(2);
    expect(run.doc.error.message).toContain("is not a deploy-gate state file");
  });

  it("a tool that fails at record refuses the record: nothing is written", async () => {
    const repo = other("exit 1");
    const run = await record(repo, env());
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout).stages[0].results[0];
    expect(result).toMatchObject({ verdict: "predict-failed", status: "fail" });
    expect(result.message).toMatch(/^not recorded: the build key could not be read: `exit 1` exited 1/);
    expect(existsSync(join(repo.dir, ".deploy-gate/state.json"))).toBe(false);
  });

  it("no artifact with `predict` for the environment is nothing to check: exit 2", async () => {
    const repo = testRepo({
      ".github/deploy-gate.yml":
        "version: 1\nenvironments:\n  production: {}\nartifacts:\n  - { name: a, path: a, inputs: [a] }\n",
      a: "a\n",
    });
    repo.commit();
    const run = await predict(repo, env());
    expect(run.code).toBe(2);
    expect(run.doc.error.message).toMatch(/nothing to check for "production": no artifact with `predict` applies/);
  });

  it("a config with two tools, or none, is refused", async () => {
    const repo = other();
    repo.write(".github/deploy-gate.yml", config("true", ", turbo: { task: web#build }"));
    const run = await predict(repo, env());
    expect(run.code).toBe(2);
    expect(run.doc.error.message).toContain("give exactly one of `nix`, `turbo`, `nx` or `command`");
  });

  it("the stage's budget bounds every tool: what has not answered is timeout, naming the budget", async () => {
    const repo = other();
    repo.write(".github/deploy-gate.yml", `defaults: { budget: "1s" }\n${config("sleep 30")}`);
    repo.commit();
    const run = await predict(repo, env());
    expect(run.code).toBe(1);
    expect(run.result).toMatchObject({ verdict: "timeout", status: "fail" });
    expect(run.result.message).toBe(
      "the budget of 1s ran out while asking the build system about other; make it answer sooner or raise `defaults.budget`",
    );
  });
});
