import { createSocket } from "node:dgram";
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createTcpServer, type Server, type Socket } from "node:net";
import dnsPacket from "dns-packet";
import { afterEach } from "vitest";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** Listens (on 127.0.0.1 unless told) and registers a closer that also destroys the connections still open. */
async function listenUntilTestEnds(
  server: Server,
  sockets: Set<Socket>,
  at: { host?: string; port?: number } = {},
): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(at.port ?? 0, at.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  closers.push(
    () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  );
  return (server.address() as { port: number }).port;
}

/** A real HTTP server on `host` (a loopback address), port 0 unless told; closed after the test. */
export async function httpServerAt(
  host: string,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  port = 0,
): Promise<number> {
  const sockets = new Set<Socket>();
  const server = createHttpServer(handler);
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  return listenUntilTestEnds(server, sockets, { host, port });
}

/** A real HTTP server on 127.0.0.1, closed after the test. Returns its base URL. */
export async function httpServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  return `http://127.0.0.1:${await httpServerAt("127.0.0.1", handler)}`;
}

/** A TCP listener that accepts and holds connections; `never` never answers anything. */
export async function tcpListener(): Promise<number> {
  const sockets = new Set<Socket>();
  const server: Server = createTcpServer((s) => {
    sockets.add(s);
    s.on("error", () => {});
  });
  return listenUntilTestEnds(server, sockets);
}

/** A port nothing listens on: bound, then closed. */
export async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface DnsRecords {
  [name: string]: { A?: string[]; AAAA?: string[] } | "hang";
}

/** A real DNS server over UDP on 127.0.0.1: known names answer, others get NXDOMAIN, "hang" ones nothing. */
export async function dnsServer(records: DnsRecords): Promise<string> {
  const socket = createSocket("udp4");
  socket.on("message", (message, peer) => {
    const query = dnsPacket.decode(message);
    const question = query.questions?.[0];
    if (!question) return;
    const entry = records[question.name.toLowerCase()];
    if (entry === "hang") return;
    const type = question.type as "A" | "AAAA";
    const answers = (entry?.[type] ?? []).map((data) => ({
      type,
      name: question.name,
      ttl: 60,
      class: "IN" as const,
      data,
    }));
    const reply = dnsPacket.encode({
      type: "response",
      id: query.id,
      flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | (entry ? 0 : 3), // rcode 3 = NXDOMAIN
      questions: [question],
      answers,
    });
    socket.send(reply, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  closers.push(() => new Promise((resolve) => socket.close(() => resolve())));
  return `127.0.0.1:${socket.address().port}`;
}
