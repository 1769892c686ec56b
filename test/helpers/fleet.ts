import type { IncomingHttpHeaders } from "node:http";
import { httpServerAt } from "./servers.js";

/** What a host answers one request: a version (as JSON), a status, or nothing at all. */
export interface Answer {
  version?: string;
  status?: number;
  hang?: true;
}

/** What a host answers its n-th request (from 0): a rollout on a schedule of polls, not of time. */
export type Schedule = (n: number) => Answer;

export const always =
  (answer: Answer): Schedule =>
  () =>
    answer;

/** `before` for the first `n` requests, then `then`: a host that is replaced after n polls. */
export const switchesAt =
  (n: number, before: Answer, then: Answer): Schedule =>
  (i) =>
    i < n ? before : then;

export interface Fleet {
  port: number;
  /** 127.0.0.2, 127.0.0.3, ... one per schedule. */
  addresses: string[];
  /** `address:port`, as a rollout's `hosts:` lists them. */
  hosts: string[];
  /** Requests each address got, with their headers. */
  requests: Map<string, IncomingHttpHeaders[]>;
}

/**
 * Real HTTP servers, one per schedule, on distinct loopback addresses (the whole 127.0.0.0/8 is
 * loopback on Linux) and one shared port, as a fleet behind a DNS name is. Closed after the test.
 */
export async function fleet(schedules: Schedule[], first = 2): Promise<Fleet> {
  for (let attempt = 0; ; attempt++) {
    const addresses = schedules.map((_, i) => `127.0.0.${first + i}`);
    const requests = new Map<string, IncomingHttpHeaders[]>(addresses.map((a) => [a, []]));
    const serve = (address: string, schedule: Schedule) => (req: any, res: any) => {
      const seen = requests.get(address)!;
      seen.push(req.headers);
      const answer = schedule(seen.length - 1);
      if (answer.hang) return;
      res.writeHead(answer.status ?? 200, { "content-type": "application/json" });
      res.end(answer.version === undefined ? "{}" : JSON.stringify({ version: answer.version }));
    };
    try {
      const port = await httpServerAt(addresses[0], serve(addresses[0], schedules[0]));
      for (let i = 1; i < schedules.length; i++)
        await httpServerAt(addresses[i], serve(addresses[i], schedules[i]), port);
      return { port, addresses, hosts: addresses.map((a) => `${a}:${port}`), requests };
    } catch (error) {
      // Another test holds that port on one of the addresses: take another port.
      if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE" || attempt >= 5) throw error;
    }
  }
}
