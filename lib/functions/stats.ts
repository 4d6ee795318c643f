// The figures of a function's page: invocations, errors, p50/p95 duration, cold starts and their histogram, and a
// per-minute series for the charts, over [sinceMs, now). Percentiles are computed by the database.
import 'server-only';
import { db } from '@/lib/db/client';
import { flushRecorder } from './recorder';
import type { FunctionStats } from './types';

/** Upper bounds (ms) of the cold-start histogram's buckets; the last one catches everything slower. */
export const COLD_BUCKETS_MS = [25, 50, 100, 250, 500, 1000, 2500, 5000, Number.POSITIVE_INFINITY];
const MAX_POINTS = 240;

type Totals = { invocations: bigint; errors: bigint; cold: bigint; p50: number | null; p95: number | null };
type Point = { bucket: Date; invocations: bigint; errors: bigint; p95: number | null };

export async function functionStats(tenantId: string, functionId: string, sinceMs: number): Promise<FunctionStats> {
  // What the gateway has observed but not written yet belongs in the figures.
  await flushRecorder().catch(() => {});
  const to = new Date();
  const from = new Date(sinceMs);
  const client = db();
  const [totals] = await client.$queryRaw<Totals[]>`
    SELECT count(*) AS invocations,
           count(*) FILTER (WHERE outcome <> 'ok') AS errors,
           count(*) FILTER (WHERE cold) AS cold,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY "durationMs") AS p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY "durationMs") AS p95
    FROM "FunctionInvocation"
    WHERE "tenantId" = ${tenantId} AND "functionId" = ${functionId} AND "startedAt" >= ${from} AND "startedAt" < ${to}`;
  const colds = await client.$queryRaw<{ coldMs: number }[]>`
    SELECT "coldMs" FROM "FunctionInvocation"
    WHERE "tenantId" = ${tenantId} AND "functionId" = ${functionId} AND cold AND "startedAt" >= ${from} AND "startedAt" < ${to}`;
  const coldHistogram = COLD_BUCKETS_MS.map((leMs) => ({ leMs, count: 0 }));
  for (const { coldMs } of colds) coldHistogram.find((b) => coldMs <= b.leMs)!.count++;
  // One point per minute, or wider buckets so a long range stays under MAX_POINTS.
  const bucketMs = Math.max(60_000, Math.ceil((to.getTime() - from.getTime()) / MAX_POINTS / 60_000) * 60_000);
  const points = await client.$queryRaw<Point[]>`
    SELECT to_timestamp(floor(extract(epoch FROM "startedAt") * 1000 / ${bucketMs}) * ${bucketMs} / 1000.0) AS bucket,
           count(*) AS invocations,
           count(*) FILTER (WHERE outcome <> 'ok') AS errors,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY "durationMs") AS p95
    FROM "FunctionInvocation"
    WHERE "tenantId" = ${tenantId} AND "functionId" = ${functionId} AND "startedAt" >= ${from} AND "startedAt" < ${to}
    GROUP BY 1 ORDER BY 1`;
  const invocations = Number(totals?.invocations ?? 0);
  const errors = Number(totals?.errors ?? 0);
  const round = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(Number(v) * 100) / 100);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    invocations,
    errors,
    errorRate: invocations ? errors / invocations : 0,
    p50Ms: round(totals?.p50),
    p95Ms: round(totals?.p95),
    cold: Number(totals?.cold ?? 0),
    coldHistogram,
    series: points.map((p) => ({ at: new Date(p.bucket).toISOString(), invocations: Number(p.invocations), errors: Number(p.errors), p95Ms: round(p.p95) })),
  };
}
