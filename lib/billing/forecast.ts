// The forecast to month end: what is billed so far, plus what the instances running now would cost if they ran
// until the month ends at today's prices (disks of live instances count whether running or not), and storage kept as
// it is now: live volumes at their size and the image registry at its last measured level.
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { estimate, type Catalog, type InstanceItem, type StorageItem } from './estimate';
import { REGISTRY_PROVIDER } from './meter-registry';
import { VOLUMES_PROVIDER } from './meter-volumes';

type LiveGroup = { provider: string; flavor: string; cpuMillis: number; memoryMib: number; running: boolean; diskGib: number; count: number };

export async function forecastRestOfMonth(client: PrismaClient, tenantId: string, catalog: Catalog, now: Date, monthEnd: Date): Promise<number> {
  const hoursLeft = Math.max(0, (monthEnd.getTime() - now.getTime()) / 3_600_000);
  if (hoursLeft === 0) return 0;
  // Live instances counted per kind of line they price to (a tenant may have 10,000 of a few kinds), not one by one.
  const groups = await client.$queryRaw<LiveGroup[]>`
    SELECT i.provider, f.name AS flavor, f."cpuMillis", f."memoryMib", i."desiredState" = 'running' AS running, i."diskGib", count(*)::int AS count
    FROM "Instance" i JOIN "Flavor" f ON f.id = i."flavorId"
    WHERE i."tenantId" = ${tenantId} AND i."deletedAt" IS NULL AND i."desiredState" <> 'deleted'
    GROUP BY 1, 2, 3, 4, 5, 6
    ORDER BY 1, 2, 3, 4, 5, 6`;
  const hours = Number(hoursLeft.toFixed(6));
  const item = (g: LiveGroup): InstanceItem => ({
    type: 'instance',
    provider: g.provider,
    flavor: { name: g.flavor, vcpus: g.cpuMillis / 1000, memoryGib: g.memoryMib / 1024 },
    hours: g.running ? hours : 0,
    diskGib: g.diskGib,
    diskHours: hours,
  });
  // Each instance is its own set of rounded lines: a group's amount is one instance's times the count, the same
  // sum as pricing them one by one, unless a free allowance is shared out among them (then one by one it is).
  const storage = await storageItems(client, tenantId, hours);
  const sharedAllowance = catalog.rates.some((r) => r.unit !== 'requests' && r.unit !== 'gb_second' && Number(r.freePerMonth ?? 0) > 0);
  if (sharedAllowance) return estimate({ items: [...groups.flatMap((g) => Array.from({ length: g.count }, () => item(g))), ...storage] }, catalog).monthlyMinor;
  return groups.reduce((sum, g) => sum + estimate({ items: [item(g)] }, catalog).monthlyMinor * g.count, 0) + estimate({ items: storage }, catalog).monthlyMinor;
}

/** Storage that is billed apart from instances, as it is now, kept for `hours`. */
async function storageItems(client: PrismaClient, tenantId: string, hours: number): Promise<StorageItem[]> {
  const [volumes, registry] = await Promise.all([
    client.volume.aggregate({ where: { tenantId, deletedAt: null }, _sum: { sizeGib: true } }),
    client.registryStorage.findUnique({ where: { tenantId }, select: { bytes: true } }),
  ]);
  const out: StorageItem[] = [];
  if (volumes._sum.sizeGib) out.push({ type: 'storage', provider: VOLUMES_PROVIDER, gib: volumes._sum.sizeGib, hours });
  // bytes / 2^30 is exact in a double below 2^53 bytes.
  if (registry && registry.bytes > 0n) out.push({ type: 'storage', provider: REGISTRY_PROVIDER, gib: Number(registry.bytes) / 1024 ** 3, hours });
  return out;
}
