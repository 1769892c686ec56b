import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Scene } from "../scene.js";
import { replay } from "../scene.js";

/** The derivation's source: `keep` lists what the filter lets through (the bug: not internal/). */
const defaultNix = (keep: string[]) => `let
  root = toString ./.;
  rel = path: builtins.substring (builtins.stringLength root + 1) (-1) (toString path);
  under = dir: path: rel path == dir || builtins.substring 0 (builtins.stringLength dir + 1) (rel path) == "\${dir}/";
in {
  goinstance = derivation {
    name = "goinstance";
    system = builtins.currentSystem;
    builder = "/bin/sh";
    args = [ "-c" "echo built > $out" ];
    src = builtins.path {
      path = ./.;
      name = "goinstance-src";
      filter = path: type: rel path == "go.mod" || ${keep.map((dir) => `under "${dir}" path`).join(" || ")};
    };
  };
}
`;

// GoInstance again, before the build this time: Nix's source filter never let internal/ into the
// derivation, so the fix in internal/ left the drvPath as it was and Nix would have "built" the old
// binary. predict asks Nix first and refuses; scene 1 proves the same incident after the build.
export const goinstanceForetold: Scene = {
  incident: 9,
  title: "the same skipped rebuild, foretold by Nix before the build",
  stage: "predict",
  verdict: "predicted-skip",
  id: "goinstance",
  play: async (kit) => {
    if (!kit.has("nix-instantiate")) {
      return { faultyExit: 0, fixedExit: 0, notRun: "needs nix" };
    }
    // Nix writes nothing outside the demo: its store and settings live in a scratch folder.
    const nix = kit.scratch();
    const registry = join(nix, "registry.json");
    writeFileSync(registry, '{"flakes":[],"version":2}\n');
    return replay(kit, goinstanceForetold, {
      command: "predict",
      record: true,
      env: {
        HOME: nix,
        NIX_CONFIG: `store = ${join(nix, "store")}\nbuild-users-group =\nflake-registry = ${registry}\nsubstituters =\n`,
      },
      files: {
        ".gitignore": ".deploy-gate/\nresult\n",
        ".github/deploy-gate.yml": `version: 1
environments:
  production: {}
artifacts:
  - name: goinstance
    path: result/bin/goinstance
    inputs: [cmd/goinstance/**, internal/**, go.mod]
    predict: { nix: { file: default.nix, attr: goinstance } }
`,
        "default.nix": defaultNix(["cmd"]),
        "go.mod": "module example.com/goinstance\n\ngo 1.22\n",
        "cmd/goinstance/main.go":
          'package main\n\nimport "example.com/goinstance/internal/pool"\n\nfunc main() { pool.Run() }\n',
        "internal/pool/pool.go": 'package pool\n\nfunc Run() { println("v1") }\n',
        "result/bin/goinstance": "ELF goinstance built from v1\n",
      },
      fault: { "internal/pool/pool.go": 'package pool\n\nfunc Run() { println("v2: the fix") }\n' },
      fix: { "default.nix": defaultNix(["cmd", "internal"]) },
    });
  },
};
