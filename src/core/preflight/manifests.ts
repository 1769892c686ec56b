import * as fs from "node:fs";
import { glob } from "tinyglobby";
import { type Document, LineCounter, parseAllDocuments } from "yaml";
import { isInside, readRepoText, repoRoot } from "../repo-files.js";

export type YamlPath = (string | number)[];

/** One YAML document of a file, with a way back from a key path to its 1-based line. */
export interface YamlDoc {
  file: string;
  data: unknown;
  lineOf: (path: YamlPath) => number | undefined;
}

/**
 * The file system as the glob walk sees it: a symlink whose target lies outside the checkout does
 * not resolve, so the walk neither descends into it nor lists it (its files are never read).
 */
function containedFs(root: string): typeof fs {
  const realpath = ((path: fs.PathLike, callback: (error: Error | null, real?: string) => void) =>
    fs.realpath(path, (error, real) => {
      if (error) return callback(error);
      if (!isInside(root, real)) return callback(Object.assign(new Error("outside the repository"), { code: "EXDEV" }));
      callback(null, real);
    })) as typeof fs.realpath;
  return { ...fs, realpath };
}

/** The files a check's globs match, relative to the repository, sorted; none is the caller's `no-files`. */
export async function matchFiles(repo: string, patterns: string[]): Promise<string[]> {
  const files = await glob(patterns, {
    cwd: repo,
    onlyFiles: true,
    dot: true,
    ignore: ["**/node_modules/**"],
    fs: containedFs(await repoRoot(repo)),
  });
  return files.sort();
}

/** Every document of a multi-document YAML file. A file that is not YAML throws a sentence naming it. */
export async function readYamlDocs(repo: string, file: string): Promise<YamlDoc[]> {
  const text = await readRepoText(repo, file);
  const counter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: counter, prettyErrors: false });
  if (!Array.isArray(docs)) return [];
  const out: YamlDoc[] = [];
  for (const doc of docs as Document[]) {
    const error = doc.errors[0];
    if (error) {
      throw new Error(
        `${file}:${counter.linePos(error.pos[0]).line}: not valid YAML (${error.message.split("\n")[0]})`,
      );
    }
    out.push({
      file,
      data: doc.toJS(),
      lineOf: (path) => {
        for (let n = path.length; n >= 0; n--) {
          const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
          if (node?.range) return counter.linePos(node.range[0]).line;
        }
        return undefined;
      },
    });
  }
  return out;
}

const POD_SPEC_PATH: Record<string, YamlPath> = {
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

export interface PodSpecAt {
  spec: Record<string, any>;
  /** The key path of the pod spec inside its document. */
  path: YamlPath;
  kind: string;
  name: string;
  namespace?: string;
  doc: YamlDoc;
}

const isObject = (v: unknown): v is Record<string, any> => v !== null && typeof v === "object" && !Array.isArray(v);

export function getPath(data: unknown, path: YamlPath): unknown {
  let node: any = data;
  for (const key of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = node[key];
  }
  return node;
}

/** The pod specs of every workload in a document (a `List` of them included). */
export function podSpecs(doc: YamlDoc): PodSpecAt[] {
  const out: PodSpecAt[] = [];
  const visit = (object: unknown, base: YamlPath) => {
    if (!isObject(object)) return;
    if (object.kind === "List" && Array.isArray(object.items)) {
      object.items.forEach((item: unknown, i: number) => {
        visit(item, [...base, "items", i]);
      });
      return;
    }
    const rel = POD_SPEC_PATH[object.kind];
    if (!rel) return;
    const spec = getPath(object, rel);
    if (!isObject(spec)) return;
    out.push({
      spec,
      path: [...base, ...rel],
      kind: object.kind,
      name: String(object.metadata?.name ?? "(unnamed)"),
      namespace: typeof object.metadata?.namespace === "string" ? object.metadata.namespace : undefined,
      doc,
    });
  };
  visit(doc.data, []);
  return out;
}

export const CONTAINER_LISTS = ["initContainers", "containers", "ephemeralContainers"] as const;

/** Every container of a pod spec with its key path, init and ephemeral ones included. */
export function containersOf(pod: PodSpecAt): { container: Record<string, any>; path: YamlPath }[] {
  const out: { container: Record<string, any>; path: YamlPath }[] = [];
  for (const list of CONTAINER_LISTS) {
    const items = pod.spec[list];
    if (!Array.isArray(items)) continue;
    items.forEach((container, i) => {
      if (isObject(container)) out.push({ container, path: [...pod.path, list, i] });
    });
  }
  return out;
}
