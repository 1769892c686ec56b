import type { Scene } from "../scene.js";
import { replay } from "../scene.js";

// GoInstance: the build rebuilt the Go tool only when other parts changed too, so the fix was
// merged and "deployed" as the very same bytes.
export const skippedRebuild: Scene = {
  incident: 1,
  title: "fix merged, artifact byte-identical",
  stage: "artifacts",
  verdict: "skipped-rebuild",
  id: "goinstance",
  play: (kit) =>
    replay(kit, skippedRebuild, {
      command: "artifacts",
      record: true,
      files: {
        ".github/deploy-gate.yml": `version: 1
environments:
  production: {}
artifacts:
  - { name: goinstance, path: bin/goinstance, inputs: ["cmd/goinstance/**", go.mod] }
`,
        "go.mod": "module example.com/goinstance\n\ngo 1.22\n",
        "cmd/goinstance/main.go": 'package main\n\nfunc main() { println("v1") }\n',
        "bin/goinstance": "ELF goinstance built from v1\n",
      },
      fault: { "cmd/goinstance/main.go": 'package main\n\nfunc main() { println("v2: the fix") }\n' },
      fix: { "bin/goinstance": "ELF goinstance built from v2: the fix\n" },
    }),
};
