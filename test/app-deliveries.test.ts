import { describe, expect, it } from "vitest";
import { memoryCoordination } from "../src/app/coordination/coordination.js";
import { coordinationFor } from "../src/app/coordination/index.js";
import { REDIS_TIMINGS } from "../src/app/coordination/redis.js";
import { Deliveries, type DeliveryLine } from "../src/app/deliveries.js";
import { closedPort } from "./helpers/servers.js";

const context = (id: string) =>
  ({
    id,
    name: "pull_request",
    payload: { action: "opened", pull_request: { number: 9 }, repository: { full_name: "acme/web" } },
  }) as any;

describe("deliveries", () => {
  it("stopping: takes no new delivery (503), lets the one in flight finish, then says it is idle", async () => {
    const lines: DeliveryLine[] = [];
    const deliveries = new Deliveries(memoryCoordination(), (line) => lines.push(line));
    let finish = () => {};
    const inFlight = deliveries.handle(context("a"), () => new Promise<void>((resolve) => (finish = resolve)));
    await new Promise((r) => setTimeout(r, 10));
    const drained = deliveries.drain(60_000);
    await expect(deliveries.handle(context("b"), async () => {})).rejects.toMatchObject({ status: 503 });
    finish();
    await inFlight;
    expect(await drained).toBe(true);
    expect(lines.map((l) => [l.delivery, l.outcome])).toEqual([
      ["b", "refused"],
      ["a", "handled"],
    ]);
    expect(lines[1]).toMatchObject({ event: "pull_request.opened", repository: "acme/web", pr: 9 });
  });

  it("stopping: gives up on work still running after the grace period", async () => {
    const deliveries = new Deliveries(memoryCoordination(), () => {});
    void deliveries.handle(context("slow"), () => new Promise<void>(() => {}));
    await new Promise((r) => setTimeout(r, 10));
    expect(await deliveries.drain(50)).toBe(false);
  });

  it("a failed delivery is logged with its error and handled when it comes again", async () => {
    const lines: DeliveryLine[] = [];
    const deliveries = new Deliveries(memoryCoordination(), (line) => lines.push(line));
    await expect(
      deliveries.handle(context("c"), async () => {
        throw new Error("GitHub said 502\nmore");
      }),
    ).rejects.toThrow("GitHub said 502");
    await deliveries.handle(context("c"), async () => {});
    await deliveries.handle(context("c"), async () => {});
    expect(lines.map((l) => [l.outcome, l.error])).toEqual([
      ["failed", "GitHub said 502"],
      ["handled", undefined],
      ["duplicate", undefined],
    ]);
  });

  it("Redis unreachable: the delivery fails at once with 503, and REDIS_URL's password is never logged", async () => {
    const port = await closedPort();
    const logged: string[] = [];
    const url = `redis://:canary-redis-password@127.0.0.1:${port}`;
    const log = { info: (m: string) => logged.push(m), warn: (m: string) => logged.push(m) };
    const coordination = await coordinationFor({ REDIS_URL: url }, log, { ...REDIS_TIMINGS, lockWaitMs: 100 });
    try {
      const lines: DeliveryLine[] = [];
      const deliveries = new Deliveries(coordination, (line) => lines.push(line));
      await expect(deliveries.handle(context("d"), async () => {})).rejects.toMatchObject({ status: 503 });
      expect(lines[0].error).toMatch(/^cannot reach Redis to claim the delivery/);
      await expect(coordination.ping()).rejects.toThrow();
      expect(logged.length).toBeGreaterThan(0);
      expect(`${logged.join("\n")}${JSON.stringify(lines)}`).not.toContain("canary-redis-password");
      expect(logged.join("\n")).toContain(`redis://:***@127.0.0.1:${port}`);
    } finally {
      await coordination.close();
    }
  });

  it("without REDIS_URL: this process's memory", async () => {
    const coordination = await coordinationFor({}, { info: () => {}, warn: () => {} });
    expect(coordination.kind).toBe("memory");
    expect(await coordination.turn("sweep", 60_000)).toBe(true);
    expect(await coordination.turn("sweep", 60_000)).toBe(false);
  });
});
