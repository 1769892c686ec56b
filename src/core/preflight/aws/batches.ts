import type { AwsResource } from "./resources.js";
import { parameterName } from "./resources.js";
import type { AwsRegion, Found, Service } from "./sdk.js";

/** One API call's worth of resources: the call, the IAM action it needs, and how it names each one. */
export interface Batch {
  service: Service;
  /** The IAM action the call needs, as a policy names it. */
  action: string;
  region?: string;
  resources: AwsResource[];
  /** What the call found, by `key`. */
  lookup(aws: AwsRegion): Promise<Map<string, Found>>;
  key(resource: AwsResource): string;
}

/** Values per EC2 filter and per SSM ParameterStringFilter, as the APIs cap them. */
export const EC2_FILTER_VALUES = 200;
export const SSM_FILTER_VALUES = 50;

const chunks = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

const byId = (r: AwsResource) => r.id;

/** A batched call for every group of resources, each group split where the API caps its values. */
function batched(
  resources: AwsResource[],
  size: number,
  make: (group: AwsResource[]) => Omit<Batch, "resources" | "region">,
): Batch[] {
  const groups = new Map<string, AwsResource[]>();
  for (const r of resources) {
    const group = `${r.region ?? ""}\0${r.vpc ?? ""}`;
    groups.set(group, [...(groups.get(group) ?? []), r]);
  }
  return [...groups.values()].flatMap((group) =>
    chunks(group, size).map((slice) => ({ ...make(slice), resources: slice, region: slice[0].region })),
  );
}

/**
 * The calls that prove every resource: one DescribeImages, DescribeSubnets and DescribeVpcs for all
 * ids of a kind, one DescribeSecurityGroups for the ids and one per VPC for names,
 * DescribeParameters per 50 names, and DescribeSecret per secret (it has no batch form).
 */
export function planBatches(resources: AwsResource[]): Batch[] {
  const of = (kind: AwsResource["kind"]) => resources.filter((r) => r.kind === kind);
  const groups = of("security-group");
  return [
    ...batched(of("ec2-image"), EC2_FILTER_VALUES, (g) => ({
      service: "ec2",
      action: "ec2:DescribeImages",
      key: byId,
      lookup: (aws) => aws.images(g.map(byId)),
    })),
    ...batched(
      groups.filter((r) => !r.vpc),
      EC2_FILTER_VALUES,
      (g) => ({
        service: "ec2",
        action: "ec2:DescribeSecurityGroups",
        key: byId,
        lookup: (aws) => aws.securityGroups({ ids: g.map(byId) }),
      }),
    ),
    ...batched(
      groups.filter((r) => r.vpc),
      EC2_FILTER_VALUES,
      (g) => ({
        service: "ec2",
        action: "ec2:DescribeSecurityGroups",
        key: byId,
        lookup: (aws) => aws.securityGroups({ names: g.map(byId), vpc: g[0].vpc as string }),
      }),
    ),
    ...batched(of("subnet"), EC2_FILTER_VALUES, (g) => ({
      service: "ec2",
      action: "ec2:DescribeSubnets",
      key: byId,
      lookup: (aws) => aws.subnets(g.map(byId)),
    })),
    ...batched(of("vpc"), EC2_FILTER_VALUES, (g) => ({
      service: "ec2",
      action: "ec2:DescribeVpcs",
      key: byId,
      lookup: (aws) => aws.vpcs(g.map(byId)),
    })),
    ...batched(of("ssm-parameter"), SSM_FILTER_VALUES, (g) => ({
      service: "ssm",
      action: "ssm:DescribeParameters",
      key: (r) => parameterName(r.id),
      lookup: (aws) => aws.parameters([...new Set(g.map((r) => parameterName(r.id)))]),
    })),
    ...of("secret").map((r) => ({
      service: "secretsmanager" as const,
      action: "secretsmanager:DescribeSecret",
      region: r.region,
      resources: [r],
      key: byId,
      lookup: async (aws: AwsRegion) => {
        const found = await aws.secret(r.id);
        return new Map(found ? [[r.id, found]] : []);
      },
    })),
  ];
}
