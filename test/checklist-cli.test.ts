import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseTasks } from "../src/core/checklist/parse.js";
import { CONFIG } from "./helpers/checklist-app.js";
import { runCli } from "./helpers/cli.js";
import { testRepo } from "./helpers/git-repo.js";

/** A repository whose branch `change` touches api/ and edits its own config, off a base `main`. */
function repo() {
  const { dir, git, write, commit } = testRepo({ ".github/deploy-gate.yml": CONFIG, "README.md": "hi\n" });
  commit("base");
  git("checkout", "-qb", "change");
  write("api/keys.go", "package api\n");
  // The change also tries to drop an item from its own config: the base's config still counts.
  write(".github/deploy-gate.yml", CONFIG.replace(/ {4}- \{ id: rollback.*\n/, ""));
  commit("change");
  return dir;
}

describe("deploy-gate checklist --base --head", () => {
  it("prints the comment the bot would post, from the base's config, and says labels are unknown", async () => {
    const dir = repo();
    const { code, stdout, stderr } = await runCli(["checklist", "-C", dir, "--base", "main", "--head", "change"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(parseTasks(stdout).map((t) => t.text)).toEqual([
      "Ran `rack params set` in staging; the API key still works",
      "Rolled back in the lab environment and forward again",
      "Docs updated",
    ]);
    expect(stdout).toContain("applies because the change touches `api/keys.go`");
    expect(stdout).toContain("Labels are unknown locally: `migration`");
    expect(stdout).toContain("Items from main:.github/deploy-gate.yml");
  });

  it("gives one JSON document with --json", async () => {
    const dir = repo();
    const { code, stdout } = await runCli(["checklist", "-C", dir, "--base", "main", "--head", "change", "--json"]);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc).toMatchObject({ version: 1, ok: true, labels_unknown: ["migration"] });
    expect(doc.files).toEqual([".github/deploy-gate.yml", "api/keys.go"]);
    expect(doc.items.map((i: any) => i.id)).toEqual(["api-key", "rollback", "docs"]);
  });

  it("exits 2 with one line for a ref that does not exist", async () => {
    const dir = repo();
    const { code, stderr } = await runCli(["checklist", "-C", dir, "--base", "main", "--head", "nope"]);
    expect(code).toBe(2);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain("cannot diff main...nope");
  });

  it("exits 2 when the config has no checklist", async () => {
    const dir = repo();
    const { code, stderr } = await runCli([
      "checklist",
      "-C",
      dir,
      "--config",
      join(dir, "none.yml"),
      "--base",
      "main",
      "--head",
      "change",
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain("no such file");
    writeFileSync(join(dir, "plain.yml"), "version: 1\n");
    const plain = await runCli([
      "checklist",
      "-C",
      dir,
      "--config",
      join(dir, "plain.yml"),
      "--base",
      "main",
      "--head",
      "change",
    ]);
    expect(plain.stderr).toContain("no `checklist:` section");
  });
});
