import { connect } from "node:net";
import type { CheckConfig } from "../../config/schema.js";
import type { Result } from "../../report/types.js";
import { type CheckContext, result } from "../types.js";

type TcpCheck = Extract<CheckConfig, { type: "tcp" }>;

export function parsePort(port: string | number): number | undefined {
  const n = typeof port === "number" ? port : /^\d+$/.test(port.trim()) ? Number(port) : Number.NaN;
  return Number.isInteger(n) && n >= 1 && n <= 65535 ? n : undefined;
}

export async function tcpCheck(check: TcpCheck, ctx: CheckContext): Promise<Result[]> {
  const port = parsePort(check.port);
  if (port === undefined) {
    return [
      result(
        check.id,
        "unreachable",
        `port is "${check.port}", not a port number (1-65535); fix the variable it comes from, or the check`,
      ),
    ];
  }
  // net.connect would take an empty host for localhost: an empty variable must not pass.
  if (!check.host.trim()) return [result(check.id, "unreachable", "the host is empty; set the variable it names")];
  const where = `${check.host}:${port}`;
  const error = await new Promise<NodeJS.ErrnoException | undefined>((resolve, reject) => {
    const socket = connect({ host: check.host, port });
    const onAbort = () => {
      socket.destroy();
      reject(ctx.signal.reason);
    };
    ctx.signal.addEventListener("abort", onAbort, { once: true });
    socket.once("connect", () => {
      ctx.signal.removeEventListener("abort", onAbort);
      socket.destroy();
      resolve(undefined);
    });
    socket.once("error", (e) => {
      ctx.signal.removeEventListener("abort", onAbort);
      socket.destroy();
      resolve(e);
    });
  });
  if (!error) return [result(check.id, "passed", `${where} accepts connections`)];
  const hint =
    error.code === "ENOTFOUND" || error.code === "EAI_AGAIN"
      ? "the host does not resolve; check its DNS (private DNS for a VPC endpoint?)"
      : "nothing accepts connections there from this runner; check the service, the security group and the firewall";
  return [result(check.id, "unreachable", `cannot connect to ${where} (${error.code ?? error.message}): ${hint}`)];
}
