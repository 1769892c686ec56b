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

const rayCluster = `apiVersion: ray.io/v1
kind: RayCluster
metadata: { name: ray, namespace: ml }
spec:
  headGroupSpec:
    rayStartParams: {}
    template:
      spec:
        containers:
          - name: head
            image: rayproject/ray:2.9.0
            envFrom: [{ secretRef: { name: ray-head-env } }]
  workerGroupSpecs:
    - groupName: small
      template:
        spec:
          containers:
            - name: worker
              image: rayproject/ray:2.9.0
          volumes:
            - name: data
              csi: { driver: secrets-store.csi.k8s.io, nodePublishSecretRef: { name: csi-creds } }
`;

const workflow = `apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata: { name: nightly, namespace: ml }
spec:
  schedule: "0 1 * * *"
  workflowSpec:
    entrypoint: main
    imagePullSecrets: [{ name: argo-pull }]
    volumes:
      - { name: share, azureFile: { secretName: azure-share, shareName: s } }
    templates:
      - name: main
        steps: [[{ name: a, template: train }]]
      - name: train
        script:
          image: python:3.12
          source: print(1)
          env:
            - { name: TOKEN, valueFrom: { secretKeyRef: { name: hf-token, key: token } } }
        sidecars:
          - name: proxy
            image: envoyproxy/envoy:v1.30
            envFrom: [{ configMapRef: { name: proxy-config } }]
        initContainers:
          - name: fetch
            image: alpine:3.20
            envFrom: [{ secretRef: { name: fetch-creds } }]
`;

const volumes = `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: storage, namespace: ml }
spec:
  template:
    spec:
      containers: [{ name: a, image: x }]
      volumes:
        - { name: a, cephfs: { monitors: [m], secretRef: { name: ceph-secret } } }
        - { name: b, rbd: { monitors: [m], image: disk, secretRef: { name: rbd-secret } } }
        - { name: c, iscsi: { targetPortal: p, iqn: q, lun: 0, chapAuthSession: true, secretRef: { name: chap-secret } } }
        - { name: d, scaleIO: { gateway: g, system: s, secretRef: { name: scaleio-secret } } }
        - { name: e, flexVolume: { driver: x/y, secretRef: { name: flex-secret } } }
        - { name: f, azureFile: { secretName: azure-secret, shareName: s } }
`;

describe("k8s-refs in custom resources and every volume type", () => {
  it("finds references in KubeRay head and worker groups and Argo workflow templates, naming kind and path", async () => {
    const { results } = await runPreflight(
      configWith("  - { id: refs, type: k8s-refs, manifests: [k8s/*.yaml], inventory: inv.json }\n"),
      {
        "prod.env": "",
        "k8s/ray.yaml": rayCluster,
        "k8s/wf.yaml": workflow,
        "inv.json": JSON.stringify({ items: [item("Secret", "hf-token", ["other"], "ml")] }),
      },
    );
    expect(results.map((r) => [r.id, r.verdict, r.file, r.line])).toEqual([
      ["refs:secret/ray-head-env", "missing-secret", "k8s/ray.yaml", 12],
      ["refs:secret/csi-creds", "missing-secret", "k8s/ray.yaml", 22],
      ["refs:secret/azure-share", "missing-secret", "k8s/wf.yaml", 10],
      ["refs:secret/argo-pull", "missing-secret", "k8s/wf.yaml", 8],
      ["refs:secret/fetch-creds", "missing-secret", "k8s/wf.yaml", 27],
      ["refs:secret/hf-token:token", "missing-key", "k8s/wf.yaml", 19],
      ["refs:configmap/proxy-config", "missing-configmap", "k8s/wf.yaml", 23],
    ]);
    const byId = Object.fromEntries(results.map((r) => [r.id, r.message]));
    expect(byId["refs:secret/csi-creds"]).toContain(
      "RayCluster ray (spec.workerGroupSpecs[0].template.spec.volumes[0].csi.nodePublishSecretRef) references",
    );
    expect(byId["refs:secret/hf-token:token"]).toContain(
      "CronWorkflow nightly (spec.workflowSpec.templates[1].script.env[0].valueFrom.secretKeyRef)",
    );
    expect(byId["refs:secret/azure-share"]).toContain('in namespace "ml"');
  });

  it("cephfs, rbd, iscsi, scaleIO, flexVolume and azureFile secrets must exist", async () => {
    const names = ["ceph-secret", "rbd-secret", "chap-secret", "scaleio-secret", "flex-secret", "azure-secret"];
    const { results } = await runPreflight(
      configWith("  - { id: refs, type: k8s-refs, manifests: [k8s/*.yaml], inventory: inv.json }\n"),
      { "prod.env": "", "k8s/sts.yaml": volumes, "inv.json": '{"items": []}' },
    );
    expect(results.map((r) => [r.id, r.line])).toEqual(names.map((n, i) => [`refs:secret/${n}`, 9 + i]));
    const ok = await runPreflight(
      configWith("  - { id: refs, type: k8s-refs, manifests: [k8s/*.yaml], inventory: inv.json }\n"),
      {
        "prod.env": "",
        "k8s/sts.yaml": volumes,
        "inv.json": JSON.stringify({ items: names.map((n) => item("Secret", n, ["k"], "ml")) }),
      },
    );
    expect(ok.results).toEqual([expect.objectContaining({ verdict: "passed" })]);
    expect(ok.results[0].message).toContain("(6 references)");
  });

  it("an unknown kind counts only where a pod template sits and looks like one", async () => {
    const crd = `apiVersion: example.com/v1
kind: Thing
metadata: { name: t }
spec:
  template:
    spec:
      containers: [{ name: a, image: x, envFrom: [{ secretRef: { name: thing-env } }] }]
---
apiVersion: example.com/v1
kind: Other
metadata: { name: o }
spec:
  template:
    spec:
      containers: [{ name: not-a-container }]
      envFrom: [{ secretRef: { name: not-a-ref } }]
`;
    const { results } = await runPreflight(
      configWith("  - { id: refs, type: k8s-refs, manifests: [crd.yaml], inventory: inv.json }\n"),
      { "prod.env": "", "crd.yaml": crd, "inv.json": '{"items": []}' },
    );
    expect(results.map((r) => r.id)).toEqual(["refs:secret/thing-env"]);
    expect(results[0].message).toContain("Thing t (spec.template.spec.containers[0].envFrom[0].secretRef)");
  });
});
