import { AWS_KINDS, type CheckConfig } from "../../config/schema.js";
import { interpolate, referencedNames } from "../../environment/interpolate.js";
import type { Environment } from "../../environment/load.js";

type AwsCheck = Extract<CheckConfig, { type: "aws" }>;
type Entry = NonNullable<AwsCheck["exists"]>[number];

/** `exists` names five kinds; `discover` also finds VPC ids (the IAM policy has ec2:DescribeVpcs for them). */
export type AwsKind = (typeof AWS_KINDS)[number] | "vpc";

/** One resource to prove, with where its value came from. */
export interface AwsResource {
  kind: AwsKind;
  /** As written or found: an id, a name or an ARN. */
  id: string;
  /** A security group given by name: the VPC it must be in. */
  vpc?: string;
  /** The region an ARN names; the check's region otherwise. */
  region?: string;
  /** The variables that hold it (none when the config writes it literally). */
  from: string[];
}

/** An `exists` entry that names a variable the environment lacks. */
export interface Unresolved {
  kind: AwsKind;
  written: string;
  missing: string[];
}

const HEX_ID = "[0-9a-f]{8}(?:[0-9a-f]{9})?";
const ARN = (service: string, rest: string) =>
  new RegExp(`^arn:aws(?:-[a-z]+)*:${service}:([a-z]{2}(?:-[a-z]+)+-\\d):\\d{12}:${rest}$`);
const SSM_ARN = ARN("ssm", "parameter/(.+)");
const SECRET_ARN = ARN("secretsmanager", "secret:.+");

/** What a value must look like for `discover` to take it as a resource of that kind. */
const LOOKS_LIKE: [AwsKind, RegExp][] = [
  ["ec2-image", new RegExp(`^ami-${HEX_ID}$`)],
  ["security-group", new RegExp(`^sg-${HEX_ID}$`)],
  ["subnet", new RegExp(`^subnet-${HEX_ID}$`)],
  ["vpc", new RegExp(`^vpc-${HEX_ID}$`)],
  ["ssm-parameter", SSM_ARN],
  ["secret", SECRET_ARN],
];

/** The kind of an AWS-looking value, or undefined. */
export const kindOf = (value: string): AwsKind | undefined => LOOKS_LIKE.find(([, re]) => re.test(value))?.[0];

/**
 * The values a variable holds that look like AWS ids: the whole value, or every item of a list
 * (`sg-1,sg-2`, as security-group lists are often passed). A list with one item that is not an id
 * is no list of ids.
 */
export function awsValues(value: string): { kind: AwsKind; id: string }[] {
  const items = value.trim().split(/\s*,\s*|\s+/);
  const kinds = items.map(kindOf);
  return items.length && kinds.every(Boolean) ? items.map((id, i) => ({ kind: kinds[i] as AwsKind, id })) : [];
}

/** The region an SSM or Secrets Manager ARN names. */
const arnRegion = (kind: AwsKind, id: string) =>
  (kind === "ssm-parameter" ? SSM_ARN : kind === "secret" ? SECRET_ARN : undefined)?.exec(id)?.[1];

/**
 * The name DescribeParameters filters on: an ARN's `parameter/app/key` is the parameter `/app/key`
 * (a name with a slash starts with one), `parameter/key` is `key`.
 */
export function parameterName(id: string): string {
  const path = SSM_ARN.exec(id)?.[2];
  if (path === undefined) return id;
  return path.includes("/") ? `/${path}` : path;
}

/** The result id of a resource: `<check>:<kind>:<id>`, a named group as `<vpc>/<name>`. */
export const resourceId = (check: string, r: Pick<AwsResource, "kind" | "id" | "vpc">) =>
  `${check}:${r.kind}:${r.vpc ? `${r.vpc}/` : ""}${r.id}`;

/**
 * The resources a check proves: its `exists` entries (interpolated here, so each knows the
 * variable it came from) and, with `discover`, every variable holding AWS-looking values. The same
 * resource named twice is checked once, naming every variable that holds it.
 */
export function plannedResources(
  check: AwsCheck,
  environment: Environment,
): { resources: AwsResource[]; unresolved: Unresolved[] } {
  const byKey = new Map<string, AwsResource>();
  const unresolved: Unresolved[] = [];
  const add = (r: Omit<AwsResource, "region">) => {
    const key = resourceId("", r);
    const known = byKey.get(key);
    if (known) {
      for (const name of r.from) if (!known.from.includes(name)) known.from.push(name);
      return;
    }
    const region = arnRegion(r.kind, r.id);
    byKey.set(key, { ...r, ...(region ? { region } : {}) });
  };
  for (const entry of check.exists ?? []) {
    const kind = AWS_KINDS.find((k) => (entry as Entry)[k] !== undefined) as (typeof AWS_KINDS)[number];
    const written = entry[kind] as string;
    const value = interpolate(written, environment.values);
    const vpc = entry.vpc === undefined ? undefined : interpolate(entry.vpc, environment.values);
    const missing = [...value.missing, ...(vpc?.missing ?? [])];
    if (missing.length) {
      unresolved.push({ kind, written, missing });
      continue;
    }
    const from = referencedNames(written);
    const id = value.text.trim();
    // An sg- id needs no VPC: the id is unique in the account.
    add({
      kind,
      id,
      from,
      ...(kind === "security-group" && vpc && !id.startsWith("sg-") ? { vpc: vpc.text.trim() } : {}),
    });
  }
  if (check.discover) {
    for (const [name, value] of Object.entries(environment.values)) {
      for (const found of awsValues(value)) add({ ...found, from: [name] });
    }
  }
  return { resources: [...byKey.values()], unresolved };
}
