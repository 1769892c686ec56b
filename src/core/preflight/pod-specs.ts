import { isMapping } from "../mapping.js";
import type { YamlDoc, YamlPath } from "./yaml-docs.js";

export interface Located<T> {
  value: T;
  /** The key path inside the document. */
  path: YamlPath;
}

/**
 * A pod spec, or what a custom resource runs as one (an Argo Workflow template): its containers,
 * volumes and pull secrets, each with its key path, and which object it belongs to.
 */
export interface PodSpecAt {
  /** The key path of the pod spec (or template) inside its document. */
  path: YamlPath;
  kind: string;
  name: string;
  namespace?: string;
  doc: YamlDoc;
  containers: Located<Record<string, any>>[];
  volumes: Located<Record<string, any>>[];
  pullSecrets: Located<Record<string, any>>[];
}

/** `spec.templates[0].container`: a key path as a reader of the manifest writes it. */
export function pathText(path: YamlPath): string {
  return path.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? k : `.${k}`)).join("");
}

/** `*` stands for every item of a list. */
type Pattern = (string | "*")[];

/** Built-in workloads: their pod spec is where the API says, whatever it holds. */
const BUILT_IN: Record<string, Pattern> = {
  Pod: ["spec"],
  PodTemplate: ["template", "spec"],
  Deployment: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  ReplicationController: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
};

/**
 * Custom resources that embed pod templates somewhere of their own (from each project's API
 * reference). Argo Rollouts and Knative Services use `spec.template.spec`, which any kind is tried at.
 */
const RAY_GROUPS: Pattern[] = [
  ["headGroupSpec", "template", "spec"],
  ["workerGroupSpecs", "*", "template", "spec"],
];
const CUSTOM: { group: string; kinds: string[]; pods: Pattern[] }[] = [
  { group: "ray.io", kinds: ["RayCluster"], pods: RAY_GROUPS.map((p) => ["spec", ...p]) },
  { group: "ray.io", kinds: ["RayService"], pods: RAY_GROUPS.map((p) => ["spec", "rayClusterConfig", ...p]) },
  {
    group: "ray.io",
    kinds: ["RayJob"],
    pods: [...RAY_GROUPS.map((p) => ["spec", "rayClusterSpec", ...p]), ["spec", "submitterPodTemplate", "spec"]],
  },
  {
    group: "leaderworkerset.x-k8s.io",
    kinds: ["LeaderWorkerSet"],
    pods: [
      ["spec", "leaderWorkerTemplate", "leaderTemplate", "spec"],
      ["spec", "leaderWorkerTemplate", "workerTemplate", "spec"],
    ],
  },
];
/** Where any other kind may carry a pod template: taken only when it looks like one. */
const ANY_KIND: Pattern[] = [
  ["spec", "template", "spec"],
  ["spec", "jobTemplate", "spec", "template", "spec"],
];

/** Argo Workflows: a workflow spec's templates each run containers like a pod would. */
const ARGO_WORKFLOW_SPEC: Record<string, string[]> = {
  Workflow: ["spec"],
  WorkflowTemplate: ["spec"],
  ClusterWorkflowTemplate: ["spec"],
  CronWorkflow: ["spec", "workflowSpec"],
};

const inGroup = (object: Record<string, any>, group: string) =>
  typeof object.apiVersion === "string" && object.apiVersion.startsWith(`${group}/`);

/** Every value at a pattern, with its concrete path. */
function at(object: unknown, pattern: Pattern, base: YamlPath = []): Located<unknown>[] {
  if (!pattern.length) return [{ value: object, path: base }];
  const [key, ...rest] = pattern;
  if (key === "*") {
    return Array.isArray(object) ? object.flatMap((item, i) => at(item, rest, [...base, i])) : [];
  }
  return isMapping(object) && key in object ? at(object[key], rest, [...base, key]) : [];
}

const objects = (list: unknown, path: YamlPath): Located<Record<string, any>>[] =>
  Array.isArray(list) ? list.flatMap((value, i) => (isMapping(value) ? [{ value, path: [...path, i] }] : [])) : [];

/** The structural test for a pod spec: `containers` with at least one object that has an `image`. */
const looksLikePodSpec = (spec: unknown): spec is Record<string, any> =>
  isMapping(spec) && Array.isArray(spec.containers) && spec.containers.some((c) => isMapping(c) && "image" in c);

const CONTAINER_LISTS = ["initContainers", "containers", "ephemeralContainers"] as const;

function fromPodSpec(spec: Record<string, any>, path: YamlPath) {
  return {
    path,
    containers: CONTAINER_LISTS.flatMap((list) => objects(spec[list], [...path, list])),
    volumes: objects(spec.volumes, [...path, "volumes"]),
    pullSecrets: objects(spec.imagePullSecrets, [...path, "imagePullSecrets"]),
  };
}

/** An Argo template's containers: `container`, `script`, `initContainers`, `sidecars`, `containerSet`. */
function fromArgoTemplate(template: Record<string, any>, path: YamlPath) {
  const one = (key: string) => (isMapping(template[key]) ? [{ value: template[key], path: [...path, key] }] : []);
  return {
    path,
    containers: [
      ...objects(template.initContainers, [...path, "initContainers"]),
      ...one("container"),
      ...one("script"),
      ...objects(template.containerSet?.containers, [...path, "containerSet", "containers"]),
      ...objects(template.sidecars, [...path, "sidecars"]),
    ],
    volumes: objects(template.volumes, [...path, "volumes"]),
    pullSecrets: [],
  };
}

function argoWorkflow(spec: unknown, path: YamlPath) {
  if (!isMapping(spec)) return [];
  const out = [
    {
      path,
      containers: [],
      volumes: objects(spec.volumes, [...path, "volumes"]),
      pullSecrets: objects(spec.imagePullSecrets, [...path, "imagePullSecrets"]),
    },
    ...objects(spec.templates, [...path, "templates"]).map((t) => fromArgoTemplate(t.value, t.path)),
  ];
  if (isMapping(spec.templateDefaults))
    out.push(fromArgoTemplate(spec.templateDefaults, [...path, "templateDefaults"]));
  return out;
}

type Found = Omit<PodSpecAt, "kind" | "name" | "namespace" | "doc">;

function podsOf(object: Record<string, any>): Found[] {
  const kind = object.kind;
  const builtIn = BUILT_IN[kind];
  if (builtIn) {
    return at(object, builtIn).flatMap(({ value, path }) => (isMapping(value) ? [fromPodSpec(value, path)] : []));
  }
  const argo = ARGO_WORKFLOW_SPEC[kind];
  if (argo && inGroup(object, "argoproj.io")) return argoWorkflow(at(object, argo)[0]?.value, argo);
  const custom = CUSTOM.find((c) => c.kinds.includes(kind) && inGroup(object, c.group));
  return [...(custom?.pods ?? []), ...ANY_KIND].flatMap((pattern) =>
    at(object, pattern).flatMap(({ value, path }) => (looksLikePodSpec(value) ? [fromPodSpec(value, path)] : [])),
  );
}

/** The pod specs of every workload and pod-running custom resource in a document (a `List` of them included). */
export function podSpecs(doc: YamlDoc): PodSpecAt[] {
  const out: PodSpecAt[] = [];
  const visit = (object: unknown, base: YamlPath) => {
    if (!isMapping(object)) return;
    if (object.kind === "List" && Array.isArray(object.items)) {
      object.items.forEach((item: unknown, i: number) => {
        visit(item, [...base, "items", i]);
      });
      return;
    }
    if (typeof object.kind !== "string") return;
    const owner = {
      kind: object.kind,
      name: String(object.metadata?.name ?? object.metadata?.generateName ?? "(unnamed)"),
      namespace: typeof object.metadata?.namespace === "string" ? object.metadata.namespace : undefined,
      doc,
    };
    const rebase = <T>(l: Located<T>) => ({ value: l.value, path: [...base, ...l.path] });
    for (const found of podsOf(object)) {
      out.push({
        ...owner,
        path: [...base, ...found.path],
        containers: found.containers.map(rebase),
        volumes: found.volumes.map(rebase),
        pullSecrets: found.pullSecrets.map(rebase),
      });
    }
  };
  visit(doc.data, []);
  return out;
}
