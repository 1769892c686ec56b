import * as z from "zod";
import { compileGlob } from "../glob-match.js";
import { compileRegex } from "../linear-regex.js";
import { parseJsonPath } from "../preflight/json-path.js";
import { DURATION_PATTERN, MAX_DURATION, MAX_DURATION_MS, parseDuration } from "./duration.js";

/**
 * The one source of the config's shape: the TypeScript types (z.output), the validation and the
 * JSON Schema (`deploy-gate schema`) all come from here.
 */

const glob = z
  .string()
  .min(1, "a glob cannot be empty")
  .superRefine((pattern, ctx) => {
    if (pattern.startsWith("/") || /^[A-Za-z]:[\\/]/.test(pattern)) {
      ctx.addIssue({ code: "custom", message: `glob "${pattern}" must be relative to the repository` });
      return;
    }
    if (pattern.split("/").includes("..")) {
      ctx.addIssue({ code: "custom", message: `glob "${pattern}" must not leave the repository ("..")` });
      return;
    }
    try {
      compileGlob(pattern);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: `bad glob "${pattern}": ${(error as Error).message}` });
    }
  })
  .describe("A glob relative to the repository root: *, ? and [abc] within a segment, ** as a whole segment, {a,b}.");

const globs = z.array(glob).min(1, "list at least one glob");

const regex = z
  .string()
  .superRefine((source, ctx) => {
    try {
      compileRegex(source);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: `bad regular expression: ${(error as Error).message}` });
    }
  })
  .describe(
    "A regular expression in RE2 syntax (linear time: no backreferences or lookaround), e.g. ^ami-[0-9a-f]{8,17}$.",
  );

const duration = z
  .string()
  .regex(DURATION_PATTERN, 'write a duration as a whole number with ms, s or m, e.g. "500ms", "5s", "2m"')
  .superRefine((text, ctx) => {
    if (!DURATION_PATTERN.test(text)) return;
    const ms = parseDuration(text);
    // Node's timers take at most 2^31-1 ms and fire at once beyond it: a huge timeout would fail every check.
    if (ms === 0) ctx.addIssue({ code: "custom", message: `"${text}" is no time at all; give a duration above zero` });
    else if (ms > MAX_DURATION_MS)
      ctx.addIssue({
        code: "custom",
        message: `"${text}" is longer than the ${MAX_DURATION} a gate may wait; give a shorter one`,
      });
  })
  .describe(`A duration above zero and at most ${MAX_DURATION}: 500ms, 5s, 2m.`);

const name = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "use letters, digits, '.', '_' and '-' (starting with a letter or digit)");

/**
 * GitHub environment names may hold spaces, so only what breaks a lookup is refused: control
 * characters, and the names a plain object already has (an environment named `__proto__` vanished).
 */
export const RESERVED_NAMES = ["__proto__", "constructor", "prototype"] as const;
export const RESERVED_MESSAGE =
  "an environment cannot be named __proto__, constructor or prototype; choose another name";
const environmentName = z
  .string()
  .min(1, "an environment name cannot be empty")
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
  .regex(/^[^\u0000-\u001f\u007f-\u009f]*$/, "an environment name cannot hold control characters (tabs, newlines)")
  .refine((value) => !(RESERVED_NAMES as readonly string[]).includes(value), {
    message: RESERVED_MESSAGE,
  })
  .describe("An environment's name: not empty, no control characters, not __proto__, constructor or prototype.");

const environmentNames = z
  .array(environmentName)
  .min(1)
  .describe("Limit this entry to these environments; it applies to every environment when absent.");

const variableSource = z
  .union([
    z.strictObject({ dotenv: z.string().min(1).describe("A dotenv file, read literally (no expansion).") }),
    z.strictObject({
      json: z
        .string()
        .min(1)
        .describe("A JSON file: a flat object, or CloudFormation's [{ParameterKey, ParameterValue}]."),
    }),
    z.strictObject({
      process: z.literal(true).describe("The process environment (the action's `variables` input also counts)."),
    }),
  ])
  .describe("One source of variables; sources merge in the order listed, later wins.");

/** What a deployment protection rule may require: deploy-gate's verdicts, by stage. */
export const PROTECTION_REQUIREMENTS = ["artifacts", "preflight", "predict", "checklist"] as const;

const refGlob = z
  .string()
  .min(1, "a ref glob cannot be empty")
  .superRefine((pattern, ctx) => {
    try {
      compileGlob(pattern);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: `bad glob "${pattern}": ${(error as Error).message}` });
    }
  })
  .describe("A glob on the ref without refs/heads/ or refs/tags/: main, release/*.");

const protection = z
  .strictObject({
    require: z
      .array(z.enum(PROTECTION_REQUIREMENTS))
      .min(1, "require at least one verdict: an approval with nothing to check proves nothing")
      .refine((list) => new Set(list).size === list.length, "list each verdict once")
      .describe("The verdicts that must be green on the deployed commit: artifacts, preflight, predict, checklist."),
    refs: z.array(refGlob).min(1).optional().describe("Deployable refs (globs); any ref when absent."),
    events: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe("Events allowed to trigger the deploy (push, workflow_dispatch, ...); any when absent."),
    wait: duration
      .optional()
      .describe("A deploy still pending this long after its run started is rejected; no limit when absent."),
  })
  .describe("The deployment protection rule the deploy-gate app applies to this GitHub environment.");

const environment = z.strictObject({
  variables: z
    .array(variableSource)
    .optional()
    .describe("Where the values being deployed come from, merged in order (later wins)."),
  secrets: z.array(z.string().min(1)).optional().describe("Names of variables whose values are masked everywhere."),
  identity: z
    .strictObject({
      run: z.string().min(1).optional().describe("A shell command line that prints who or where the checks talk to."),
      equals: z
        .string()
        .refine((value) => value.trim() !== "", "cannot be empty: an empty expectation proves nothing")
        .optional()
        .describe("What the command must print (trimmed); ${NAME} is interpolated and must not come out empty."),
      aws_account: z
        .string()
        .regex(
          /^(?:\d{12}|\$\{[A-Za-z_][A-Za-z0-9_]*\})$/,
          'give the 12-digit AWS account id, or a variable such as "${AWS_ACCOUNT_ID}"',
        )
        .optional()
        .describe("Instead of `run`: the AWS account the credentials must belong to (STS GetCallerIdentity)."),
      region: z.string().min(1).optional().describe("With `aws_account`: the STS region; AWS_REGION, else us-east-1."),
      endpoint: z
        .string()
        .min(1)
        .optional()
        .describe("With `aws_account`: an STS endpoint URL (AWS_ENDPOINT_URL_STS and AWS_ENDPOINT_URL also count)."),
      timeout: duration.optional(),
    })
    .superRefine((value, ctx) => {
      const aws = value.aws_account !== undefined;
      if (aws === (value.run !== undefined)) {
        ctx.addIssue({ code: "custom", message: "give exactly one of `run` (with `equals`) or `aws_account`" });
      } else if (!aws && value.equals === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["equals"],
          message: "`run` needs `equals`: what the command must print",
        });
      } else if (aws && value.equals !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["equals"],
          message: "`equals` goes with `run`; `aws_account` is the expectation itself",
        });
      }
      if (!aws && (value.region !== undefined || value.endpoint !== undefined)) {
        ctx.addIssue({ code: "custom", message: "`region` and `endpoint` go with `aws_account` only" });
      }
    })
    .optional()
    .describe("Proves the checks talk to THIS environment; runs first, and failing it stops the preflight."),
  protection: protection.optional(),
});

/** A repository-relative file the build tool reads (a Nix expression). */
const repoFile = z
  .string()
  .min(1)
  .refine((file) => !file.startsWith("/") && !file.split("/").includes(".."), "give a path inside the repository")
  .describe("A file relative to the repository root.");

const nixPredict = z
  .union([
    z.strictObject({
      file: repoFile.describe("The Nix expression, relative to the repository (nix-instantiate FILE -A ATTR)."),
      attr: z.string().min(1).describe("The attribute path of the derivation in that file."),
    }),
    z.strictObject({
      installable: z
        .string()
        .min(1)
        .describe('A flake installable such as ".#goinstance" (a flake sees only the files git tracks).'),
    }),
  ])
  .describe("Ask Nix for the derivation's drvPath: `{ file, attr }` or a flake `{ installable }`.");

export const PREDICT_TOOLS = ["nix", "turbo", "nx", "command"] as const;

const predict = z
  .strictObject({
    nix: nixPredict.optional(),
    turbo: z
      .strictObject({ task: z.string().min(1).describe('The task, as PACKAGE#TASK (e.g. "web#build").') })
      .optional()
      .describe("Ask `turbo run TASK --dry=json` for the task's hash and input files."),
    nx: z
      .strictObject({
        project: z.string().min(1).describe("The Nx project."),
        target: z.string().min(1).describe("Its target, e.g. build."),
      })
      .optional()
      .describe("Ask `nx show target inputs PROJECT:TARGET` for the target's resolved input files."),
    command: z
      .string()
      .min(1)
      .optional()
      .describe("A shell command line (sh -c) whose trimmed output is the build key."),
    timeout: duration.optional().describe("How long the build tool may take to answer; 60s when absent."),
  })
  .superRefine((value, ctx) => {
    const given = PREDICT_TOOLS.filter((tool) => value[tool] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({ code: "custom", message: "give exactly one of `nix`, `turbo`, `nx` or `command`" });
    }
  })
  .describe("Ask the build system, before the build, whether it will rebuild this artifact (the predict stage).");

const artifact = z
  .strictObject({
    name: name.describe("Unique name; results carry it as their id."),
    path: z.string().min(1).optional().describe("A file, or a directory (digest of its tree)."),
    image: z.string().min(1).optional().describe("An image reference; ${NAME} is interpolated."),
    resolve: z
      .boolean()
      .optional()
      .describe("Ask the registry (or an OCI layout) for the tag's digest and revision label."),
    inputs: globs.describe("The build inputs: globs over the repository."),
    environments: environmentNames.optional(),
    predict: predict.optional(),
  })
  .superRefine((value, ctx) => {
    if ((value.path === undefined) === (value.image === undefined)) {
      ctx.addIssue({ code: "custom", message: "give exactly one of `path` or `image`" });
    }
  });

const checkBase = {
  id: name.describe("Unique id of the check; results carry it."),
  environments: environmentNames.optional(),
  timeout: duration.optional().describe("Per attempt; defaults.timeout when absent."),
  retries: z
    .number()
    .int()
    .min(0)
    .max(10)
    .optional()
    .describe("Extra attempts after a failure, with backoff; defaults.retries when absent."),
};

const portNumber = z.union([
  z.number().int().min(1).max(65535),
  z.string().regex(
    // A literal must be a port; a value that comes from a variable is checked when the check runs.
    /^(?:\$\{[^}]+\}|[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$/,
    'give a port number 1-65535, or a variable such as "${DB_PORT}"',
  ),
]);

/** A check type's schema: the fields every check has, its `type`, and its own fields. */
const checkType = <T extends string, F extends z.ZodRawShape>(type: T, fields: F) =>
  z.strictObject({ ...checkBase, type: z.literal(type), ...fields });

export const CHECK_TYPES = ["env", "http", "tcp", "dns", "command", "k8s-refs", "images-pinned", "aws"] as const;

const envCheck = checkType("env", {
  required: z
    .array(z.string().min(1))
    .optional()
    .describe("Variables that must be present (each missing one is `missing-variable`)."),
  parity_with: z.string().min(1).optional().describe("Fail for every key that environment has and this one lacks."),
  patterns: z
    .record(z.string(), regex)
    .optional()
    .describe("Variable name to the regular expression its value must match."),
  placeholders: z.boolean().optional().describe("Look for placeholder values (default true)."),
});

const httpCheck = checkType("http", {
  url: z.string().min(1).describe("The URL to request; ${NAME} is interpolated."),
  method: z.enum(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]).optional().describe("GET when absent."),
  headers: z.record(z.string(), z.string()).optional().describe("Request headers; values are interpolated."),
  body: z.string().optional().describe("Request body (not with GET or HEAD)."),
  expect: z
    .strictObject({
      status: z
        .union([z.number().int(), z.array(z.number().int()).min(1)])
        .optional()
        .describe("The expected status (or any of a list); any 2xx when absent (a redirect is not health)."),
      body_contains: z.string().optional().describe("Text the response body must contain."),
      json: z
        .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
        .optional()
        .describe("JSON path ($.a.b[0]) to the value it must equal; values are interpolated."),
    })
    .optional(),
}).superRefine((value, ctx) => {
  // fetch refuses a body on GET and HEAD: say so at load time rather than fail every deploy.
  if (value.body !== undefined && (value.method ?? "GET") in { GET: 1, HEAD: 1 }) {
    ctx.addIssue({
      code: "custom",
      path: ["body"],
      message: `a ${value.method ?? "GET"} request cannot carry a body; set \`method: POST\` (or PUT, PATCH) or drop \`body\``,
    });
  }
});

const tcpCheck = checkType("tcp", {
  host: z.string().min(1).describe("The host to connect to; ${NAME} is interpolated."),
  port: portNumber.describe('A port number, or a string such as "${DB_PORT}".'),
});

const dnsCheck = checkType("dns", {
  host: z.string().min(1).describe("The name that must resolve."),
  server: z
    .string()
    .min(1)
    .optional()
    .describe("A DNS server to ask (host or host:port); the system resolver when absent."),
  private: z.boolean().optional().describe("Every address must be private (RFC 1918, loopback, link-local, ULA)."),
});

const commandCheck = checkType("command", {
  run: z.string().min(1).optional().describe("A shell command line (sh -c), with the variables exported."),
  argv: z.array(z.string()).min(1).optional().describe("A program and its arguments, run without a shell."),
  expect: z
    .strictObject({
      exit: z.number().int().min(0).max(255).optional().describe("The expected exit code (0 when absent)."),
      stdout_contains: z.string().optional().describe("Text the standard output must contain."),
    })
    .optional(),
}).superRefine((value, ctx) => {
  if ((value.run === undefined) === (value.argv === undefined)) {
    ctx.addIssue({ code: "custom", message: "give exactly one of `run` or `argv`" });
  }
});

const k8sRefsCheck = checkType("k8s-refs", {
  manifests: globs.describe("Kubernetes manifests (multi-document YAML)."),
  namespace: z.string().min(1).optional().describe("The namespace to look in; each manifest's own when absent."),
  inventory: z.string().min(1).optional().describe("A file in kubectl's `get -o json` list shape."),
  kubectl: z
    .strictObject({ context: z.string().min(1).optional() })
    .optional()
    .describe("Ask the cluster: `kubectl get secrets,configmaps -o json` in this context."),
}).superRefine((value, ctx) => {
  if ((value.inventory === undefined) === (value.kubectl === undefined)) {
    ctx.addIssue({ code: "custom", message: "give exactly one of `inventory` or `kubectl`" });
  }
});

const imagesPinnedCheck = checkType("images-pinned", {
  files: globs.describe("Kubernetes manifests, compose files and Dockerfiles to scan."),
  allow: z.array(glob).optional().describe("Image references allowed unpinned (globs)."),
});

/** The kinds an `aws` check's `exists` entry may name, each with the API call that proves it. */
export const AWS_KINDS = ["ec2-image", "security-group", "subnet", "ssm-parameter", "secret"] as const;

const awsResource = z
  .strictObject({
    "ec2-image": z.string().min(1).optional().describe("An AMI id; DescribeImages, and the image must be `available`."),
    "security-group": z.string().min(1).optional().describe("An sg- id, or a group name (then `vpc` is required)."),
    vpc: z.string().min(1).optional().describe("The VPC of a security group given by name."),
    subnet: z.string().min(1).optional().describe("A subnet id."),
    "ssm-parameter": z
      .string()
      .min(1)
      .optional()
      .describe("An SSM parameter name or ARN; DescribeParameters, its value is never read."),
    secret: z
      .string()
      .min(1)
      .optional()
      .describe("A Secrets Manager secret name or ARN; DescribeSecret, its value is never read."),
  })
  .superRefine((value, ctx) => {
    const kinds = AWS_KINDS.filter((kind) => value[kind] !== undefined);
    if (kinds.length !== 1) {
      ctx.addIssue({
        code: "custom",
        message: `name exactly one kind per entry (${AWS_KINDS.join(", ")})${kinds.length ? `, not ${kinds.join(" and ")}` : ""}`,
      });
      return;
    }
    const group = value["security-group"];
    if (value.vpc !== undefined && group === undefined) {
      ctx.addIssue({ code: "custom", path: ["vpc"], message: "`vpc` goes only beside a `security-group` name" });
    } else if (group !== undefined && value.vpc === undefined && !group.startsWith("sg-") && !group.includes("${")) {
      ctx.addIssue({
        code: "custom",
        path: ["vpc"],
        message: `security group "${group}" is a name, unique only within a VPC: give \`vpc:\` beside it`,
      });
    }
  })
  .describe("One resource that must exist in the target account: exactly one kind.");

const awsCheck = checkType("aws", {
  region: z
    .string()
    .min(1)
    .optional()
    .describe("The region to look in; the SDK's (AWS_REGION, the profile) when absent."),
  endpoint: z
    .string()
    .min(1)
    .optional()
    .describe("An endpoint URL for every service; AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> also count."),
  exists: z.array(awsResource).optional().describe("Resources that must exist; ${NAME} is interpolated."),
  discover: z
    .boolean()
    .optional()
    .describe(
      "Also check every variable whose value looks like an AWS id (ami-, sg-, subnet-, vpc-, an SSM or Secrets Manager ARN).",
    ),
}).superRefine((value, ctx) => {
  if (!value.exists?.length && !value.discover) {
    ctx.addIssue({ code: "custom", message: "list resources under `exists`, or set `discover: true`" });
  }
});

const preflightChecks = [
  envCheck,
  httpCheck,
  tcpCheck,
  dnsCheck,
  commandCheck,
  k8sRefsCheck,
  imagesPinnedCheck,
  awsCheck,
] as const;

const check = z.discriminatedUnion("type", [...preflightChecks]);

/** `{host}` in a rollout's URL: where each host goes. */
export const HOST_PLACEHOLDER = "{host}";

const rolloutCheck = checkType("rollout", {
  hosts: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe('The hosts, as host or host:port ("10.0.1.5:8080", "[fd00::5]:8080"); ${NAME} is interpolated.'),
  dns: z
    .strictObject({
      name: z.string().min(1).describe("Every A and AAAA record of this name is a host."),
      port: portNumber.optional().describe("The port each address gets in `{host}`."),
      expect_hosts: z
        .number()
        .int()
        .min(1)
        .optional()
        .describe("The least number of hosts; fewer at the deadline is `hosts-missing`."),
      server: z
        .string()
        .min(1)
        .optional()
        .describe("A DNS server to ask (host or host:port); the system resolver when absent."),
    })
    .optional()
    .describe("The hosts from DNS, asked again every `interval` (a rollout adds and removes records)."),
  command: z
    .string()
    .min(1)
    .optional()
    .describe("A shell command line that prints one host[:port] per line, run again every `interval`."),
  url: z
    .string()
    .min(1)
    .describe("The URL each host is polled at; `{host}` is the host (IPv6 in brackets), ${NAME} is interpolated."),
  host_header: z
    .string()
    .min(1)
    .optional()
    .describe("The Host header sent to every host; with https it is also the TLS server name (SNI)."),
  expect: z
    .strictObject({
      status: z
        .union([z.number().int(), z.array(z.number().int()).min(1)])
        .optional()
        .describe("The healthy status (or any of a list); any 2xx when absent. Any other is an error."),
      json: z
        .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
        .optional()
        .describe(
          "JSON path to the value a rolled-out host serves (the first path is the version shown); another value is lagging, not an error.",
        ),
    })
    .optional(),
  consecutive: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(1)
    .describe("Polls in a row that meet `expect` before a host counts as rolled out."),
  interval: duration.default("5s").describe("Time between two polls of one host (with jitter)."),
  deadline: duration.default("10m").describe("How long the rollout may take; the stage waits for the longest."),
  error_limit: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(3)
    .describe("Errors in a row (no answer, a timeout, an unexpected status) that make a host `unhealthy`."),
}).superRefine((value, ctx) => {
  const sources = [value.hosts, value.dns, value.command].filter((s) => s !== undefined).length;
  if (sources !== 1) ctx.addIssue({ code: "custom", message: "give exactly one of `hosts`, `dns` or `command`" });
  for (const path of Object.keys(value.expect?.json ?? {})) {
    try {
      parseJsonPath(path);
    } catch (error) {
      ctx.addIssue({ code: "custom", path: ["expect", "json", path], message: (error as Error).message });
    }
  }
  if (!value.url.includes(HOST_PLACEHOLDER)) {
    ctx.addIssue({
      code: "custom",
      path: ["url"],
      message: `the URL must hold ${HOST_PLACEHOLDER}, where each host goes, e.g. "http://${HOST_PLACEHOLDER}/healthz"`,
    });
  }
});

/** What `verify:` lists: the rollouts, and any preflight check as a post-deploy smoke test. */
const verifyCheck = z.discriminatedUnion("type", [...preflightChecks, rolloutCheck]);

export const PERMISSIONS = ["triage", "write", "maintain", "admin"] as const;

const checklistItem = z.strictObject({
  id: name.describe("Unique id of the item; kept in the comment's hidden state."),
  text: z.string().min(1).describe("Shown verbatim on its own task line."),
  paths: globs.optional().describe("Applies only when the change touches one of these paths."),
  labels: z.array(z.string().min(1)).min(1).optional().describe("Applies only when the PR has any of these labels."),
  optional: z.boolean().optional().describe("Shown, but not required for the check to pass."),
  waivable: z
    .boolean()
    .optional()
    .describe("`/deploy-gate waive <id> <reason>` may mark it not applicable (counts as done)."),
});

const checklist = z.strictObject({
  branches: z.array(glob).min(1).optional().describe("Base branches whose PRs get the checklist (all when absent)."),
  reset: z
    .enum(["on-push", "on-relevant-push", "never"])
    .default("on-push")
    .describe("What a new push does to ticks: clear all, clear those whose `paths` it touched, or keep them."),
  tickers: z
    .strictObject({
      permission: z.enum(PERMISSIONS).default("write").describe("The least repository role that may tick."),
      allow_author: z.boolean().default(true).describe("Whether the PR's author may tick."),
      codeowners: z
        .boolean()
        .default(false)
        .describe(
          "Items with `paths`: only an owner (CODEOWNERS on the base branch) of a changed file they match may tick or waive.",
        ),
    })
    .prefault({})
    .describe("Who may tick a box."),
  pr_body: z.boolean().default(false).describe("Also count task lists in the PR description."),
  items: z.array(checklistItem).min(1).describe("The items, in the order the comment shows them."),
  override: z
    .strictObject({
      permission: z
        .enum(PERMISSIONS)
        .default("admin")
        .describe("The least repository role that may `/deploy-gate override <reason>`."),
      notify: z
        .array(z.string().regex(/^@?[A-Za-z0-9][A-Za-z0-9-]*(?:\/[A-Za-z0-9._-]+)?$/, "a user or an org/team"))
        .min(1)
        .optional()
        .describe("Users or org/teams mentioned in the checklist comment when an override is made."),
    })
    .prefault({})
    .describe("Break-glass: who may override the checklist for the PR's current head."),
  skip_authors: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe(
      "While every commit of the PR is by one of these (bots), no checklist: the check passes, `not-required`.",
    ),
});

const defaults = z.strictObject({
  timeout: duration.default("10s").describe("Per attempt of a check."),
  retries: z.number().int().min(0).max(10).default(0).describe("Extra attempts after a failure."),
  concurrency: z.number().int().min(1).max(1024).default(64).describe("Network checks run at once."),
  command_concurrency: z.number().int().min(1).max(64).default(4).describe("`command` checks run at once."),
  budget: duration
    .default("120s")
    .describe(
      "Each stage as a whole (preflight, artifacts, predict, record); what is still running then is `timeout`.",
    ),
});

export const configSchema = z
  .strictObject({
    version: z.literal(1, { error: "version must be 1" }).describe("The config format; 1."),
    defaults: defaults.prefault({}).describe("Tune the preflight engine."),
    environments: z
      .record(environmentName, environment)
      .optional()
      .describe("The environments deployed to, by name; needed only by stages that run against one."),
    artifacts: z.array(artifact).optional().describe("What the build produces, with the inputs that must change it."),
    preflight: z.array(check).optional().describe("Checks run against the environment being deployed."),
    checklist: checklist.optional().describe("The manual checklist on pull requests."),
    verify: z
      .array(verifyCheck)
      .optional()
      .describe("Checks run after the deploy: `rollout` waits for every host to serve the new version."),
  })
  .superRefine((config, ctx) => {
    const known = new Set(Object.keys(config.environments ?? {}));
    const unique = (entries: { id: string }[] | undefined, at: PropertyKey[], field: string) => {
      const seen = new Set<string>();
      entries?.forEach((entry, index) => {
        if (seen.has(entry.id)) {
          ctx.addIssue({ code: "custom", path: [...at, index, field], message: `duplicate ${field} "${entry.id}"` });
        }
        seen.add(entry.id);
      });
    };
    unique(
      config.artifacts?.map((a) => ({ id: a.name })),
      ["artifacts"],
      "name",
    );
    unique(config.preflight, ["preflight"], "id");
    unique(config.checklist?.items, ["checklist", "items"], "id");
    unique(config.verify, ["verify"], "id");
    const checks = [
      ...(config.preflight ?? []).map((entry, index) => ({ entry, path: ["preflight", index] })),
      ...(config.verify ?? []).map((entry, index) => ({ entry, path: ["verify", index] })),
    ];
    const scoped = [
      ...(config.artifacts ?? []).map((entry, index) => ({ entry, path: ["artifacts", index] })),
      ...checks,
    ];
    for (const { entry, path } of scoped) {
      entry.environments?.forEach((env, i) => {
        if (!known.has(env)) {
          ctx.addIssue({
            code: "custom",
            path: [...path, "environments", i],
            message: `environment "${env}" is not defined under \`environments\``,
          });
        }
      });
    }
    for (const { entry, path } of checks) {
      if (entry.type === "env" && entry.parity_with && !known.has(entry.parity_with)) {
        ctx.addIssue({
          code: "custom",
          path: [...path, "parity_with"],
          message: `environment "${entry.parity_with}" is not defined under \`environments\``,
        });
      }
    }
  });

export type Config = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
export type EnvironmentConfig = z.output<typeof environment>;
export type ArtifactConfig = z.output<typeof artifact>;
export type PredictConfig = z.output<typeof predict>;
export type CheckConfig = z.output<typeof check>;
export type VerifyCheckConfig = z.output<typeof verifyCheck>;
export type RolloutConfig = z.output<typeof rolloutCheck>;
export type CheckType = CheckConfig["type"];
export type ChecklistConfig = z.output<typeof checklist>;
export type ChecklistItemConfig = z.output<typeof checklistItem>;
export type Defaults = z.output<typeof defaults>;
export type Permission = (typeof PERMISSIONS)[number];
export type ProtectionConfig = z.output<typeof protection>;
export type ProtectionRequirement = (typeof PROTECTION_REQUIREMENTS)[number];

/** The JSON Schema users point their editors at; committed as schema/deploy-gate.schema.json. */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: "input", target: "draft-2020-12", unrepresentable: "any" });
  return {
    ...schema,
    $id: "https://deploy-gate.dev/schema/deploy-gate.schema.json",
    title: "deploy-gate config (.github/deploy-gate.yml)",
    properties: {
      _extends: { type: "string", description: "Probot: inherit a config from another repository." },
      ...(schema.properties as object),
    },
  };
}
