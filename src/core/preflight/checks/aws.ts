import type { CheckConfig } from "../../config/schema.js";
import { undefinedIn } from "../../environment/interpolate.js";
import { describeOrigin } from "../../environment/sources.js";
import type { Result } from "../../report/types.js";
import { type Batch, planBatches } from "../aws/batches.js";
import { describeFailure, noCredentials, noRegion } from "../aws/errors.js";
import { type AwsResource, plannedResources, resourceId } from "../aws/resources.js";
import { awsRegions, configuredRegion, endpoints, SERVICE_NAME } from "../aws/session.js";
import { createPool } from "../pool.js";
import { type CheckContext, result } from "../types.js";

type AwsCheck = Extract<CheckConfig, { type: "aws" }>;

const KIND_NAME: Record<AwsResource["kind"], string> = {
  "ec2-image": "AMI",
  "security-group": "security group",
  subnet: "subnet",
  vpc: "VPC",
  "ssm-parameter": "SSM parameter",
  secret: "secret",
};

/**
 * Proves the AWS resources a deploy names exist, usable, in the target account: `exists` entries
 * and, with `discover`, every AWS-looking value. One result per resource, `<check>:<kind>:<id>`;
 * the calls are batched (see batches.ts) and run concurrently under `defaults.concurrency`.
 * Credentials come from the SDK's default chain, never from the deployed values.
 */
export async function awsCheck(check: AwsCheck, ctx: CheckContext): Promise<Result[]> {
  const env = ctx.environment;
  const { resources, unresolved } = plannedResources(check, env);
  const out: Result[] = unresolved.map((u) =>
    result(
      resourceId(check.id, { kind: u.kind, id: u.written }),
      "missing-variable",
      `the ${KIND_NAME[u.kind]} "${u.written}" uses ${undefinedIn(u.missing, env.name)}`,
    ),
  );
  // A variable's value names where it came from, so the fix can be made there.
  const origin = (r: AwsResource) => {
    const name = r.from[0];
    const sourced = name === undefined ? undefined : env.variables[name];
    return {
      said: r.from.length ? ` (from ${r.from.join(", ")}${sourced ? `, ${describeOrigin(sourced)}` : ""})` : "",
      place: sourced?.file ? { file: sourced.file, line: sourced.line } : {},
    };
  };
  const shown = (r: AwsResource) => `${KIND_NAME[r.kind]} ${r.vpc ? `"${r.id}" in ${r.vpc}` : r.id}`;
  const checkable = resources.filter((r) => {
    if (r.id && (r.kind !== "security-group" || r.vpc || r.id.startsWith("sg-"))) return true;
    const { said, place } = origin(r);
    const why = r.id
      ? `is a name, unique only within a VPC: give \`vpc:\` beside it, or use its sg- id`
      : "is empty; set the variable it comes from";
    out.push(result(resourceId(check.id, r), "missing-resource", `the ${shown(r)}${said} ${why}`, place));
    return false;
  });
  if (checkable.length === 0) {
    if (out.length === 0) {
      out.push(
        result(
          check.id,
          "missing-resource",
          `no AWS resource to check: no \`exists\` entry, and no variable of "${env.name}" looks like an AWS id; list the resources under \`exists\``,
        ),
      );
    }
    return out;
  }

  const region = configuredRegion(check.region, ctx.processEnv);
  const clients = await awsRegions({
    region,
    endpoints: endpoints(check.endpoint, ctx.processEnv),
    signal: ctx.signal,
    timeoutMs: ctx.timeoutMs,
  });
  try {
    await clients().ready();
  } catch (error) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    if (noCredentials(error)) {
      return [
        ...out,
        result(
          check.id,
          "wrong-target",
          `no AWS credentials were found (environment, web identity, profile), so no resource was checked; give the job the target account's read-only role (aws-actions/configure-aws-credentials with \`id-token: write\`)`,
        ),
      ];
    }
    if (noRegion(error)) {
      return [
        ...out,
        result(check.id, "unreachable", "no AWS region is configured; set `region:` on the check, or AWS_REGION"),
      ];
    }
    throw error;
  }

  const pool = createPool(ctx.concurrency, ctx.signal);
  const verdicts = new Map<AwsResource, Result>();
  const prove = async (batch: Batch) => {
    const where = `${SERVICE_NAME[batch.service]} in ${batch.region ?? region ?? "the SDK's region"}`;
    let found: Awaited<ReturnType<Batch["lookup"]>>;
    try {
      found = await batch.lookup(clients(batch.region));
    } catch (error) {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      const failure = describeFailure(error, batch.action, where);
      for (const r of batch.resources) {
        const { said, place } = origin(r);
        verdicts.set(
          r,
          result(resourceId(check.id, r), failure.verdict, `${shown(r)}${said}: ${failure.message}`, place),
        );
      }
      return;
    }
    for (const r of batch.resources) {
      const { said, place } = origin(r);
      const hit = found.get(batch.key(r));
      const id = resourceId(check.id, r);
      verdicts.set(
        r,
        hit === undefined
          ? result(
              id,
              "missing-resource",
              `${shown(r)}${said} does not exist in ${where} for these credentials; create it there, or fix the value`,
              place,
            )
          : hit.unavailable
            ? result(id, "resource-unavailable", `${shown(r)}${said} exists but ${hit.unavailable}`, place)
            : result(id, "passed", `${shown(r)} exists in ${where}`),
      );
    }
  };
  await Promise.all(planBatches(checkable).map((batch) => pool(() => prove(batch))));
  return [...out, ...checkable.map((r) => verdicts.get(r) as Result)];
}
