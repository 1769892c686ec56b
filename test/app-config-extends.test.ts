import nock from "nock";
import { describe, expect, it } from "vitest";
import { type ConfigFile, sourceOf } from "../src/app/config-source.js";
import { API, checkRunWrite, newProbot, pullRequestPayload, REPO, receive } from "./helpers/checklist-app.js";

const OWN = `_extends: .github
version: 1
checklist:
  bogus: true
  items:
    - { id: a, text: "Ran it" }
`;
const BASE = `checklist:
  reset: sometimes
`;

describe("app: errors in an `_extends` config name the file they come from", () => {
  it("a problem from the base names the base's repository and path; one from the own file names that", async () => {
    const scope = nock(API);
    scope.get(`${REPO}/contents/.github%2Fdeploy-gate.yml`).times(2).reply(200, OWN);
    scope.get("/repos/Codertocat/.github/contents/.github%2Fdeploy-gate.yml").times(2).reply(200, BASE);
    const check = checkRunWrite(scope);
    await receive(newProbot(), "pull_request", pullRequestPayload("opened"));
    expect(scope.isDone()).toBe(true);
    expect(check().conclusion).toBe("failure");
    const summary: string = check().output.summary;
    expect(summary).toContain('.github/deploy-gate.yml: checklist.bogus: unknown key "bogus"');
    expect(summary).toContain("Codertocat/.github:.github/deploy-gate.yml: checklist.reset:");
    expect(summary).not.toContain("Codertocat/.github:.github/deploy-gate.yml: checklist.bogus");
  });
});

describe("sourceOf follows Probot's merge", () => {
  const file = (repo: string, config: Record<string, unknown> | null): ConfigFile => ({
    owner: "o",
    repo,
    path: ".github/deploy-gate.yml",
    config,
  });

  it("a scalar both define comes from the repository's own file (it wins the merge)", () => {
    const files = [file("own", { version: 2 }), file("base", { version: 1 })];
    expect(sourceOf(["version"], files)?.repo).toBe("own");
  });

  it("list entries are joined base first: an index points into the file that holds it", () => {
    const files = [
      file("own", { checklist: { items: [{ id: "c" }] } }),
      file("base", { checklist: { items: [{ id: "a" }, { id: "b" }] } }),
    ];
    expect(sourceOf(["checklist", "items", 1, "id"], files)?.repo).toBe("base");
    expect(sourceOf(["checklist", "items", 2, "id"], files)?.repo).toBe("own");
  });

  it("a key only a base has comes from that base; a missing key from the deepest file that has its parent", () => {
    const files = [file("own", { checklist: { items: [] } }), file("mid", null), file("base", { preflight: [{}] })];
    expect(sourceOf(["preflight", 0, "type"], files)?.repo).toBe("base");
    expect(sourceOf(["checklist", "reset"], files)?.repo).toBe("own");
  });
});
