import {
  type Document,
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  LineCounter,
  type Node,
  parseAllDocuments,
} from "yaml";

export type YamlPath = (string | number)[];

/** One YAML document of a file, with a way back from a key path to its 1-based line. */
export interface YamlDoc {
  file: string;
  data: unknown;
  lineOf: (path: YamlPath) => number | undefined;
}

/**
 * How a file's scalars are typed. Kubernetes reads YAML through go-yaml v2 (YAML 1.1: `yes`, `on`
 * and `y` are booleans, `1:20` is 80); compose-go reads it through go-yaml v3 (YAML 1.2 core: those
 * are strings). `auto` reads a file as Kubernetes when one of its documents has `apiVersion` and `kind`.
 */
export type Dialect = "kubernetes" | "compose" | "auto";

/** A file the check cannot read as the tools that deploy it would: a fail, or a template to render first. */
export class ManifestError extends Error {
  constructor(
    readonly verdict: "unreadable-file" | "not-checkable",
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = "ManifestError";
  }
}

/** Bigger files are refused before parsing (the biggest public operator bundles are a few MiB). */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;
/**
 * Real manifests nest about 20 levels deep; the parser's recursion overflows near 900, and a stack
 * overflow inside it has aborted the whole process. Depth is measured on the text, before parsing.
 */
export const MAX_DEPTH = 256;
/**
 * Aliases are refused by the size they expand to, not by how many there are: a compose file with a
 * hundred services merging one anchor is normal, ten levels of ten aliases (a billion nodes) is not.
 */
export const MAX_EXPANDED_NODES = 5_000_000;
const ALIAS_FREE_EXPANSION = 100_000;
const MAX_EXPANSION_RATIO = 10;

const BOM = "\uFEFF";
export const stripBom = (text: string) => (text.startsWith(BOM) ? text.slice(1) : text);

/**
 * The deepest nesting of collections in YAML text, measured in one pass without parsing: block
 * indentation levels, compact `- - x` items, and flow brackets. Brackets only open a collection where
 * a value starts (inside a plain scalar like `echo [x` they are text), and quoted and block scalars
 * are skipped, so the figure matches the parser's, give or take a level.
 */
export function nestingDepth(text: string): number {
  const lines = text.split(/\r?\n/);
  const indents: number[] = [];
  let flow = 0;
  let quote: "'" | '"' | undefined;
  let blockScalarIndent = -1;
  let max = 0;
  for (const line of lines) {
    let i = 0;
    while (line[i] === " ") i++;
    if (blockScalarIndent >= 0) {
      if (i > blockScalarIndent || i === line.length) continue;
      blockScalarIndent = -1;
    }
    if (!quote && flow === 0) {
      if (i === line.length || line[i] === "#") continue;
      while (indents.length && indents[indents.length - 1] >= i) indents.pop();
      indents.push(i);
    }
    let valueStart = !quote;
    let compact = 0;
    for (; i < line.length; i++) {
      const c = line[i];
      if (quote) {
        if (c === "\\" && quote === '"') i++;
        else if (c === quote) {
          if (quote === "'" && line[i + 1] === "'") i++;
          else quote = undefined;
        }
        continue;
      }
      if (c === " " || c === "\t") continue;
      if (c === "#" && (i === 0 || line[i - 1] === " " || line[i - 1] === "\t")) break;
      if (valueStart && (c === "'" || c === '"')) {
        quote = c;
        valueStart = false;
        continue;
      }
      if (flow === 0 && valueStart && (c === "-" || c === "?") && (line[i + 1] === " " || i + 1 === line.length)) {
        compact++;
        continue;
      }
      if (valueStart && (c === "[" || c === "{")) {
        flow++;
        max = Math.max(max, indents.length + compact + flow);
        continue;
      }
      if (flow > 0 && (c === "]" || c === "}")) {
        flow--;
        valueStart = false;
        continue;
      }
      if (flow > 0 && c === ",") {
        valueStart = true;
        continue;
      }
      if (c === ":" && (line[i + 1] === " " || line[i + 1] === undefined || flow > 0)) {
        valueStart = true;
        continue;
      }
      if (flow === 0 && valueStart && (c === "|" || c === ">")) {
        blockScalarIndent = indents[indents.length - 1] ?? 0;
        break;
      }
      valueStart = false;
    }
    max = Math.max(max, indents.length + compact + flow);
  }
  return max;
}

/** Counts a document's nodes as written and as expanded (every alias and merge key replaced by its target). */
function measure(doc: Document, file: string): { written: number; expanded: number } {
  const sizes = new Map<Node, number>();
  const open = new Set<Node>();
  // An alias means the latest anchor of its name before it. Walking in document order, that is the
  // one last recorded here, already sized (the library's own lookup walks the document per alias).
  const anchors = new Map<string, Node>();
  let written = 0;
  const size = (node: unknown): number => {
    written++;
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target && open.has(target)) {
        throw new ManifestError(
          "unreadable-file",
          `${file}: the alias *${node.source} refers to a node that contains it`,
        );
      }
      return target ? (sizes.get(target) ?? 1) : 1;
    }
    const anchor = (node as { anchor?: string } | null)?.anchor;
    if (anchor) anchors.set(anchor, node as Node);
    if (!isCollection(node)) return 1;
    const merges = isMap(node) ? node.items.filter((p) => isScalar(p.key) && p.key.source === "<<").length : 0;
    if (merges > 1) {
      // compose-go and go-yaml v3 refuse a repeated `<<` ("mapping key already defined"); use one list.
      throw new ManifestError(
        "unreadable-file",
        `${file}: a mapping has more than one \`<<\` merge key; merge several anchors with \`<<: [*a, *b]\``,
      );
    }
    open.add(node);
    let total = 1;
    for (const item of node.items as unknown[]) {
      total += isPair(item) ? size(item.key) + size(item.value) : size(item);
      if (total > MAX_EXPANDED_NODES) break;
    }
    open.delete(node);
    sizes.set(node, total);
    return total;
  };
  return { written, expanded: size(doc.contents) };
}

/**
 * A value that starts with `{{` parses as nested flow maps: the file is a template (Helm, Go). Inside
 * a scalar (`summary: Instance {{ $labels.instance }} down`, a PrometheusRule) it is text kubectl
 * reads as it is; an image or secret name holding one is reported by the check that reads it.
 */
function templateAt(doc: Document, text: string): number | undefined {
  let found: number | undefined;
  const walk = (node: unknown) => {
    if (found !== undefined || !node) return;
    if (isPair(node)) {
      walk(node.key);
      walk(node.value);
      return;
    }
    if (isScalar(node)) return;
    if (isCollection(node)) {
      const start = node.range?.[0];
      if (node.flow && start !== undefined && text.startsWith("{{", start)) {
        found = start;
        return;
      }
      for (const item of node.items as unknown[]) walk(item);
    }
  };
  walk(doc.contents);
  return found;
}

const looksKubernetes = (data: unknown) =>
  data !== null && typeof data === "object" && "apiVersion" in data && "kind" in data;

function parse(text: string, version: "1.1" | "1.2", counter: LineCounter) {
  return parseAllDocuments(text, {
    lineCounter: counter,
    prettyErrors: false,
    version,
    // Merge keys are YAML 1.1's, and both kubectl and compose apply them.
    merge: true,
  }) as Document[] | { errors: unknown[] };
}

/** Every document of a multi-document YAML text, read as the tool that deploys it reads it. */
export function parseYamlDocs(raw: string, file: string, dialect: Dialect = "auto"): YamlDoc[] {
  const text = stripBom(raw);
  const depth = nestingDepth(text);
  if (depth > MAX_DEPTH) {
    throw new ManifestError(
      "unreadable-file",
      `${file}: nests ${depth} levels deep (more than ${MAX_DEPTH}), which no manifest needs; it is not read`,
    );
  }
  let counter = new LineCounter();
  const lineAt = (offset: number | undefined) => (offset === undefined ? undefined : counter.linePos(offset).line);
  /** Parses the text in one YAML version; a template or a syntax error ends the reading. */
  const read = (version: "1.1" | "1.2"): Document[] => {
    counter = new LineCounter();
    const docs = parse(text, version, counter);
    if (!Array.isArray(docs)) return [];
    for (const doc of docs) {
      const error = doc.errors[0];
      const template = error ? (text.includes("{{") ? error.pos[0] : undefined) : templateAt(doc, text);
      if (template !== undefined) {
        throw new ManifestError(
          "not-checkable",
          `${file}:${lineAt(template)}: is a template (\`{{ … }}\`), not a manifest; check what \`helm template\` renders from it`,
          lineAt(template),
        );
      }
      if (error) {
        throw new ManifestError(
          "unreadable-file",
          `${file}:${lineAt(error.pos[0])}: not valid YAML (${error.message.split("\n")[0]})`,
          lineAt(error.pos[0]),
        );
      }
    }
    return docs;
  };
  // Top-level `apiVersion:` and `kind:` lines: a Kubernetes manifest, read once as YAML 1.1.
  const kube = dialect === "kubernetes" || (dialect === "auto" && /^apiVersion:/m.test(text) && /^kind:/m.test(text));
  let docs = read(kube ? "1.1" : "1.2");
  let data = docs.map((doc) => toData(doc, file));
  if (!kube && dialect === "auto" && data.some(looksKubernetes)) {
    docs = read("1.1");
    data = docs.map((doc) => toData(doc, file));
  }
  return docs.map((doc, i) => ({
    file,
    data: data[i],
    lineOf: (path) => {
      for (let n = path.length; n >= 0; n--) {
        const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
        if (node?.range) return lineAt(node.range[0]);
      }
      return undefined;
    },
  }));
}

function toData(doc: Document, file: string): unknown {
  const { written, expanded } = measure(doc, file);
  if (expanded > MAX_EXPANDED_NODES || (expanded > ALIAS_FREE_EXPANSION && expanded > MAX_EXPANSION_RATIO * written)) {
    throw new ManifestError(
      "unreadable-file",
      `${file}: its aliases expand ${written} nodes to ${expanded > MAX_EXPANDED_NODES ? `more than ${MAX_EXPANDED_NODES}` : expanded} (an alias bomb); it is not read`,
    );
  }
  // The expansion was measured above, so the library's own alias counter (100 uses) is not needed.
  return doc.toJS({ maxAliasCount: -1 });
}
