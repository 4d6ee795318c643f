// Records how this platform performs — create → ready, memory, function cold starts and warm latency — as
// platform-wide samples (no tenant, no instance), keeping the last PERFORMANCE_SAMPLES_KEPT per key.
import { Prisma, type PrismaClient } from '@/lib/generated/prisma/client';

/** Samples kept per (metric, kind, image, flavor): enough for a stable p90, few enough to follow a change soon. */
export const PERFORMANCE_SAMPLES_KEPT = 50;

export const METRICS = ['ready_ms', 'memory_mib', 'cold_start_ms', 'warm_ms'] as const;
export type Metric = (typeof METRICS)[number];
export type PerformanceKind = 'container' | 'vm' | 'function';

export type NewSample = {
  metric: Metric;
  kind: PerformanceKind;
  imageId?: string;
  flavorId?: string;
  value: number;
  /** What `value` is measured against (MiB of a memory limit or guest memory). */
  nominal?: number | null;
};

type Db = PrismaClient | Prisma.TransactionClient;

/**
 * Inserts the samples and prunes each touched key to its newest PERFORMANCE_SAMPLES_KEPT (one statement per key:
 * the index on (metric, kind, imageId, flavorId, id) makes it a short range scan). Samples that are not finite
 * numbers are dropped: a figure that cannot be plotted is not a measurement.
 */
export async function recordSamples(client: Db, samples: NewSample[]): Promise<number> {
  const rows = samples
    .filter((s) => Number.isFinite(s.value) && s.value >= 0)
    .map((s) => ({ metric: s.metric, kind: s.kind, imageId: s.imageId ?? '', flavorId: s.flavorId ?? '', value: s.value, nominal: s.nominal ?? null }));
  if (!rows.length) return 0;
  await client.performanceSample.createMany({ data: rows });
  const keys = new Map(rows.map((r) => [`${r.metric}\0${r.kind}\0${r.imageId}\0${r.flavorId}`, r]));
  for (const r of keys.values()) {
    await client.$executeRaw`
      DELETE FROM "PerformanceSample"
      WHERE metric = ${r.metric} AND kind = ${r.kind} AND "imageId" = ${r.imageId} AND "flavorId" = ${r.flavorId}
        AND id < (
          SELECT min(id) FROM (
            SELECT id FROM "PerformanceSample"
            WHERE metric = ${r.metric} AND kind = ${r.kind} AND "imageId" = ${r.imageId} AND "flavorId" = ${r.flavorId}
            ORDER BY id DESC LIMIT ${PERFORMANCE_SAMPLES_KEPT}
          ) newest
        )`;
  }
  return rows.length;
}
