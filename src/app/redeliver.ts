/** One attempt of a delivery, as `GET /app/hook/deliveries` lists it (newest first). */
export interface HookDelivery {
  id: number;
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  status: string;
  status_code: number;
  event: string;
  action?: string | null;
}

export interface RedeliverReport {
  /** Attempts listed within the window. */
  listed: number;
  /** The deliveries (by GUID) none of whose attempts succeeded: each asked for once. */
  redelivered: HookDelivery[];
  /** The ones GitHub refused to redeliver, each with why. */
  refused: { delivery: HookDelivery; why: string }[];
}

interface AppOctokit {
  request(route: string, parameters?: Record<string, unknown>): Promise<{ data: unknown }>;
  paginate: { iterator(route: string, parameters?: Record<string, unknown>): AsyncIterable<{ data: unknown }> };
}

/** An answer GitHub recorded as a failure: any non-2xx, and no answer at all (status_code 0). */
const failed = (d: HookDelivery) => !(d.status_code >= 200 && d.status_code < 300);

/**
 * Of the attempts listed, one per delivery that never succeeded: the newest attempt of its GUID.
 * A delivery with any successful attempt is left alone (a redelivery of it would change nothing).
 */
export function toRedeliver(attempts: HookDelivery[]): HookDelivery[] {
  const byGuid = new Map<string, HookDelivery[]>();
  for (const attempt of attempts) byGuid.set(attempt.guid, [...(byGuid.get(attempt.guid) ?? []), attempt]);
  return [...byGuid.values()]
    .filter((all) => all.every(failed))
    .map((all) => all.reduce((a, b) => (Date.parse(b.delivered_at) > Date.parse(a.delivered_at) ? b : a)));
}

/**
 * Lists the app's deliveries since `since` (GitHub pages them newest first, by cursor) and asks
 * GitHub to redeliver each one that failed, once: GitHub never does it by itself.
 */
export async function redeliverFailed(octokit: AppOctokit, since: number): Promise<RedeliverReport> {
  const attempts: HookDelivery[] = [];
  pages: for await (const page of octokit.paginate.iterator("GET /app/hook/deliveries", { per_page: 100 })) {
    for (const attempt of page.data as HookDelivery[]) {
      if (Date.parse(attempt.delivered_at) < since) break pages;
      attempts.push(attempt);
    }
  }
  const report: RedeliverReport = { listed: attempts.length, redelivered: [], refused: [] };
  for (const delivery of toRedeliver(attempts)) {
    try {
      await octokit.request("POST /app/hook/deliveries/{delivery_id}/attempts", { delivery_id: delivery.id });
      report.redelivered.push(delivery);
    } catch (error) {
      report.refused.push({ delivery, why: (error as Error).message.split("\n")[0] });
    }
  }
  return report;
}

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `15m`, `1h`, `3d` in milliseconds; undefined for anything else. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+)\s*([smhd])$/.exec(text.trim());
  return m ? Number(m[1]) * UNITS[m[2]] : undefined;
}

/** One line per delivery asked for, then the count. */
export function describeReport(report: RedeliverReport, window: string): string[] {
  const name = (d: HookDelivery) => `${d.event}${d.action ? `.${d.action}` : ""} delivery ${d.guid}`;
  return [
    ...report.redelivered.map((d) => `redelivering ${name(d)} (it failed: ${d.status})`),
    ...report.refused.map(({ delivery, why }) => `could not redeliver ${name(delivery)}: ${why}`),
    `${report.redelivered.length} failed deliveries of the last ${window} redelivered, out of ${report.listed} attempts listed` +
      (report.refused.length ? `; ${report.refused.length} refused by GitHub (run it again)` : ""),
  ];
}
