import { appUnderTest, tickAll, unthrottled } from "../../app-under-test.js";
import { FakeGitHub } from "../../fake-github.js";
import type { Scene } from "../scene.js";

const CHECK = "deploy-gate/checklist";
const HEAD = "5c0ffee".padEnd(40, "0");
const config = `version: 1
checklist:
  tickers: { permission: write, allow_author: false }
  items:
    - { id: api-key, text: "Ran \`rack params set\` in staging; the API key still works", paths: ["deploy/**"] }
    - { id: rollback, text: "Rolled back in the lab environment and forward again" }
`;

// Manual checks of the critical paths were skipped: nothing kept the merge waiting for them. The
// real app runs here against a stand-in for GitHub: the PR's author ticks every box (refused, with
// the reason), then a reviewer who may tick does.
export const skippedManualChecks: Scene = {
  incident: 7,
  title: "manual checks of critical paths skipped",
  stage: "checklist",
  verdict: "unticked",
  id: CHECK,
  play: async () => {
    const github = new FakeGitHub("acme", "web");
    try {
      const app = await appUnderTest(github, unthrottled(await github.listen()));
      github.files.set(".github/deploy-gate.yml", config);
      github.permissions.set("mona", "write");
      github.permissions.set("hubot", "maintain");
      await app.open({
        number: 7,
        head: HEAD,
        base: "main",
        author: "mona",
        labels: [],
        body: "Rotates the API key.",
        files: [{ filename: "deploy/production.env", sha: "1".repeat(40), status: "modified" }],
      });
      // The author ticks every box: allow_author is false, so the app undoes it and says why.
      await app.edit(7, "mona", tickAll);
      const refused = github.latestCheck(HEAD, CHECK);
      const why = [...github.comments.values()][0]?.body.match(/^> (.*)$/m)?.[1] ?? "";
      // A reviewer with `maintain` ticks them: now it counts.
      await app.edit(7, "hubot", tickAll);
      const passed = github.latestCheck(HEAD, CHECK);
      return {
        caught:
          refused && refused.conclusion !== "success"
            ? {
                id: CHECK,
                status: "fail",
                verdict: "unticked",
                message: `${refused.output?.title}, merge blocked${why ? `; ${why.replace(/`|\*\*/g, "")}` : ""}`,
              }
            : undefined,
        faultyExit: refused?.conclusion === "success" ? 0 : 1,
        fixedExit: passed?.conclusion === "success" ? 0 : 1,
        fixedProblem: passed ? `${passed.conclusion}: ${passed.output?.title}` : "the app set no check run",
      };
    } finally {
      await github.close();
    }
  },
};
