import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configWith, runPreflight } from "./helpers/preflight.js";

const CANARY = "canary-5ecret-value-93f1";

describe("preflight command", () => {
  it("run: goes to sh -c with the variables exported and not interpolated; argv: runs without a shell", async () => {
    const { results } = await runPreflight(
      configWith(`  - { id: shell, type: command, run: 'test "$AMI_ID" = ami-0abc1234 && echo "0 pending \${AMI_ID}"', expect: { stdout_contains: "0 pending ami-0abc1234" } }
  - { id: noshell, type: command, argv: [echo, "$AMI_ID", "\${AMI_ID}"], expect: { stdout_contains: "$AMI_ID ami-0abc1234" } }
  - { id: exit3, type: command, run: "exit 3", expect: { exit: 3 } }
`),
      { "prod.env": "AMI_ID=ami-0abc1234\n" },
    );
    expect(results.map((r) => [r.id, r.verdict])).toEqual([
      ["shell", "passed"],
      ["noshell", "passed"],
      ["exit3", "passed"],
    ]);
  });

  it("outage 2: the AMI does not exist in the target -> command-failed, with the command's own words", async () => {
    const { results } = await runPreflight(
      configWith(`  - { id: ami-exists, type: command, argv: [./bin/aws, ec2, describe-images, --image-ids, "\${AMI_ID}"] }
  - { id: quiet, type: command, run: "echo hello", expect: { stdout_contains: "0 pending" } }
`),
      {
        "prod.env": "AMI_ID=ami-staging01\n",
        "bin/aws*": `#!/bin/sh\necho "An error occurred (InvalidAMIID.NotFound): The image id '[$4]' does not exist" >&2\nexit 254\n`,
      },
    );
    expect(results.map((r) => [r.id, r.verdict])).toEqual([
      ["ami-exists", "command-failed"],
      ["quiet", "command-failed"],
    ]);
    expect(results[0].message).toContain("exited 254, expected 0");
    expect(results[0].message).toContain("InvalidAMIID.NotFound");
    expect(results[0].message).toContain("[ami-staging01]");
    expect(results[1].message).toContain('did not print "0 pending"');
  });

  it("a command that cannot start fails with a clear message, never passes", async () => {
    const { results } = await runPreflight(
      configWith("  - { id: nope, type: command, argv: [definitely-not-a-command-xyz] }\n"),
      { "prod.env": "" },
    );
    expect(results[0]).toMatchObject({ verdict: "command-failed", status: "fail" });
    expect(results[0].message).toContain("was not found");
  });

  it("past its timeout it is a timeout, and the whole process group is killed", async () => {
    const { results, repo } = await runPreflight(
      configWith(
        `  - { id: hung, type: command, run: "(sleep 1; touch child-survived) & sleep 30", timeout: 300ms }\n`,
      ),
      { "prod.env": "" },
    );
    expect(results[0]).toMatchObject({ id: "hung", verdict: "timeout", status: "fail" });
    await new Promise((r) => setTimeout(r, 1500));
    expect(existsSync(join(repo, "child-survived"))).toBe(false);
  });

  it("command output in messages is short, on one line, and masked where it leaves", async () => {
    const { results, mask } = await runPreflight(
      configWith(
        `  - { id: leak, type: command, run: 'printf "line1\\n%s\\n" "$API_KEY"; seq 1 500; echo "key=$API_KEY" >&2; exit 1' }\n`,
      ),
      { "prod.env": `API_KEY=${CANARY}\n` },
    );
    expect(results[0].verdict).toBe("command-failed");
    expect(results[0].message).not.toContain("\n");
    expect(results[0].message.length).toBeLessThan(400);
    expect(mask(results[0].message)).toContain("key=***");
    expect(mask(JSON.stringify(results))).not.toContain(CANARY);
  });
});
