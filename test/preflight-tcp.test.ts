import { describe, expect, it } from "vitest";
import { configWith, runPreflight } from "./helpers/preflight.js";
import { closedPort, tcpListener } from "./helpers/servers.js";

describe("preflight tcp", () => {
  it("passes for a listener, fails unreachable for a closed port (outage 4: no security-group rule)", async () => {
    const open = await tcpListener();
    const closed = await closedPort();
    const { results } = await runPreflight(
      configWith(`  - { id: open, type: tcp, host: "\${HOST}", port: "\${PORT}" }
  - { id: closed, type: tcp, host: 127.0.0.1, port: ${closed} }
  - { id: badport, type: tcp, host: 127.0.0.1, port: "\${BADPORT}" }
  - { id: empty, type: tcp, host: "\${EMPTY}", port: "\${PORT}" }
`),
      { "prod.env": `HOST=127.0.0.1\nPORT=${open}\nEMPTY=\nBADPORT=https\n` },
    );
    expect(results.map((r) => [r.id, r.verdict])).toEqual([
      ["open", "passed"],
      ["closed", "unreachable"],
      ["badport", "unreachable"],
      ["empty", "unreachable"],
    ]);
    expect(results[0].message).toBe(`127.0.0.1:${open} accepts connections`);
    expect(results[1].message).toContain("ECONNREFUSED");
    expect(results[1].message).toContain("security group");
    expect(results[2].message).toContain('port is "https", not a port number (1-65535)');
  });
});
