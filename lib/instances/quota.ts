// What a tenant's live instances use, compared with its quota. Checked inside the creating transaction under a
// row lock on the tenant's quota, so parallel creates cannot together overshoot it.
import type { Prisma } from '@/lib/generated/prisma/client';
import { plural } from '@/lib/plural';

export type Usage = { instances: number; cpuMillis: number; memoryMib: number; diskGib: number };

/** Summed in the database (one row back, not one per instance: a tenant may have 10,000). */
export async function tenantUsage(tx: Prisma.TransactionClient, tenantId: string): Promise<Usage> {
  const [[u], volumes] = await Promise.all([
    tx.$queryRaw<{ instances: number; cpuMillis: number; memoryMib: number; diskGib: number }[]>`
      SELECT count(*)::int AS instances, COALESCE(sum(f."cpuMillis"), 0)::int AS "cpuMillis",
             COALESCE(sum(f."memoryMib"), 0)::int AS "memoryMib", COALESCE(sum(i."diskGib"), 0)::int AS "diskGib"
      FROM "Instance" i JOIN "Flavor" f ON f.id = i."flavorId"
      WHERE i."tenantId" = ${tenantId} AND i."liveName" IS NOT NULL`,
    // Volumes count in the disk quota too, attached or not.
    tx.volume.aggregate({ where: { tenantId, deletedAt: null }, _sum: { sizeGib: true } }),
  ]);
  // The instance's own disk counts (a VM's may be larger than its flavor's default), and every volume.
  return { instances: u!.instances, cpuMillis: u!.cpuMillis, memoryMib: u!.memoryMib, diskGib: u!.diskGib + (volumes._sum.sizeGib ?? 0) };
}

export type QuotaLimits = { maxInstances: number; maxVcpus: number; maxMemoryMib: number; maxDiskGib: number };

/** The first limit the addition would break, as a sentence for the user; null when it fits. */
export function quotaProblem(usage: Usage, add: Omit<Usage, 'instances'>, q: QuotaLimits): string | null {
  if (usage.instances + 1 > q.maxInstances) return `This would make ${plural(usage.instances + 1, 'instance')}; the quota is ${q.maxInstances}.`;
  if (usage.cpuMillis + add.cpuMillis > q.maxVcpus * 1000) {
    return `This would use ${(usage.cpuMillis + add.cpuMillis) / 1000} vCPUs; the quota is ${q.maxVcpus}.`;
  }
  if (usage.memoryMib + add.memoryMib > q.maxMemoryMib) {
    return `This would use ${usage.memoryMib + add.memoryMib} MiB of memory; the quota is ${q.maxMemoryMib} MiB.`;
  }
  if (usage.diskGib + add.diskGib > q.maxDiskGib) return `This would use ${usage.diskGib + add.diskGib} GiB of disk; the quota is ${q.maxDiskGib} GiB.`;
  return null;
}
