/** The stages a message may tell the user to run. */
export type RunnableStage = "gate" | "artifacts" | "record" | "preflight";

/**
 * How the front end in use says "run stage X for environment Y" (a CLI command, or the action's
 * `stage:` input): core messages take the phrase from the front end and never name a command.
 */
export type HowToRun = (stage: RunnableStage, environment: string) => string;
