import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { MAX_DEPTH, ManifestError, nestingDepth, parseYamlDocs } from "../src/core/preflight/yaml-docs.js";
import { committedRepoWith, configWith, runPreflight } from "./helpers/preflight.js";

const DIGEST = `sha256:${"c3".repeat(32)}`;
const CLI = fileURLToPath(new URL("../src/cli/index.ts", import.meta.url));

/** A compose file in the shape of large self-hosted stacks: one anchor merged into every service. */
function composeWithAliases(services: number): string {
  let text = `x-base: &base\n  image: "ghcr.io/acme/app:1.4@${DIGEST}"\n  restart: unless-stopped\n  logging: &logging\n    driver: json-file\nservices:\n`;
  for (let i = 0; i < services; i++) text += `  worker-${i}:\n    <<: *base\n    logging: *logging\n`;
  return text;
}

/** Ten levels of ten aliases: 10^10 nodes once expanded, from a file of under 1 KB. */
function aliasBomb(): string {
  let text = 'a0: &a0 ["lol"]\n';
  for (let i = 1; i <= 10; i++)
    text += `a${i}: &a${i} [${Array(10)
      .fill(`*a${i - 1}`)
      .join(", ")}]\n`;
  return `${text}services:\n  x:\n    image: *a10\n`;
}

const readError = (text: string, dialect: "kubernetes" | "compose" | "auto" = "auto") => {
  try {
    parseYamlDocs(text, "f.yaml", dialect);
  } catch (error) {
    if (error instanceof ManifestError) return error;
    throw error;
  }
  return undefined;
};

describe("YAML as Kubernetes and compose read it", () => {
  it("compose services inheriting image through a merge key are checked, with the service's line", async () => {
    const { results } = await runPreflight(
      configWith('  - { id: pinned, type: images-pinned, files: ["compose.yml"] }\n'),
      {
        "prod.env": "",
        "compose.yml": `x-app: &app\n  image: ghcr.io/acme/app:1.4\n  restart: always\nservices:\n  web:\n    <<: *app\n  worker:\n    <<: [*app]\n    command: work\n  db:\n    <<: *app\n    image: "postgres:16@${DIGEST}"\n`,
      },
    );
    expect(results.map((r) => [r.verdict, r.line])).toEqual([
      ["unpinned-image", 6],
      ["unpinned-image", 8],
    ]);
    expect(results[0].message).toContain('service web: image "ghcr.io/acme/app:1.4"');
    expect(results[1].message).toContain("service worker: image");
  });

  it("a real compose file with 134 aliases is read; an alias bomb is refused by its expanded size", async () => {
    const { results } = await runPreflight(configWith('  - { id: pinned, type: images-pinned, files: ["*.yml"] }\n'), {
      "prod.env": "",
      "compose.yml": composeWithAliases(67),
      "bomb.yml": aliasBomb(),
    });
    expect(composeWithAliases(67).match(/\*/g)).toHaveLength(134);
    expect(results).toEqual([
      expect.objectContaining({ id: "pinned:bomb.yml", verdict: "unreadable-file", status: "fail", file: "bomb.yml" }),
    ]);
    expect(results[0].message).toContain("alias bomb");
    // The big file's 67 services are all there (and pinned), not refused.
    const docs = parseYamlDocs(composeWithAliases(67), "compose.yml");
    expect(Object.keys((docs[0].data as any).services)).toHaveLength(67);
  });

  it("an alias that contains itself and a repeated `<<` are refused, as go-yaml and compose-go do", () => {
    expect(readError("a: &x [ *x ]\n")?.message).toContain("refers to a node that contains it");
    expect(readError("a: &a {image: x}\nb:\n  <<: *a\n  <<: *a\n")?.message).toContain("more than one `<<`");
  });

  it("duplicate keys are refused (kubectl's strict field validation and compose-go both reject them)", () => {
    const error = readError("services:\n  a:\n    image: x:1\n    image: x:2\n");
    expect(error).toMatchObject({ verdict: "unreadable-file", line: 4 });
    expect(error?.message).toContain("not valid YAML");
  });

  it("`optional: yes` is true in a Kubernetes manifest (YAML 1.1) and a string in compose (YAML 1.2)", async () => {
    const manifest = `apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  containers:\n    - name: a\n      image: x\n      envFrom:\n        - secretRef: { name: maybe, optional: yes }\n        - secretRef: { name: needed, optional: "yes" }\n`;
    const { results } = await runPreflight(
      configWith("  - { id: refs, type: k8s-refs, manifests: [pod.yaml], inventory: inv.json }\n"),
      { "prod.env": "", "pod.yaml": manifest, "inv.json": '{"items": []}' },
    );
    expect(results.map((r) => r.id)).toEqual(["refs:secret/needed"]);
    const [k8s] = parseYamlDocs("apiVersion: v1\nkind: X\na: yes\nb: 0644\n", "k.yaml");
    expect(k8s.data).toMatchObject({ a: true, b: 420 });
    const [compose] = parseYamlDocs("services:\n  a:\n    privileged: yes\n", "c.yaml");
    expect(compose.data).toEqual({ services: { a: { privileged: "yes" } } });
  });

  it("Helm templates are not-checkable (warn), never skipped; the other files are still checked", async () => {
    const helm = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "app.fullname" . }}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: {{ .Values.image }}\n`;
    const quoted = `apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  containers:\n    - name: a\n      image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n      args: ["--format={{.ID}}"]\n      envFrom: [{ secretRef: { name: "{{ .Release.Name }}-env" } }]\n`;
    const block = `{{- if .Values.enabled }}\napiVersion: v1\nkind: Pod\n{{- end }}\n`;
    const files = {
      "prod.env": "",
      "chart/templates/deploy.yaml": helm,
      "chart/templates/pod.yaml": quoted,
      "chart/templates/if.yaml": block,
      "chart/plain.yaml": "kind: Pod\nspec:\n  containers: [{ name: a, image: nginx:1 }]\n",
      "inv.json": '{"items": []}',
    };
    const pinned = await runPreflight(
      configWith('  - { id: pinned, type: images-pinned, files: ["chart/**/*.yaml"] }\n'),
      files,
    );
    expect(pinned.results.map((r) => [r.id, r.verdict, r.status, r.line])).toEqual([
      ["pinned:chart/plain.yaml:3", "unpinned-image", "fail", 3],
      ["pinned:chart/templates/deploy.yaml", "not-checkable", "warn", 4],
      ["pinned:chart/templates/if.yaml", "not-checkable", "warn", 1],
      ["pinned:chart/templates/pod.yaml:7", "not-checkable", "warn", 7],
    ]);
    expect(pinned.results[1].message).toContain("helm template");
    const refs = await runPreflight(
      configWith('  - { id: refs, type: k8s-refs, manifests: ["chart/**/*.yaml"], inventory: inv.json }\n'),
      files,
    );
    expect(refs.results.map((r) => [r.id, r.verdict, r.status])).toEqual([
      ["refs:chart/templates/deploy.yaml", "not-checkable", "warn"],
      ["refs:chart/templates/if.yaml", "not-checkable", "warn"],
      ["refs:secret/{{ .Release.Name }}-env", "not-checkable", "warn"],
    ]);
    const strict = await runPreflight(
      configWith('  - { id: pinned, type: images-pinned, files: ["chart/templates/if.yaml"] }\n'),
      files,
      { strict: true },
    );
    expect(strict.stage.ok).toBe(false);
  });

  it("nesting is measured on the text, as the parser would count it, without parsing", () => {
    expect(nestingDepth("a:\n  b:\n    - c: [1, {d: [2]}]\n")).toBe(7);
    expect(nestingDepth("cmd: echo [[[[ not a list\nq: '[[[['\nr: |\n  [[[[\n  {{{{\n")).toBe(1);
    expect(nestingDepth("- - - - x\n")).toBe(5);
    expect(nestingDepth("[".repeat(20_000))).toBe(20_001);
  });

  it("deep nesting and huge documents are unreadable-file naming the file, never a crash", async () => {
    const { results } = await runPreflight(configWith('  - { id: pinned, type: images-pinned, files: ["k8s/*"] }\n'), {
      "prod.env": "",
      "k8s/flow.yaml": "[".repeat(20_000),
      "k8s/balanced.yaml": "[".repeat(20_000) + "]".repeat(20_000),
      "k8s/block.yaml": Array.from({ length: MAX_DEPTH + 10 }, (_, i) => `${" ".repeat(i)}a:`).join("\n"),
      "k8s/huge.yaml": `a: "${"x".repeat(17 * 1024 * 1024)}"\n`,
    });
    expect(results.map((r) => [r.id, r.verdict, r.status])).toEqual([
      ["pinned:k8s/balanced.yaml", "unreadable-file", "fail"],
      ["pinned:k8s/block.yaml", "unreadable-file", "fail"],
      ["pinned:k8s/flow.yaml", "unreadable-file", "fail"],
      ["pinned:k8s/huge.yaml", "unreadable-file", "fail"],
    ]);
    expect(results[2].message).toContain("k8s/flow.yaml: nests 20001 levels deep");
    expect(results[3].message).toContain("MiB");
  });

  it("the CLI given 20,000 nested `[` to both manifest checks exits 1 with one JSON document", () => {
    const { dir } = committedRepoWith({
      ".github/deploy-gate.yml": `version: 1\nenvironments:\n  production: {}\npreflight:\n  - { id: refs, type: k8s-refs, manifests: [k8s/*.yaml], inventory: inv.json }\n  - { id: pinned, type: images-pinned, files: [k8s/*.yaml] }\n`,
      "k8s/deep.yaml": "[".repeat(20_000),
      "inv.json": '{"items": []}',
    });
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", CLI, "preflight", "--env", "production", "-C", dir, "--json"],
      { encoding: "utf8", env: { PATH: process.env.PATH }, cwd: fileURLToPath(new URL("..", import.meta.url)) },
    );
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.stages[0].results.map((r: { id: string; verdict: string }) => [r.id, r.verdict])).toEqual([
      ["refs:k8s/deep.yaml", "unreadable-file"],
      ["pinned:k8s/deep.yaml", "unreadable-file"],
    ]);
  });

  it("an inventory file and a manifest with a UTF-8 byte order mark are read", async () => {
    const pod =
      "\uFEFFapiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  containers:\n    - name: a\n      image: x\n      envFrom: [{ secretRef: { name: db } }]\n";
    const inventory = `\uFEFF${JSON.stringify({ items: [{ kind: "Secret", metadata: { name: "db", namespace: "default" } }] })}`;
    const { results } = await runPreflight(
      configWith("  - { id: refs, type: k8s-refs, manifests: [pod.yaml], inventory: inv.json }\n"),
      { "prod.env": "", "pod.yaml": pod, "inv.json": inventory },
    );
    expect(results).toEqual([expect.objectContaining({ verdict: "passed" })]);
  });
});
