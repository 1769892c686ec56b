import { describe, expect, it } from "vitest";
import { configWith, runPreflight } from "./helpers/preflight.js";

const deployment = `apiVersion: v1
kind: ConfigMap
metadata: { name: unrelated }
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      imagePullSecrets:
        - name: regcred
      initContainers:
        - name: migrate
          envFrom:
            - configMapRef: { name: api-config }
      containers:
        - name: api
          env:
            - name: API_KEY
              valueFrom:
                secretKeyRef: { name: api-keys-v2, key: api-key }
            - name: LEGACY
              valueFrom:
                secretKeyRef: { name: legacy, key: x, optional: true }
            - name: LEVEL
              valueFrom:
                configMapKeyRef: { name: api-config, key: level }
          envFrom:
            - secretRef: { name: db }
      volumes:
        - name: tls
          secret:
            secretName: tls
            items: [{ key: tls.crt, path: tls.crt }]
        - name: all
          projected:
            sources:
              - secret: { name: projected-secret }
              - configMap: { name: projected-config, items: [{ key: app.yaml, path: app.yaml }] }
`;

const cronjob = `apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly, namespace: other }
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: job
              envFrom: [{ secretRef: { name: nightly-creds } }]
          volumes:
            - { name: c, configMap: { name: maybe, optional: true } }
`;

const item = (kind: string, name: string, keys: string[], namespace = "production", field = "data") => ({
  kind,
  metadata: { name, namespace },
  [field]: Object.fromEntries(keys.map((k) => [k, "eA=="])),
});

const fullInventory = {
  apiVersion: "v1",
  kind: "List",
  items: [
    item("Secret", "regcred", [".dockerconfigjson"]),
    item("Secret", "api-keys-v2", ["api-key"]),
    item("Secret", "db", ["url"]),
    item("Secret", "tls", ["tls.crt", "tls.key"]),
    item("Secret", "projected-secret", ["a"]),
    item("Secret", "nightly-creds", ["a"]),
    item("ConfigMap", "api-config", ["level"]),
    item("ConfigMap", "projected-config", ["app.yaml"], "production", "binaryData"),
  ],
};

describe("preflight k8s-refs", () => {
  it("passes when every referenced secret, config map and key exists (optional ones may be absent)", async () => {
    const { results } = await runPreflight(
      configWith(
        "  - { id: refs, type: k8s-refs, manifests: [k8s/**/*.yaml, nothing/*.yaml], namespace: production, inventory: inv.json }\n",
      ),
      {
        "prod.env": "",
        "k8s/api.yaml": deployment,
        "k8s/jobs/cron.yaml": cronjob,
        "inv.json": JSON.stringify(fullInventory),
      },
    );
    expect(results).toEqual([expect.objectContaining({ id: "refs", verdict: "passed" })]);
    expect(results[0].message).toContain("2 manifest files");
  });

  it("outage 3: a secret renamed by a bad grep -> missing-secret with the manifest's file and line", async () => {
    const renamed = new Set(["api-keys-v2", "api-config", "tls"]);
    const inventory = {
      kind: "List",
      items: [
        ...fullInventory.items.filter((i) => !renamed.has(i.metadata.name)),
        item("Secret", "api-keys-2", ["api-key"]), // the bad grep's rename
        item("Secret", "tls", ["tls.key"]), // the key the manifest mounts is gone
        item("ConfigMap", "api-config", ["level"], "staging"), // only in another namespace
      ],
    };
    const { results } = await runPreflight(
      configWith(
        "  - { id: refs, type: k8s-refs, manifests: [k8s/*.yaml], namespace: production, inventory: inv.json }\n",
      ),
      { "prod.env": "", "k8s/api.yaml": deployment, "inv.json": JSON.stringify(inventory) },
    );
    expect(results.map((r) => [r.id, r.verdict, r.file, r.line])).toEqual([
      ["refs:configmap/api-config", "missing-configmap", "k8s/api.yaml", 17],
      ["refs:secret/api-keys-v2", "missing-secret", "k8s/api.yaml", 23],
      ["refs:secret/tls:tls.crt", "missing-key", "k8s/api.yaml", 36],
    ]);
    expect(results[1].message).toBe(
      'Deployment api (spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef) references secret "api-keys-v2", which does not exist in namespace "production"; create it (or fix the name) before the next rollout',
    );
    expect(results[2].message).toContain("(it has: tls.key)");
  });

  it("reads the inventory with kubectl for the context and namespace, through kubectl on PATH", async () => {
    const kubectl = `#!/bin/sh
echo "$@" >> "$(dirname "$0")/calls.log"
case "$*" in
  *"-n production"*"--context prod"*) cat "$(dirname "$0")/inv.json" ;;
  *) echo "error: context not found" >&2; exit 1 ;;
esac
`;
    const files = {
      "prod.env": "",
      "k8s/api.yaml": deployment,
      "fakebin/kubectl*": kubectl,
      "fakebin/inv.json": JSON.stringify(fullInventory),
    };
    const config = (ctx: string) =>
      configWith(
        `  - { id: refs, type: k8s-refs, manifests: [k8s/*.yaml], namespace: production, kubectl: { context: ${ctx} } }\n`,
      );
    const { repoWith } = await import("./helpers/preflight.js");
    const repo = repoWith(files);
    const processEnv = { PATH: `${repo}/fakebin:${process.env.PATH}` };
    const ok = await runPreflight(config("prod"), {}, { repo, processEnv });
    expect(ok.results).toEqual([expect.objectContaining({ id: "refs", verdict: "passed" })]);
    const bad = await runPreflight(config("staging"), {}, { repo, processEnv });
    expect(bad.results[0]).toMatchObject({ id: "refs", status: "fail", verdict: "command-failed" });
    expect(bad.results[0].message).toContain("error: context not found");
    const { readFileSync } = await import("node:fs");
    expect(readFileSync(`${repo}/fakebin/calls.log`, "utf8")).toContain(
      "get secrets,configmaps -o json -n production --context prod",
    );
  });

  it("without a namespace in the check, the manifest's namespace (else default) is used", async () => {
    const inventory = { kind: "List", items: [item("Secret", "nightly-creds", ["a"], "other")] };
    const { results } = await runPreflight(
      configWith("  - { id: refs, type: k8s-refs, manifests: [k8s/*.yaml], inventory: inv.json }\n"),
      { "prod.env": "", "k8s/cron.yaml": cronjob, "inv.json": JSON.stringify(inventory) },
    );
    expect(results[0]).toMatchObject({ verdict: "passed" });
  });

  it("no manifest at all is no-files; an unreadable inventory or manifest fails", async () => {
    const none = await runPreflight(
      configWith("  - { id: refs, type: k8s-refs, manifests: [k8s/*.yaml], inventory: inv.json }\n"),
      { "prod.env": "" },
    );
    expect(none.results[0]).toMatchObject({ verdict: "no-files", status: "fail" });
    const noInventory = await runPreflight(
      configWith("  - { id: refs, type: k8s-refs, manifests: [k8s/*.yaml], inventory: inv.json }\n"),
      { "prod.env": "", "k8s/a.yaml": deployment },
    );
    expect(noInventory.results[0]).toMatchObject({ status: "fail" });
    expect(noInventory.results[0].message).toContain("inv.json does not exist");
    const badYaml = await runPreflight(
      configWith("  - { id: refs, type: k8s-refs, manifests: [k8s/*.yaml], inventory: inv.json }\n"),
      { "prod.env": "", "k8s/a.yaml": "a: [1,\n", "inv.json": "{}" },
    );
    expect(badYaml.results[0]).toMatchObject({ status: "fail", file: "k8s/a.yaml" });
    expect(badYaml.results[0].message).toContain("not valid YAML");
  });
});
