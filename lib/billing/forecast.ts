// The forecast to month end: what is billed so far, plus what the instances running now would cost if they ran
// until the month ends at today's prices (disks of live instances count whether running or not).
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { estimate, type Catalog, type InstanceItem } from './estimate';

export async function forecastRestOfMonth(client: PrismaClient, tenantId: string, catalog: Catalog, now: Date, monthEnd: Date): Promise<number> {
  const hoursLeft = Math.max(0, (monthEnd.getTime() - now.getTime()) / 3_600_000);
  if (hoursLeft === 0) return 0;
  const live = await client.instance.findMany({
    where: { tenantId, deletedAt: null, desiredState: { not: 'deleted' } },
    select: { provider: true, status: true, desiredState: true, diskGib: true, flavor: { select: { name: true, cpuMillis: true, memoryMib: true, diskGib: true } } },
  });
  const hours = Number(hoursLeft.toFixed(6));
  const items: InstanceItem[] = live.map((i) => ({
    type: 'instance',
    provider: i.provider,
    flavor: { name: i.flavor.name, vcpus: i.flavor.cpuMillis / 1000, memoryGib: i.flavor.memoryMib / 1024 },
    hours: i.desiredState === 'running' ? hours : 0,
    diskGib: i.diskGib,
    diskHours: hours,
  }));
  return estimate({ items }, catalog).monthlyMinor;
}
