// The aws check: 100 resources of 4 kinds against moto's server on 127.0.0.1. Figures: the number
// of AWS API calls (goal: at most 1 per kind per batch the API allows), the check's time as a
// ratio of one DescribeImages round trip, and the CLI's start-up without `aws` (the SDK's chunk
// unread) as a ratio of bare node's. Nothing here asserts a time.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  DescribeImagesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  EC2Client,
} from "@aws-sdk/client-ec2";
import { DescribeParametersCommand, SSMClient } from "@aws-sdk/client-ssm";
import { clientEnv, FAKE_CREDENTIALS, motoCommand, seeder, startMoto } from "../scripts/moto-server.js";
import { parseConfig } from "../src/core/config/load.js";
import { prepareEnvironment } from "../src/core/environment/prepare.js";
import { runPreflightStage } from "../src/core/preflight/stage.js";
import { median } from "./stats.js";

const PER_KIND = 25;
const MISSING_PER_KIND = 5;
const RUNS = 7;

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
const hex = (i: number) => i.toString(16).padStart(17, "0");

export default async function bench(): Promise<void> {
  if (!motoCommand()) {
    console.log("aws: not run (needs python3 with moto)");
    return;
  }
  const moto = await startMoto();
  const saved = { ...process.env };
  const repo = mkdtempSync(join(tmpdir(), "deploy-gate-bench-aws-"));
  try {
    Object.assign(process.env, clientEnv(moto));
    const seed = await seeder(moto);
    const vpc = await seed.vpc("10.0.0.0/16");
    const present = Array.from({ length: PER_KIND - MISSING_PER_KIND }, (_, i) => i);
    const images = await Promise.all(present.map((i) => seed.image(`img-${i}`)));
    const groups = await Promise.all(present.map((i) => seed.securityGroup(`sg-name-${i}`, vpc)));
    const subnets = await Promise.all(present.map((i) => seed.subnet(vpc, `10.0.${i}.0/24`)));
    await Promise.all(present.map((i) => seed.parameter(`/bench/p${i}`)));
    const missing = Array.from({ length: MISSING_PER_KIND }, (_, i) => i + 1000);
    const entries = [
      ...[...images, ...missing.map((i) => `ami-${hex(i)}`)].map((id) => `ec2-image: ${id}`),
      ...[...groups, ...missing.map((i) => `sg-${hex(i)}`)].map((id) => `security-group: ${id}`),
      ...[...subnets, ...missing.map((i) => `subnet-${hex(i)}`)].map((id) => `subnet: ${id}`),
      ...[...present, ...missing].map((i) => `ssm-parameter: /bench/p${i}`),
    ];
    const yaml = `version: 1\nenvironments:\n  bench: {}\npreflight:\n  - id: aws\n    type: aws\n    region: us-east-1\n    exists:\n${entries.map((e) => `      - { ${e} }\n`).join("")}`;
    const loaded = parseConfig(yaml, "bench.yml");
    const { environment, loadOther } = await prepareEnvironment(loaded, "bench", { repo });
    const stage = () => runPreflightStage({ loaded, environment, repo, loadOther });

    // The peer: one DescribeImages round trip, by the same SDK, warm.
    const ec2 = new EC2Client({ region: "us-east-1", endpoint: moto.endpoint, credentials: FAKE_CREDENTIALS });
    const one = async () => {
      const start = performance.now();
      await ec2.send(new DescribeImagesCommand({ Filters: [{ Name: "image-id", Values: [images[0]] }] }));
      return performance.now() - start;
    };
    await one();
    await stage();
    const trips: number[] = [];
    for (let i = 0; i < 11; i++) trips.push(await one());

    // The limit for calls made at once: the slowest of the four batched calls made alone (SSM's
    // pages included, which moto serves 10 at a time whatever MaxResults says; AWS up to 50).
    const ssm = new SSMClient({ region: "us-east-1", endpoint: moto.endpoint, credentials: FAKE_CREDENTIALS });
    const idsOf = (kind: string) => entries.filter((e) => e.startsWith(kind)).map((e) => e.slice(e.indexOf(" ") + 1));
    const alone = async (call: () => Promise<unknown>) => {
      const runs: number[] = [];
      for (let i = 0; i < 5; i++) {
        const start = performance.now();
        await call();
        runs.push(performance.now() - start);
      }
      return median(runs);
    };
    const batches = {
      DescribeImages: await alone(() =>
        ec2.send(new DescribeImagesCommand({ Filters: [{ Name: "image-id", Values: idsOf("ec2-image") }] })),
      ),
      DescribeSecurityGroups: await alone(() =>
        ec2.send(
          new DescribeSecurityGroupsCommand({ Filters: [{ Name: "group-id", Values: idsOf("security-group") }] }),
        ),
      ),
      DescribeSubnets: await alone(() =>
        ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: "subnet-id", Values: idsOf("subnet") }] })),
      ),
      DescribeParameters: await alone(async () => {
        let NextToken: string | undefined;
        do {
          const page = await ssm.send(
            new DescribeParametersCommand({
              ParameterFilters: [{ Key: "Name", Option: "Equals", Values: idsOf("ssm-parameter") }],
              MaxResults: 50,
              NextToken,
            }),
          );
          NextToken = page.NextToken;
        } while (NextToken);
      }),
    };
    const limit = Math.max(...Object.values(batches));
    const sum = Object.values(batches).reduce((a, b) => a + b, 0);

    await moto.clearRecording();
    const first = await stage();
    const calls = await moto.requests();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      await stage();
      times.push(performance.now() - start);
    }
    const counts = new Map<string, number>();
    for (const call of calls) counts.set(call, (counts.get(call) ?? 0) + 1);
    const verdicts = new Map<string, number>();
    for (const r of first.results) verdicts.set(r.verdict, (verdicts.get(r.verdict) ?? 0) + 1);
    console.log(
      `${entries.length} resources of 4 kinds (${PER_KIND} each, ${MISSING_PER_KIND} of each missing): ${calls.length} API calls (${[...counts].map(([c, n]) => `${n} ${c}`).join(", ")}); goal <= 4 (1 per kind per batch) (${[...verdicts].map(([v, n]) => `${n} ${v}`).join(", ")})`,
    );
    const trip = median(trips);
    const check = median(times);
    console.log(
      `the check: ${fmt(check)} (median of ${RUNS}) = ${(check / trip).toFixed(2)}x one DescribeImages round trip (${fmt(trip)}, median of 11)`,
    );
    console.log(
      `  each batched call alone: ${Object.entries(batches)
        .map(([c, ms]) => `${c} ${fmt(ms)}`)
        .join(
          ", ",
        )}; the check = ${(check / limit).toFixed(2)}x the slowest (the floor for calls made at once), ${(check / sum).toFixed(2)}x their sum (moto's Python serves them mostly one at a time)`,
    );
    startup();
  } finally {
    process.env = saved;
    await moto.stop();
    rmSync(repo, { recursive: true, force: true });
  }
}

/** `dist/cli.js validate` on a config without `aws` (the SDK's chunk is never read) against bare node. */
function startup(): void {
  const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
  const config = fileURLToPath(new URL("../.ci/deploy-gate.yml", import.meta.url));
  if (!existsSync(cli)) {
    console.log("CLI start-up: not measured (run `npm run build` first)");
    return;
  }
  const time = (args: string[]) => {
    const runs: number[] = [];
    for (let i = 0; i < 21; i++) {
      const start = performance.now();
      spawnSync(process.execPath, args, { stdio: "ignore" });
      runs.push(performance.now() - start);
    }
    return median(runs);
  };
  const bare = time(["-e", "0"]);
  const validate = time([cli, "validate", "--config", config]);
  console.log(
    `CLI start-up without aws (\`validate\`, median of 21): ${fmt(validate)} = ${(validate / bare).toFixed(2)}x bare \`node -e 0\` (${fmt(bare)})`,
  );
}
