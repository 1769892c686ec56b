import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = new URL("..", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), "utf8");

/** The commit statuses a deploy-gate step publishes, by its `stage` input (record publishes none). */
const CONTEXTS: Record<string, string[]> = {
  gate: ["artifacts", "preflight"],
  artifacts: ["artifacts"],
  preflight: ["preflight"],
  checklist: ["checklist"],
  verify: ["verify"],
  record: [],
};

const triggers = (on: unknown): string[] =>
  typeof on === "string" ? [on] : Array.isArray(on) ? on : Object.keys((on as object) ?? {});

/** check name -> the example workflows that publish it on a pull request. */
function publishedOnPullRequests(): Map<string, Set<string>> {
  const published = new Map<string, Set<string>>();
  for (const file of readdirSync(new URL("examples/workflows/", root))) {
    const workflow = parse(read(`examples/workflows/${file}`));
    if (!triggers(workflow.on).some((t) => t === "pull_request" || t === "pull_request_target")) continue;
    for (const job of Object.values<any>(workflow.jobs)) {
      for (const step of job.steps ?? []) {
        if (!String(step.uses ?? "").startsWith("deploy-gate/deploy-gate@")) continue;
        const stage = step.with?.stage ?? "gate";
        for (const context of CONTEXTS[stage]) {
          const name =
            context === "checklist" ? "deploy-gate/checklist" : `deploy-gate/${context} (${step.with.environment})`;
          published.set(name, (published.get(name) ?? new Set()).add(file));
        }
      }
    }
  }
  return published;
}

/** The README's "Which checks to require" table: check name -> the workflows it names. */
function readmeTable(): Map<string, Set<string>> {
  const text = read("README.md");
  const section = text.slice(
    text.indexOf("<!-- required-checks:start -->"),
    text.indexOf("<!-- required-checks:end -->"),
  );
  const rows = new Map<string, Set<string>>();
  for (const line of section.split("\n").filter((l) => l.startsWith("| `"))) {
    const [check, by] = line.split("|").slice(1, 3);
    rows.set(check.trim().replaceAll("`", ""), new Set(by.match(/[\w-]+\.yml/g)));
  }
  return rows;
}

describe("the examples a user copies", () => {
  it("the README lists exactly the checks the example workflows publish on a pull request", () => {
    const published = publishedOnPullRequests();
    expect(published.size).toBeGreaterThan(0);
    expect(readmeTable()).toEqual(published);
  });

  it("the example config's $schema modeline still works once the file is copied to .github/", () => {
    const modeline = read("examples/deploy-gate.yml").match(/# yaml-language-server: \$schema=(\S+)/)?.[1];
    // An absolute URL: a relative one would point elsewhere as soon as the file is moved.
    const url = new URL(modeline ?? "");
    expect(url.protocol).toBe("https:");
    // ... to this repository's committed schema, on the default branch.
    const path = url.pathname.split("/main/")[1];
    expect(path).toBe("schema/deploy-gate.schema.json");
    expect(JSON.parse(read(path)).$schema).toBeDefined();
  });

  it("points users to the README, never to a design document the repository does not ship", () => {
    const files = (dir: string): string[] =>
      readdirSync(new URL(dir, root), { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(`${join(dir, e.name)}/`) : [join(dir, e.name)],
      );
    const mentions = ["README.md", "action.yml", "app.yml", ...files("src/"), ...files("examples/")].filter((f) =>
      read(f).includes("DESIGN.md"),
    );
    expect(mentions).toEqual([]);
  });
});
