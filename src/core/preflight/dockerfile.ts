import { basename } from "node:path";

/** An image reference found in a file, with where it is. `unknown` holds why it could not be read. */
export interface FoundImage {
  image: string;
  file: string;
  line?: number;
  unknown?: string;
  /** Where it came from: `RayCluster ray, spec.headGroupSpec.template.spec.containers[0]`, `COPY --from`. */
  from?: string;
}

/** A FoundImage; `unknown` (why it could not be read) only when some variable stayed unresolved. */
export const foundImage = (
  place: Omit<FoundImage, "unknown">,
  unresolved: string[],
  why: (names: string) => string,
): FoundImage => ({
  image: place.image,
  file: place.file,
  line: place.line,
  ...(place.from ? { from: place.from } : {}),
  ...(unresolved.length ? { unknown: why(unresolved.join(", ")) } : {}),
});

/**
 * Dockerfile, Containerfile, Dockerfile.prod, Dockerfile-dev, Dockerfile_ci, api.Dockerfile,
 * api-dockerfile. BuildKit's per-Dockerfile ignore file (`Dockerfile.dockerignore`) is not one.
 */
export const isDockerfile = (file: string) => {
  const name = basename(file);
  return (
    !/\.dockerignore$/i.test(name) && /^(docker|container)file([._-].+)?$|[._-](docker|container)file$/i.test(name)
  );
};
export const isDockerignore = (file: string) => /\.dockerignore$/i.test(basename(file));

/** `$X`, `${X}`, `${X:-default}` from variables; what stays unresolved is reported, not guessed. */
export function substituteVariables(
  text: string,
  values: Map<string, string | undefined>,
): { text: string; unresolved: string[] } {
  const unresolved: string[] = [];
  const out = text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (whole, braced, fallback, bare) => {
      const name = braced ?? bare;
      const value = values.get(name);
      if (value !== undefined && value !== "") return value;
      if (fallback !== undefined) return fallback;
      unresolved.push(name);
      return whole;
    },
  );
  return { text: out, unresolved };
}

/** The `# escape=` parser directive: only in the leading block of `# key=value` lines. */
function escapeOf(lines: string[]): string {
  let token = "\\";
  for (const line of lines) {
    const directive = /^#\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(\S+)\s*$/.exec(line);
    if (!directive) break;
    if (directive[1].toLowerCase() === "escape" && (directive[2] === "`" || directive[2] === "\\")) {
      token = directive[2];
    }
  }
  return token;
}

const HEREDOC = /<<(-?)(["']?)([A-Za-z0-9_.-]+)\2/g;
const HEREDOC_INSTRUCTIONS = new Set(["RUN", "COPY", "ADD"]);

/**
 * A Dockerfile's instructions with the line each starts on: continuation lines (ending in the escape
 * character) joined, comments dropped, and here-document bodies (`RUN <<EOF … EOF`) skipped.
 */
export function instructions(text: string): { text: string; line: number }[] {
  const lines = text.split(/\r?\n/);
  const escapeToken = escapeOf(lines);
  const out: { text: string; line: number }[] = [];
  const continues = (line: string) => line.trimEnd().endsWith(escapeToken);
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*(#|$)/.test(lines[i])) continue;
    const start = i;
    let joined = lines[i];
    while (continues(joined) && i + 1 < lines.length) {
      joined = joined.trimEnd().slice(0, -1);
      i++;
      // Comment and empty lines inside a continued instruction are removed, as BuildKit does.
      while (/^\s*(#|$)/.test(lines[i]) && i + 1 < lines.length) i++;
      joined += ` ${lines[i]}`;
    }
    const trimmed = joined.trim();
    out.push({ text: trimmed, line: start + 1 });
    const keyword = trimmed.split(/\s+/)[0].toUpperCase();
    if (!HEREDOC_INSTRUCTIONS.has(keyword)) continue;
    for (const match of trimmed.matchAll(HEREDOC)) {
      // `<<<` is the shell's here-string, not a here-document.
      if (trimmed[match.index - 1] === "<") continue;
      const [, dash, , word] = match;
      // The body runs to a line that is exactly the word (leading tabs allowed with `<<-`).
      while (i + 1 < lines.length) {
        const body = lines[++i];
        if ((dash ? body.replace(/^\t+/, "") : body) === word) break;
      }
    }
  }
  return out;
}

/** `--name=value` flags at the start of an instruction's arguments, and the words after them. */
function flagsOf(words: string[]): { flags: [string, string][]; rest: string[] } {
  const flags: [string, string][] = [];
  let n = 0;
  for (; n < words.length && words[n].startsWith("--"); n++) {
    const eq = words[n].indexOf("=");
    flags.push(eq < 0 ? [words[n].slice(2), ""] : [words[n].slice(2, eq), words[n].slice(eq + 1)]);
  }
  return { flags, rest: words.slice(n) };
}

const unquote = (s: string) => s.replace(/^(["'])(.*)\1$/, "$2");

/**
 * Images a Dockerfile pulls: FROM lines (flags skipped, `scratch` and earlier stages are not images),
 * `COPY --from=<image>` and `RUN --mount=…,from=<image>` (not stage names or indexes). ARGs declared
 * before the first FROM fill FROM lines; a stage's own ARGs also fill its `--from` values.
 */
export function dockerfileImages(text: string, file: string): FoundImage[] {
  const globalArgs = new Map<string, string | undefined>();
  let stageArgs = new Map<string, string | undefined>();
  const stages = new Set<string>();
  let stageCount = 0;
  const out: FoundImage[] = [];
  const push = (
    raw: string,
    line: number,
    args: Map<string, string | undefined>,
    isStage: (s: string) => boolean,
    from?: string,
  ) => {
    const { text: image, unresolved } = substituteVariables(raw, args);
    if (isStage(image)) return;
    out.push(
      foundImage(
        { image, file, line, from },
        unresolved,
        (names) => `depends on build arg ${names} without a default; give the ARG a pinned default`,
      ),
    );
  };
  const stageRef = (s: string) => stages.has(s.toLowerCase()) || (/^\d+$/.test(s) && Number(s) < stageCount);
  for (const { text: ins, line } of instructions(text)) {
    const [keyword, ...words] = ins.split(/\s+/);
    const upper = keyword.toUpperCase();
    if (upper === "ARG") {
      for (const decl of words) {
        const eq = decl.indexOf("=");
        const name = eq < 0 ? decl : decl.slice(0, eq);
        // A default may use the ARGs declared before it (`ARG BASE=golang:${GO_VERSION}`).
        const known = new Map([...globalArgs, ...stageArgs]);
        const value = eq < 0 ? undefined : substituteVariables(unquote(decl.slice(eq + 1)), known).text;
        if (!stageCount) globalArgs.set(name, value);
        // Inside a stage, `ARG X` without a value takes the global default.
        else stageArgs.set(name, value ?? globalArgs.get(name));
      }
      continue;
    }
    if (upper === "FROM") {
      const { rest } = flagsOf(words);
      const raw = rest[0];
      if (!raw) continue;
      const asIndex = rest.findIndex((w, i) => i > 0 && w.toUpperCase() === "AS");
      // A FROM may name an earlier stage; only stages declared before this line count.
      push(raw, line, globalArgs, (image) => image.toLowerCase() === "scratch" || stages.has(image.toLowerCase()));
      if (asIndex > 0 && rest[asIndex + 1]) stages.add(rest[asIndex + 1].toLowerCase());
      stageCount++;
      stageArgs = new Map();
      continue;
    }
    const args = new Map([...globalArgs, ...stageArgs]);
    const { flags } = flagsOf(words);
    if (upper === "COPY") {
      for (const [name, value] of flags)
        if (name === "from" && value) push(unquote(value), line, args, stageRef, "COPY --from");
    }
    if (upper === "RUN") {
      for (const [name, value] of flags) {
        if (name !== "mount") continue;
        for (const option of value.split(",")) {
          const [key, ...v] = option.split("=");
          if (key.trim() === "from" && v.length) {
            push(unquote(v.join("=").trim()), line, args, stageRef, "RUN --mount from");
          }
        }
      }
    }
  }
  return out;
}
