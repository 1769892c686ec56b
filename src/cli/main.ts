import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { configJsonSchema } from "../core/config/schema.js";
import { describeError, UserError } from "../core/errors.js";
import { exitCodeOf } from "../core/report/build.js";
import { outputMask } from "../core/report/mask.js";
import { type ErrorReport, EXIT, type Report } from "../core/report/types.js";
import { artifactsCommand } from "./commands/artifacts.js";
import { checklistCommand } from "./commands/checklist.js";
import { gateCommand } from "./commands/gate.js";
import { preflightCommand } from "./commands/preflight.js";
import { recordCommand } from "./commands/record.js";
import { validateCommand } from "./commands/validate.js";
import { type CommandContext, type CommonOptions, commandContext } from "./context.js";
import { type Io, maskedIo } from "./io.js";
import { renderText } from "./render-text.js";

const VERSION = "0.1.0";

function errorReport(error: unknown): ErrorReport {
  const e = error instanceof UserError ? error : undefined;
  return {
    version: 1,
    ok: false,
    error: {
      message: e ? e.message : describeError(error),
      ...(e?.file ? { file: e.file } : {}),
      ...(e?.line ? { line: e.line } : {}),
      ...(e?.path ? { path: e.path } : {}),
    },
  };
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

  const common = (command: Command) =>
    command
      .option("-C <dir>", "the repository to check", ".")
      .option("--config <path>", "the config file (default: .github/deploy-gate.yml in the repository)")
      .option("--state <path>", "the state file, relative to -C (default: .deploy-gate/state.json)")
      .option("--json", "print one JSON document on stdout; logs go to stderr")
      .option("--strict", "treat every warn as a fail");

  const withContext =
    <A extends object>(handler: (ctx: CommandContext, options: A) => Promise<void>) =>
    async (options: A & CommonOptions) => {
      wantsJson = Boolean(options.json);
      await handler(commandContext(options, io, output), options);
    };

  const printReport = (ctx: CommandContext, report: Report, command: string) => {
    if (ctx.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    else io.stdout(renderText(report, io.isTTY, command));
    exitCode = exitCodeOf(report);
  };

  const envOption = () =>
    new Option("--env <name>", "the environment being deployed").makeOptionMandatory().argParser((name: string) => {
      // `--env --json` would otherwise take "--json" as the environment's name.
      if (name.startsWith("-")) throw new InvalidArgumentError(`"${name}" is an option, not an environment name`);
      return name;
    });

  const program = new Command("deploy-gate")
    .description("Stops bad deploys before they ship: skipped rebuilds, untested targets, skipped manual checks.")
    .version(VERSION)
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  const reportCommand = (
    name: string,
    description: string,
    run: (ctx: CommandContext, o: { env: string }) => Promise<Report>,
  ) =>
    common(program.command(name).description(description).addOption(envOption()).exitOverride()).action(
      withContext<{ env: string }>(async (ctx, options) => printReport(ctx, await run(ctx, options), name)),
    );

  reportCommand("gate", "run every stage configured for the environment, one combined report", gateCommand);
  reportCommand("artifacts", "compare the artifacts against the last deploy to the environment", artifactsCommand);
  reportCommand("record", "record what was just deployed to the environment (the next baseline)", recordCommand);
  reportCommand("preflight", "run the preflight checks against the environment", preflightCommand);

  common(
    program
      .command("checklist")
      .description("print the checklist this change needs, as the bot would post it")
      .requiredOption("--base <ref>", "the base of the change (e.g. main)")
      .requiredOption("--head <ref>", "the head of the change (e.g. HEAD)")
      .exitOverride(),
  ).action(
    withContext<{ base: string; head: string }>(async (ctx, options) => {
      const out = await checklistCommand(ctx, options);
      io.stdout(ctx.json ? `${JSON.stringify(out.json, null, 2)}\n` : out.text);
      exitCode = EXIT.pass;
    }),
  );

  common(program.command("validate").description("check the config only (exit 0 or 2)").exitOverride()).action(
    withContext(async (ctx) => {
      const out = await validateCommand(ctx);
      io.stdout(ctx.json ? `${JSON.stringify(out.json, null, 2)}\n` : out.text);
      exitCode = EXIT.pass;
    }),
  );

  program
    .command("schema")
    .description("print the config's JSON Schema")
    .exitOverride()
    .action(() => {
      io.stdout(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
      exitCode = EXIT.pass;
    });

  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors were already printed by commander.
      if (error.exitCode === 0) return EXIT.pass;
      if (wantsJson)
        io.stdout(`${JSON.stringify(errorReport(new UserError(error.message.replace(/^error: /, ""))))}\n`);
      return EXIT.error;
    }
    const code = error instanceof UserError ? error.exitCode : EXIT.error;
    io.stderr(`deploy-gate: ${describeError(error)}\n`);
    if (wantsJson) io.stdout(`${JSON.stringify(errorReport(error), null, 2)}\n`);
    return code;
  }
}
