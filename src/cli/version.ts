import { readFileSync } from "node:fs";

// The bundle has the version written in at build time (scripts/build.mjs, esbuild's `define`).
declare const __DEPLOY_GATE_VERSION__: string | undefined;

/** package.json's version: written into the bundle, read from the file when run from source. */
export function packageVersion(): string {
  if (typeof __DEPLOY_GATE_VERSION__ === "string") return __DEPLOY_GATE_VERSION__;
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}
