// What a tenant's live instances use, compared with its quota. Checked inside the creating transaction under a
// row lock on the tenant's quota, so parallel creates cannot together overshoot it.
import type { Prisma } from '@/lib/generated/prisma/client';
import { plural } from '@/lib/plural';

export type Usage = { instances: number; cpuMillis: number; memoryMib: number; diskGib: number };

export async function tenantUsage(tx: Prisma.TransactionClient, tenantId: string): Promise<Usage> {
  const [live, volumes] = await Promise.all([
    tx.instance.findMany({
      where: { tenantId, liveName: { not: null } },
      select: { diskGib: true, flavor: { select: { cpuMillis: true, memoryMib: true } } },
    }),
    // Volumes count in the disk quota too, attached or not.
    tx.volume.aggregate({ where: { tenantId, deletedAt: null }, _sum: { sizeGib: true } }),
  ]);
  const usage = live.reduce(
    (u, i) => ({
      instances: u.instances + 1,
      cpuMillis: u.cpuMillis + i.flavor.cpuMillis,
      memoryMib: u.memoryMib + i.flavor.memoryMib,
      // The instance's own disk (a VM's may be larger than its flavor's default).
      diskGib: u.diskGib + i.diskGib,
    }),
    { instances: 0, cpuMillis: 0, memoryMib: 0, diskGib: 0 },
  );
  return { ...usage, diskGib: usage.diskGib + (volumes._sum.sizeGib ?? 0) };
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
