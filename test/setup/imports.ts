import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { expect } from "vitest";

/**
 * Whether the test file being set up imports `module`, itself or through the test helpers it
 * imports. Setup files ask this so that a file pays for a library's import (nock alone costs a few
 * hundred milliseconds per file) only when it uses the library.
 */
export function testFileImports(module: string): boolean {
  const seen = new Set<string>();
  const visit = (file: string): boolean => {
    if (seen.has(file) || !existsSync(file)) return false;
    seen.add(file);
    const source = readFileSync(file, "utf8");
    for (const [, spec] of source.matchAll(/\bfrom\s+"([^"]+)"/g)) {
      if (spec === module) return true;
      if (
        spec.startsWith(".") &&
        !spec.includes("/src/") &&
        visit(resolve(dirname(file), spec.replace(/\.js$/, ".ts")))
      )
        return true;
    }
    return false;
  };
  const testPath = expect.getState().testPath;
  return testPath !== undefined && visit(testPath);
}
