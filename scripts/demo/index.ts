// `npm run demo`: each incident of the README's "What it catches" table, replayed in a scratch
// repository by the shipped CLI. A scene plants the fault, shows the gate's own message for it,
// fixes it, and shows the gate pass. The demo exits 1 when any fault is missed, any fix is refused,
// or the canary API key appears in anything the gate printed.
import { API_KEY, Kit } from "./kit.js";
import { type SceneOutcome, tally } from "./scene.js";
import { SCENES } from "./scenes/index.js";

const colour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const paint = (code: string, text: string) => (colour ? `\x1b[${code}m${text}\x1b[0m` : text);
const green = (t: string) => paint("32", t);
const red = (t: string) => paint("31", t);
const dim = (t: string) => paint("2", t);
const bold = (t: string) => paint("1", t);

async function main(): Promise<number> {
  const kit = new Kit();
  const outcomes: SceneOutcome[] = [];
  try {
    console.log(bold(`deploy-gate demo: ${SCENES.length} incidents, replayed in scratch repositories`));
    console.log(dim("  every server the gate checks runs on 127.0.0.1; nothing leaves this machine\n"));
    for (const scene of SCENES) {
      const outcome = await scene.play(kit);
      outcomes.push(outcome);
      console.log(`${bold(`${scene.incident}. ${scene.title}`)}  ${dim(`${scene.stage} · ${scene.verdict}`)}`);
      if (outcome.notRun !== undefined) {
        console.log(`   ${dim(`not run (${outcome.notRun})`)}\n`);
        continue;
      }
      console.log(
        outcome.caught
          ? `   ${green("caught")}  ${outcome.caught.id}: ${outcome.caught.message}`
          : `   ${red("MISSED")}  no ${scene.verdict} result for ${scene.id}`,
      );
      if (outcome.faultyExit !== 1) console.log(`   ${red(`the gate exited ${outcome.faultyExit}, expected 1`)}`);
      console.log(
        outcome.fixedExit === 0
          ? `   ${green("fixed")}   the gate passes (exit 0)\n`
          : `   ${red("REFUSED")} the fix still fails (exit ${outcome.fixedExit}): ${outcome.fixedProblem ?? ""}\n`,
      );
    }
  } finally {
    await kit.close();
  }
  const { caught, failed, notRun } = tally(outcomes);
  const leaked = kit.printed.some((text) => text.includes(API_KEY));
  const ok = failed === 0 && !leaked;
  const skipped = notRun ? ` (${notRun} not run: see above)` : "";
  console.log(
    ok
      ? green(
          `demo passed: ${caught}/${SCENES.length} incidents caught${skipped}, every fix passes, the API key never printed`,
        )
      : red(
          `demo FAILED: ${caught}/${SCENES.length} caught${skipped}, ${failed} scene(s) wrong${leaked ? "; the API key leaked" : ""}`,
        ),
  );
  return ok ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(red(`demo could not run: ${error instanceof Error ? error.message : String(error)}`));
    process.exitCode = 2;
  },
);
