import { join } from "node:path";
import { build } from "esbuild";
// @ts-expect-error: a plain ES module of the build script's, without types.
import { frontEnds } from "../scripts/bundle-options.mjs";

/** The CLI built exactly as `npm run build` builds it (chunks and all), into `dir`; its path. */
export async function bundleCli(dir: string): Promise<string> {
  await build({ ...frontEnds(dir), logLevel: "error" });
  return join(dir, "cli.js");
}
