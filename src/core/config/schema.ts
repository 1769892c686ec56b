import picomatch from "picomatch";
import { z } from "zod";
import { DURATION_PATTERN } from "./duration.js";

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
      picomatch.makeRe(pattern, { strictBrackets: true });
    } catch (error) {
      ctx.addIssue({ code: "custom", message: `bad glob "${pattern}": ${(error as Error).message}` });
    }
  })
  .describe("A glob relative to the repository root (picomatch syntax: *, **, {a,b}, [abc]).");

const globs = z.array(glob).min(1, "list at least one glob");

const regex = z
  .string()
  .superRefine((source, ctx) => {
    try {
      new RegExp(source);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: `bad regular expression: ${(error as Error).message}` });
    }
  })
  .describe("A JavaScript regular expression, e.g. ^ami-[0-9a-f]{8,17}$.");

const duration = z
  .string()
  .regex(DURATION_PATTERN, 'write a duration as a whole number with ms, s or m, e.g. "500ms", "5s", "2m"')
  .describe("A duration: 500ms, 5s, 2m.");

const name = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "use letters, digits, '.', '_' and '-' (starting with a letter or digit)");

const environmentNames = z
  .array(z.string().min(1))
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

const environment = z.strictObject({
  variables: z.array(variableSource).optional(),
  secrets: z.array(z.string().min(1)).optional().describe("Names of variables whose values are masked everywhere."),
  identity: z
    .strictObject({
      run: z.string().min(1).describe("A shell command line that prints who or where the checks talk to."),
      equals: z.string().describe("What the command must print (trimmed)."),
      timeout: duration.optional(),
    })
    .optional()
    .describe("Proves the checks talk to THIS environment; runs first, and failing it stops the preflight."),
});

const artifact = z
  .strictObject({
    name,
    path: z.string().min(1).optional().describe("A file, or a directory (digest of its tree)."),
    image: z.string().min(1).optional().describe("An image reference; ${NAME} is interpolated."),
    resolve: z
      .boolean()
      .optional()
      .describe("Ask the registry (or an OCI layout) for the tag's digest and revision label."),
    inputs: globs.describe("The build inputs: globs over the repository."),
    environments: environmentNames.optional(),
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
  retries: z.number().int().min(0).max(10).optional(),
};

const portNumber = z.union([z.number().int().min(1).max(65535), z.string().min(1)]);

export const CHECK_TYPES = ["env", "http", "tcp", "dns", "command", "k8s-refs", "images-pinned"] as const;

const envCheck = z.strictObject({
  ...checkBase,
  type: z.literal("env"),
  required: z.array(z.string().min(1)).optional(),
  parity_with: z.string().min(1).optional().describe("Fail for every key that environment has and this one lacks."),
  patterns: z.record(z.string(), regex).optional(),
  placeholders: z.boolean().optional().describe("Look for placeholder values (default true)."),
});

const httpCheck = z
  .strictObject({
    ...checkBase,
    type: z.literal("http"),
    url: z.string().min(1),
    method: z.enum(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]).optional(),
    headers: z.record(z.string(), z.string()).optional(),
    body: z.string().optional(),
    expect: z
      .strictObject({
        status: z.union([z.number().int(), z.array(z.number().int()).min(1)]).optional(),
        body_contains: z.string().optional(),
        json: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
      })
      .optional(),
  })
  .superRefine((value, ctx) => {
    // fetch refuses a body on GET and HEAD: say so at load time rather than fail every deploy.
    if (value.body !== undefined && (value.method ?? "GET") in { GET: 1, HEAD: 1 }) {
      ctx.addIssue({
        code: "custom",
        path: ["body"],
        message: `a ${value.method ?? "GET"} request cannot carry a body; set \`method: POST\` (or PUT, PATCH) or drop \`body\``,
      });
    }
  });

const tcpCheck = z.strictObject({ ...checkBase, type: z.literal("tcp"), host: z.string().min(1), port: portNumber });

const dnsCheck = z.strictObject({
  ...checkBase,
  type: z.literal("dns"),
  host: z.string().min(1),
  server: z
    .string()
    .min(1)
    .optional()
    .describe("A DNS server to ask (host or host:port); the system resolver when absent."),
  private: z.boolean().optional().describe("Every address must be private (RFC 1918, loopback, link-local, ULA)."),
});

const commandCheck = z
  .strictObject({
    ...checkBase,
    type: z.literal("command"),
    run: z.string().min(1).optional().describe("A shell command line (sh -c), with the variables exported."),
    argv: z.array(z.string()).min(1).optional().describe("A program and its arguments, run without a shell."),
    expect: z
      .strictObject({
        exit: z.number().int().min(0).max(255).optional(),
        stdout_contains: z.string().optional(),
      })
      .optional(),
  })
  .superRefine((value, ctx) => {
    if ((value.run === undefined) === (value.argv === undefined)) {
      ctx.addIssue({ code: "custom", message: "give exactly one of `run` or `argv`" });
    }
  });

const k8sRefsCheck = z
  .strictObject({
    ...checkBase,
    type: z.literal("k8s-refs"),
    manifests: globs,
    namespace: z.string().min(1).optional(),
    inventory: z.string().min(1).optional().describe("A file in kubectl's `get -o json` list shape."),
    kubectl: z.strictObject({ context: z.string().min(1).optional() }).optional(),
  })
  .superRefine((value, ctx) => {
    if ((value.inventory === undefined) === (value.kubectl === undefined)) {
      ctx.addIssue({ code: "custom", message: "give exactly one of `inventory` or `kubectl`" });
    }
  });

const imagesPinnedCheck = z.strictObject({
  ...checkBase,
  type: z.literal("images-pinned"),
  files: globs,
  allow: z.array(glob).optional().describe("Image references allowed unpinned (globs)."),
});

const check = z.discriminatedUnion("type", [
  envCheck,
  httpCheck,
  tcpCheck,
  dnsCheck,
  commandCheck,
  k8sRefsCheck,
  imagesPinnedCheck,
]);

export const PERMISSIONS = ["triage", "write", "maintain", "admin"] as const;

const checklistItem = z.strictObject({
  id: name,
  text: z.string().min(1).describe("Shown verbatim on its own task line."),
  paths: globs.optional().describe("Applies only when the change touches one of these paths."),
  labels: z.array(z.string().min(1)).min(1).optional().describe("Applies only when the PR has any of these labels."),
  optional: z.boolean().optional().describe("Shown, but not required for the check to pass."),
});

const checklist = z.strictObject({
  branches: z.array(glob).min(1).optional().describe("Base branches whose PRs get the checklist (all when absent)."),
  reset: z.enum(["on-push", "on-relevant-push", "never"]).default("on-push"),
  tickers: z
    .strictObject({
      permission: z.enum(PERMISSIONS).default("write"),
      allow_author: z.boolean().default(true),
    })
    .prefault({}),
  pr_body: z.boolean().default(false).describe("Also count task lists in the PR description."),
  items: z.array(checklistItem).min(1),
});

const defaults = z.strictObject({
  timeout: duration.default("10s"),
  retries: z.number().int().min(0).max(10).default(0),
  concurrency: z.number().int().min(1).max(1024).default(32),
  command_concurrency: z.number().int().min(1).max(64).default(4),
  budget: duration.default("120s"),
});

export const configSchema = z
  .strictObject({
    version: z.literal(1, { error: "version must be 1" }),
    defaults: defaults.prefault({}),
    environments: z.record(z.string().min(1), environment).optional(),
    artifacts: z.array(artifact).optional(),
    preflight: z.array(check).optional(),
    checklist: checklist.optional(),
  })
  .superRefine((config, ctx) => {
    const known = new Set(Object.keys(config.environments ?? {}));
    const unique = (entries: { id: string }[] | undefined, key: string, field: string) => {
      const seen = new Set<string>();
      entries?.forEach((entry, index) => {
        if (seen.has(entry.id)) {
          ctx.addIssue({ code: "custom", path: [key, index, field], message: `duplicate ${field} "${entry.id}"` });
        }
        seen.add(entry.id);
      });
    };
    unique(
      config.artifacts?.map((a) => ({ id: a.name })),
      "artifacts",
      "name",
    );
    unique(config.preflight, "preflight", "id");
    unique(config.checklist?.items, "checklist", "id");
    const scoped = [
      ...(config.artifacts ?? []).map((entry, index) => ({ entry, path: ["artifacts", index] })),
      ...(config.preflight ?? []).map((entry, index) => ({ entry, path: ["preflight", index] })),
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
    config.preflight?.forEach((entry, index) => {
      if (entry.type === "env" && entry.parity_with && !known.has(entry.parity_with)) {
        ctx.addIssue({
          code: "custom",
          path: ["preflight", index, "parity_with"],
          message: `environment "${entry.parity_with}" is not defined under \`environments\``,
        });
      }
    });
  });

export type Config = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
export type EnvironmentConfig = z.output<typeof environment>;
export type ArtifactConfig = z.output<typeof artifact>;
export type CheckConfig = z.output<typeof check>;
export type CheckType = CheckConfig["type"];
export type ChecklistConfig = z.output<typeof checklist>;
export type ChecklistItemConfig = z.output<typeof checklistItem>;
export type Defaults = z.output<typeof defaults>;
export type Permission = (typeof PERMISSIONS)[number];

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
