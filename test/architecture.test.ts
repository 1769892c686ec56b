import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { OWN_MODULES } from "./setup/own-modules.js";

const SRC = fileURLToPath(new URL("../src", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );
}

const importsOf = (file: string): string[] =>
  [...readFileSync(file, "utf8").matchAll(/^\s*(?:import|export)[^'"]*?from\s+["']([^"']+)["']/gm)].map((m) => m[1]);

describe("architecture", () => {
  it("src/core imports neither @actions/* nor probot, nor any front end", () => {
    const offenders = sources(join(SRC, "core")).flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec.startsWith("@actions/") || spec === "probot" || /\/(action|app|cli|github)\//.test(spec))
        .map((spec) => `${relative(SRC, file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it("the action, the CLI and the GitHub adapters never import probot", () => {
    const offenders = ["action", "cli", "github"].flatMap((dir) =>
      sources(join(SRC, dir)).flatMap((file) =>
        importsOf(file)
          .filter((spec) => spec === "probot" || spec.includes("/app/"))
          .map((spec) => `${relative(SRC, file)} imports ${spec}`),
      ),
    );
    expect(offenders).toEqual([]);
  });

  it("output leaves through one masked boundary per front end: src/action/output.ts and src/cli/io.ts", () => {
    // A new check or stage cannot forget to mask: it has no way to print but through these two.
    const printing =
      /\b(?:core\.(?:info|warning|error|notice|debug|setOutput|setFailed|summary|startGroup|exportVariable)\b|console\.|process\.(?:stdout|stderr)\b|(?<![\w.])(?:writeFile|appendFile)(?:Sync)?\()/;
    // The state file holds digests, fingerprints and paths only, never a value (core/artifacts/records.ts).
    const allowed = new Set(["action/output.ts", "cli/io.ts", "core/artifacts/state-file.ts"]);
    const offenders = ["action", "cli", "core"].flatMap((dir) =>
      sources(join(SRC, dir))
        .filter((file) => !allowed.has(relative(SRC, file)))
        .flatMap((file) =>
          readFileSync(file, "utf8")
            .split("\n")
            .filter((line) => printing.test(line))
            .map((line) => `${relative(SRC, file)}: ${line.trim()}`),
        ),
    );
    expect(offenders).toEqual([]);
  });

  it("the test files that load src/action are the ones that get modules of their own", () => {
    // @actions/core's process-wide state would leak from one such file into the next in a shared worker.
    const TEST = fileURLToPath(new URL(".", import.meta.url));
    const loads = (file: string) =>
      [
        ...readFileSync(file, "utf8").matchAll(
          // `import x from "m"`, `import "m"` and `import("m")`; never `import type`.
          /(?:^\s*import\s+(?!type\b)(?:[^'"]*?from\s+)?|\bimport\(\s*)["']([^"']+)["']/gm,
        ),
      ].map((m) => m[1]);
    const helpers = readdirSync(join(TEST, "helpers"))
      .filter((name) => loads(join(TEST, "helpers", name)).some((spec) => spec.startsWith("../../src/action/")))
      .map((name) => `./helpers/${name.replace(/\.ts$/, ".js")}`);
    const loaders = readdirSync(TEST)
      .filter((name) => name.endsWith(".test.ts"))
      .filter((name) =>
        loads(join(TEST, name)).some((spec) => spec.startsWith("../src/action/") || helpers.includes(spec)),
      )
      .map((name) => `test/${name}`);
    expect(loaders.sort()).toEqual([...OWN_MODULES].sort());
  });

  it("the entry files stay a few lines", () => {
    for (const entry of ["action/index.ts", "cli/index.ts", "app/server.ts"]) {
      const lines = readFileSync(join(SRC, entry), "utf8").trim().split("\n").length;
      expect({ entry, lines: lines <= 8 }).toEqual({ entry, lines: true });
    }
  });
});
