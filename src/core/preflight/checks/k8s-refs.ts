import type { CheckConfig } from "../../config/schema.js";
import { isMapping } from "../../mapping.js";
import { RepoPathError, readRepoText } from "../../repo-files.js";
import { excerpt } from "../../report/cut.js";
import type { Result } from "../../report/types.js";
import { commandEnv, execProgram } from "../exec.js";
import { fileResult, matchFiles, readYamlDocs } from "../manifests.js";
import { type PodSpecAt, pathText, podSpecs } from "../pod-specs.js";
import { type CheckContext, result } from "../types.js";
import { stripBom, type YamlDoc, type YamlPath } from "../yaml-docs.js";
import { outputTail } from "./command.js";

type K8sRefsCheck = Extract<CheckConfig, { type: "k8s-refs" }>;
type RefKind = "secret" | "configmap";

/** One reference from a manifest to a secret or config map (and maybe one key of it). */
export interface Ref {
  kind: RefKind;
  name: string;
  key?: string;
  optional: boolean;
  namespace: string;
  file: string;
  line?: number;
  /** Where it is referenced from, for the message: "Deployment api (spec.template.spec.volumes[0].secret)". */
  from: string;
}

/** namespace -> kind -> name -> keys. `*` holds objects listed without a namespace. */
export type Inventory = Map<string, Map<RefKind, Map<string, Set<string>>>>;

/**
 * Volume types whose secret is a reference of their own (`secretRef`, or azureFile's `secretName`),
 * beside the `secret` volume: the secret must exist in the pod's namespace for the volume to mount.
 */
const VOLUME_SECRET_REFS: [volumeType: string, field: string, nameField: string][] = [
  ["cephfs", "secretRef", "name"],
  ["rbd", "secretRef", "name"],
  ["iscsi", "secretRef", "name"],
  ["scaleIO", "secretRef", "name"],
  ["flexVolume", "secretRef", "name"],
  ["cinder", "secretRef", "name"],
  ["storageos", "secretRef", "name"],
  ["csi", "nodePublishSecretRef", "name"],
];

/** Every secret and config map a pod spec needs: env, envFrom, volumes, projected volumes, pull secrets. */
export function refsOf(pod: PodSpecAt, namespace: string): Ref[] {
  const refs: Ref[] = [];
  const add = (kind: RefKind, value: any, path: YamlPath, nameField: string, key?: string) => {
    if (!isMapping(value) || typeof value[nameField] !== "string") return;
    refs.push({
      kind,
      name: value[nameField],
      key,
      optional: value.optional === true,
      namespace,
      file: pod.doc.file,
      line: pod.doc.lineOf(path),
      from: `${pod.kind} ${pod.name} (${pathText(path)})`,
    });
  };
  const addWithItems = (kind: RefKind, value: any, path: YamlPath, nameField: string) => {
    if (!isMapping(value)) return;
    const items = Array.isArray(value.items) ? value.items.filter((i: any) => typeof i?.key === "string") : [];
    if (!items.length) add(kind, value, path, nameField);
    items.forEach((item: any, i: number) => {
      add(kind, value, [...path, "items", i], nameField, item.key);
    });
  };

  for (const { value: container, path } of pod.containers) {
    (Array.isArray(container.env) ? container.env : []).forEach((e: any, i: number) => {
      const vf = e?.valueFrom;
      if (!isMapping(vf)) return;
      const p = [...path, "env", i, "valueFrom"];
      if (isMapping(vf.secretKeyRef))
        add("secret", vf.secretKeyRef, [...p, "secretKeyRef"], "name", vf.secretKeyRef.key);
      if (isMapping(vf.configMapKeyRef))
        add("configmap", vf.configMapKeyRef, [...p, "configMapKeyRef"], "name", vf.configMapKeyRef.key);
    });
    (Array.isArray(container.envFrom) ? container.envFrom : []).forEach((e: any, i: number) => {
      const p = [...path, "envFrom", i];
      if (isMapping(e?.secretRef)) add("secret", e.secretRef, [...p, "secretRef"], "name");
      if (isMapping(e?.configMapRef)) add("configmap", e.configMapRef, [...p, "configMapRef"], "name");
    });
  }
  for (const { value: v, path: p } of pod.volumes) {
    if (isMapping(v.secret)) addWithItems("secret", v.secret, [...p, "secret"], "secretName");
    if (isMapping(v.configMap)) addWithItems("configmap", v.configMap, [...p, "configMap"], "name");
    if (isMapping(v.azureFile)) add("secret", v.azureFile, [...p, "azureFile"], "secretName");
    for (const [type, field, nameField] of VOLUME_SECRET_REFS) {
      if (isMapping(v[type])) add("secret", v[type][field], [...p, type, field], nameField);
    }
    const sources = v.projected?.sources;
    (Array.isArray(sources) ? sources : []).forEach((s: any, j: number) => {
      const sp = [...p, "projected", "sources", j];
      if (isMapping(s?.secret)) addWithItems("secret", s.secret, [...sp, "secret"], "name");
      if (isMapping(s?.configMap)) addWithItems("configmap", s.configMap, [...sp, "configMap"], "name");
    });
  }
  for (const { value, path } of pod.pullSecrets) add("secret", value, path, "name");
  return refs;
}

/** Reads kubectl's `get -o json` List shape (also a bare array, or a single object) into an inventory. */
export function parseInventory(data: unknown, inventory: Inventory = new Map()): Inventory {
  const items = Array.isArray(data) ? data : isMapping(data) && Array.isArray(data.items) ? data.items : [data];
  for (const item of items) {
    if (!isMapping(item) || !isMapping(item.metadata) || typeof item.metadata.name !== "string") continue;
    const kind: RefKind | undefined =
      item.kind === "Secret" ? "secret" : item.kind === "ConfigMap" ? "configmap" : undefined;
    if (!kind) continue;
    const ns = typeof item.metadata.namespace === "string" ? item.metadata.namespace : "*";
    const keys = new Set([
      ...Object.keys(isMapping(item.data) ? item.data : {}),
      ...Object.keys(isMapping(item.stringData) ? item.stringData : {}),
      ...Object.keys(isMapping(item.binaryData) ? item.binaryData : {}),
    ]);
    if (!inventory.has(ns)) inventory.set(ns, new Map());
    const byKind = inventory.get(ns)!;
    if (!byKind.has(kind)) byKind.set(kind, new Map());
    byKind.get(kind)!.set(item.metadata.name, keys);
  }
  return inventory;
}

const lookup = (inventory: Inventory, ref: Ref): Set<string> | undefined =>
  inventory.get(ref.namespace)?.get(ref.kind)?.get(ref.name) ?? inventory.get("*")?.get(ref.kind)?.get(ref.name);

async function inventoryFromFile(check: K8sRefsCheck, ctx: CheckContext): Promise<Inventory | Result> {
  const file = check.inventory!;
  let data: unknown;
  try {
    // Files saved by Windows tools start with a byte order mark, which JSON.parse refuses.
    data = JSON.parse(stripBom(await readRepoText(ctx.repo, file)));
  } catch (error) {
    const reason = error instanceof RepoPathError ? error.reason : undefined;
    return result(
      check.id,
      "no-files",
      reason === "missing"
        ? `the inventory ${file} does not exist in the checkout; export it with \`kubectl get secrets,configmaps -o json\``
        : reason === "outside" || reason === "special"
          ? `the inventory ${(error as Error).message}`
          : `the inventory ${file} cannot be read (${(error as RepoPathError).code ?? (error as Error).message}); it must be kubectl's \`get -o json\` output`,
    );
  }
  return parseInventory(data);
}

async function inventoryFromKubectl(check: K8sRefsCheck, ctx: CheckContext, namespaces: string[]) {
  const inventory: Inventory = new Map();
  for (const ns of namespaces) {
    const args = ["get", "secrets,configmaps", "-o", "json", "-n", ns];
    if (check.kubectl?.context) args.push("--context", check.kubectl.context);
    const outcome = await execProgram("kubectl", args, {
      cwd: ctx.repo,
      // KUBECONFIG and cloud credentials may come from the environment's variables.
      env: commandEnv(ctx.processEnv, ctx.environment.values),
      signal: ctx.signal,
      maxOutput: 64 * 1024 * 1024,
    });
    if (outcome.kind === "aborted") throw ctx.signal.reason;
    const shown = `kubectl ${args.join(" ")}`;
    if (outcome.kind === "not-started") return result(check.id, "command-failed", `${shown}: ${outcome.reason}`);
    if (outcome.code !== 0) {
      return result(
        check.id,
        "command-failed",
        `${shown} exited ${outcome.code}${outputTail(outcome.stdout, outcome.stderr)}; check the context and credentials`,
      );
    }
    try {
      parseInventory(JSON.parse(outcome.stdout), inventory);
    } catch {
      return result(check.id, "command-failed", `${shown} did not print JSON (${excerpt(outcome.stdout, 80)})`);
    }
  }
  return inventory;
}

const kindWord = (kind: RefKind) => (kind === "secret" ? "secret" : "config map");

export async function k8sRefsCheck(check: K8sRefsCheck, ctx: CheckContext): Promise<Result[]> {
  const files = await matchFiles(ctx.repo, check.manifests);
  if (!files.length) {
    return [
      result(check.id, "no-files", `no file matches ${check.manifests.join(", ")}; fix \`manifests\` in the check`),
    ];
  }
  const refs: Ref[] = [];
  // A file that cannot be read is reported, and the other files are still checked.
  const out: Result[] = [];
  for (const file of files) {
    let docs: YamlDoc[];
    try {
      docs = await readYamlDocs(ctx.repo, file, "kubernetes");
    } catch (error) {
      out.push(fileResult(`${check.id}:${file}`, error, file));
      continue;
    }
    for (const doc of docs) {
      for (const pod of podSpecs(doc)) refs.push(...refsOf(pod, check.namespace ?? pod.namespace ?? "default"));
    }
  }
  const templated = refs.filter((r) => r.name.includes("{{"));
  for (const ref of templated) {
    out.push(
      result(
        `${check.id}:${ref.kind}/${ref.name}`,
        "not-checkable",
        `${ref.from} references ${kindWord(ref.kind)} "${ref.name}", a template expression; check what \`helm template\` renders from it`,
        ref,
      ),
    );
  }
  const needed = refs.filter((r) => !r.optional && !templated.includes(r));
  const namespaces = [...new Set(needed.map((r) => r.namespace))].sort();
  const inventory = check.inventory
    ? await inventoryFromFile(check, ctx)
    : await inventoryFromKubectl(check, ctx, namespaces);
  if (!(inventory instanceof Map)) return [...out, inventory];

  const seen = new Set<string>();
  for (const ref of needed) {
    const keys = lookup(inventory, ref);
    const subject = `${ref.kind}/${ref.name}`;
    if (!keys) {
      const id = `${check.id}:${subject}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(
        result(
          id,
          ref.kind === "secret" ? "missing-secret" : "missing-configmap",
          `${ref.from} references ${kindWord(ref.kind)} "${ref.name}", which does not exist in namespace "${ref.namespace}"; create it (or fix the name) before the next rollout`,
          ref,
        ),
      );
      continue;
    }
    if (ref.key === undefined || keys.has(ref.key)) continue;
    const id = `${check.id}:${subject}:${ref.key}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(
      result(
        id,
        "missing-key",
        `${ref.from} references key "${ref.key}" of ${kindWord(ref.kind)} "${ref.name}" in namespace "${ref.namespace}", which has no such key (it has: ${[...keys].sort().join(", ") || "none"}); add the key or fix the reference`,
        ref,
      ),
    );
  }
  if (out.length) return out;
  return [
    result(
      check.id,
      "passed",
      `every secret and config map referenced by ${files.length} manifest file${files.length > 1 ? "s" : ""} exists (${needed.length} reference${needed.length === 1 ? "" : "s"})`,
    ),
  ];
}
