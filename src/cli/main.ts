import { Command, CommanderError, Option } from "commander";
import { configJsonSchema } from "../core/config/schema.js";
import { describeError, type Problem, UserError } from "../core/errors.js";
import { exitCodeOf } from "../core/report/build.js";
import { outputMask } from "../core/report/mask.js";
import { type ErrorReport, EXIT, type Report } from "../core/report/types.js";
import type { StageId } from "../core/stages/registry.js";
import { runStage } from "../core/stages/run-stage.js";
import type { ProtectionOptions } from "./commands/protection.js";
import { validateCommand } from "./commands/validate.js";
import { type CommandContext, type CommandOutput, type CommonOptions, commandContext } from "./context.js";
import { cliHost } from "./host.js";
import { type Io, maskedIo } from "./io.js";
import {
  helpAfter,
  PREVIEW_EXIT_CODES,
  PROTECTION_EXIT_CODES,
  RECORD_EXIT_CODES,
  requiredValue,
  type SharedOption,
  VALIDATE_EXIT_CODES,
  VERIFY_EXIT_CODES,
  withShared,
} from "./options.js";
import { renderText } from "./render-text.js";
import { packageVersion } from "./version.js";

const problemJson = (p: Problem) => ({
  message: p.message,
  ...(p.file ? { file: p.file } : {}),
  ...(p.line ? { line: p.line } : {}),
  ...(p.path ? { path: p.path } : {}),
});

/** The one way the CLI prints JSON: indented, one document, a newline after it. */
const jsonText = (document: unknown) => `${JSON.stringify(document, null, 2)}\n`;

/** A stage's report: the document itself, its rendering for a terminal, exit 0 or 1. */
const reportOutput = (report: Report, colour: boolean, command: string): CommandOutput => ({
  document: report,
  text: renderText(report, colour, command),
  exitCode: exitCodeOf(report),
});

/** `error` is the first problem (what scripts read today); `errors` lists every one. */
function errorReport(error: unknown): ErrorReport {
  const problems = error instanceof UserError ? error.problems : [{ message: describeError(error) }];
  return { version: 1, ok: false, error: problemJson(problems[0]), errors: problems.map(problemJson) };
}

/**
 * Runs the CLI in-process and returns the exit code. Every throw, of any type, ends as one line on
 * stderr (and the error document on stdout with --json), never as a stack trace.
 */
export async function main(argv: string[], processIo: Io): Promise<number> {
  const output = outputMask();
  const io = maskedIo(processIo, output);
  let exitCode: number = EXIT.error;
  let wantsJson = argv.includes("--json");

  /** Every command's output leaves here: the document with --json, the text without. */
  const emit = (out: CommandOutput, json: boolean) => {
    io.stdout(json ? jsonText(out.document) : out.text);
    exitCode = out.exitCode;
  };

  const withContext =
    <A extends object>(handler: (ctx: CommandContext, options: A) => Promise<CommandOutput>) =>
    async (options: A & CommonOptions) => {
      wantsJson = Boolean(options.json);
      const ctx = await commandContext(options, io, output);
      emit(await handler(ctx, options), ctx.json);
    };

  const program = new Command("deploy-gate")
    .description("Stops bad deploys before they ship: skipped rebuilds, untested targets, skipped manual checks.")
    .version(packageVersion())
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .addHelpText("after", helpAfter(["deploy-gate gate --env production", "deploy-gate validate"]));

  /** Required options first, then the shared ones the command uses; an example and the exit codes after. */
  const command = (
    name: string,
    description: string,
    help: { examples: string[]; exitCodes?: string },
    required: Option[],
    shared: SharedOption[],
  ) => {
    const made = program.command(name).description(description);
    for (const option of required) made.addOption(option);
    return withShared(made, ...shared)
      .addHelpText("after", helpAfter(help.examples, help.exitCodes))
      .exitOverride();
  };

  /** A core stage (core/stages/registry.ts) as `deploy-gate NAME --env E`. */
  const reportCommand = (name: StageId, description: string, shared: SharedOption[], exitCodes?: string) =>
    command(
      name,
      description,
      { examples: [`deploy-gate ${name} --env production`], exitCodes },
      [requiredValue("--env <name>", "the environment being deployed", "an environment name")],
      shared,
    ).action(
      withContext<{ env: string }>(async (ctx, options) =>
        reportOutput(await runStage(name, options.env, cliHost(ctx, name)), io.isTTY, name),
      ),
    );

  const everything: SharedOption[] = ["C", "config", "state", "json", "strict"];
  reportCommand("gate", "run every stage configured for the environment, one combined report", everything);
  reportCommand("artifacts", "compare the artifacts against the last deploy to the environment", everything);
  reportCommand("predict", "before the build: ask each artifact's build system whether it will rebuild", everything);
  reportCommand(
    "record",
    "record what was just deployed to the environment (the next baseline)",
    ["C", "config", "state", "json"],
    RECORD_EXIT_CODES,
  );
  reportCommand("preflight", "run the preflight checks against the environment", ["C", "config", "json", "strict"]);
  reportCommand(
    "verify",
    "after a deploy: wait until every host serves the new version",
    ["C", "config", "json", "strict"],
    VERIFY_EXIT_CODES,
  );

  command(
    "checklist",
    "print the checklist this change needs, as the bot would post it",
    {
      examples: [
        "deploy-gate checklist --base main --head HEAD",
        "GITHUB_TOKEN=... deploy-gate checklist --audit --pr 42",
      ],
      exitCodes: PREVIEW_EXIT_CODES,
    },
    // A ref that looks like an option is refused by the command itself, naming the flag.
    [
      new Option("--base <ref>", "the base of the change, e.g. main (required), unless --audit"),
      new Option("--head <ref>", "the head of the change, e.g. HEAD (required), unless --audit"),
      new Option("--audit", "print a PR's audit trail from GitHub instead (with --pr; a token in GITHUB_TOKEN)"),
      new Option("--pr <number>", "the pull request whose audit trail --audit prints"),
      new Option("--repo <owner/name>", "the repository of --pr (default: the origin remote's)"),
    ],
    ["C", "config", "json"],
  ).action(
    withContext<{ base?: string; head?: string; audit?: boolean; pr?: string; repo?: string }>(async (ctx, options) => {
      if (options.audit) {
        const { checklistAuditCommand } = await import("./commands/checklist-audit.js");
        return checklistAuditCommand(ctx, options);
      }
      if (options.base === undefined || options.head === undefined) {
        throw new UserError("checklist needs --base and --head (or --audit --pr N for a PR's audit trail)");
      }
      const { checklistCommand } = await import("./commands/checklist.js");
      return checklistCommand(ctx, { base: options.base, head: options.head });
    }),
  );

  command(
    "protection",
    "explain what the deployment protection rule would decide for a commit's deploy, and why",
    {
      examples: [
        "GITHUB_TOKEN=... deploy-gate protection --env production --sha $(git rev-parse HEAD) --repo octo/web",
      ],
      exitCodes: PROTECTION_EXIT_CODES,
    },
    [
      requiredValue("--env <name>", "the GitHub environment the deploy targets", "an environment name"),
      requiredValue("--sha <commit>", "the full commit id being deployed", "a commit id"),
      new Option("--repo <owner/name>", "the repository (default: GITHUB_REPOSITORY)"),
      new Option("--run <id>", "the workflow run to explain (default: the run of the commit waiting on --env)"),
      new Option(
        "--app-id <id>",
        "the deploy-gate app's id, whose check runs prove the checklist (default: DEPLOY_GATE_APP_ID)",
      ),
    ],
    ["C", "config", "json"],
  ).action(
    withContext<ProtectionOptions>(async (ctx, options) =>
      (await import("./commands/protection.js")).protectionCommand(ctx, options),
    ),
  );

  command(
    "validate",
    "check the config only",
    { examples: ["deploy-gate validate", "deploy-gate validate --config ci/gate.yml"], exitCodes: VALIDATE_EXIT_CODES },
    [],
    ["C", "config", "json"],
  ).action(withContext(validateCommand));

  program
    .command("schema")
    .description("print the config's JSON Schema")
    .addHelpText("after", helpAfter(["deploy-gate schema > deploy-gate.schema.json"], "\nExit code: 0."))
    .exitOverride()
    .action(() => {
      const schema = configJsonSchema();
      emit({ document: schema, text: jsonText(schema), exitCode: EXIT.pass }, true);
    });

  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors were already printed by commander.
      if (error.exitCode === 0) return EXIT.pass;
      if (wantsJson) io.stdout(jsonText(errorReport(new UserError(error.message.replace(/^error: /, "")))));
      return EXIT.error;
    }
    const code = error instanceof UserError ? error.exitCode : EXIT.error;
    io.stderr(`${describeError(error).replace(/^/gm, "deploy-gate: ")}\n`);
    if (wantsJson) io.stdout(jsonText(errorReport(error)));
    return code;
  }
}
