// What the reconciler measures when an instance first reaches ready: the time from the create request to ready
// (for VMs, the guest's ready signal, which is when the reconciler records "running"), and a moment later the host
// memory it takes against what it was given (a container's working set vs its limit; QEMU's resident set vs the
// guest's memory). Runs beside the reconciler's pass, never in its way: a failure here is logged and forgotten.
import type { PrismaClient } from '@/lib/generated/prisma/client';
import type { Driver, DriverInstance } from '@/lib/providers/types';
import { recordSamples } from './samples';

/** How long after ready the memory is read: the service has started and touched what it needs. */
const MEMORY_SETTLE_MS = 2_000;
const MEMORY_TIMEOUT_MS = 15_000;
const MIB = 1024 * 1024;
/** Memory readings at once: a burst of creates should not open a stats stream per instance (a sample skipped is only a sample). */
const MAX_MEMORY_READINGS = 4;
let readings = 0;

type ReadyInstance = { id: string; kind: 'container' | 'vm'; imageId: string; flavorId: string; createdAt: Date; flavor: { memoryMib: number } };

/**
 * Records create → ready for an instance that reached "running" for the first time since it was created with a
 * start (one request, this one running event): a start asked for later, a restart or a crash's restart measure
 * something else and are left out.
 */
export async function observeReady(db: PrismaClient, inst: ReadyInstance, readyAt: Date, driver: Driver, di: DriverInstance): Promise<boolean> {
  const events = await db.instanceEvent.findMany({
    where: { instanceId: inst.id, OR: [{ type: 'requested' }, { toStatus: 'running' }] },
    select: { type: true, toStatus: true },
    take: 3,
  });
  const requests = events.filter((e) => e.type === 'requested').length;
  const runs = events.filter((e) => e.toStatus === 'running').length;
  if (requests !== 1 || runs !== 1) return false;
  const key = { kind: inst.kind, imageId: inst.imageId, flavorId: inst.flavorId } as const;
  await recordSamples(db, [{ metric: 'ready_ms', ...key, value: readyAt.getTime() - inst.createdAt.getTime() }]);
  const rss = await memoryAfterReady(driver, di);
  if (rss !== null) await recordSamples(db, [{ metric: 'memory_mib', ...key, value: rss / MIB, nominal: inst.flavor.memoryMib }]);
  return true;
}

/** Host memory in use a little after ready, from the driver's own stats (null when it has none or it stopped). */
async function memoryAfterReady(driver: Driver, di: DriverInstance): Promise<number | null> {
  if (!driver.stats || readings >= MAX_MEMORY_READINGS) return null;
  readings++;
  try {
    return await firstSettledSample(driver, di);
  } finally {
    readings--;
  }
}

async function firstSettledSample(driver: Driver, di: DriverInstance): Promise<number | null> {
  const signal = AbortSignal.timeout(MEMORY_TIMEOUT_MS);
  const from = Date.now() + MEMORY_SETTLE_MS;
  try {
    for await (const s of driver.stats!(di, signal)) {
      if (Date.now() >= from && s.memoryBytes > 0) return s.memoryBytes;
    }
  } catch {
    // Stopped or gone meanwhile: no figure.
  }
  return null;
}
