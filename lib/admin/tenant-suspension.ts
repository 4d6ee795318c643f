// Suspending an organisation, crash-safe like its deletion: the admin's request records the intent in one
// transaction (the tenant's status, since when, by whom and why, and every running or starting instance's desired
// state set to stopped as a new generation, as a user's stop), then wakes the reconciler, which stops them through
// the driver contract. The reconciler's tenant loop (enforceSuspensions) repeats, for every suspended tenant: a start
// or create that passed its checks just before the suspension committed is stopped again, and the containers running
// its functions' code are removed (the gateway refuses its functions meanwhile: lib/functions/gateway.ts).
// Reactivation only clears the status: it starts nothing. (No 'server-only': the reconciler imports it.)
import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import { functionsProvider } from '@/lib/providers/registry';
import { nudgeReconciler } from '@/lib/reconciler/runtime';

type Tx = Prisma.TransactionClient;

/**
 * Every live instance of the tenant that is meant to run is asked to stop (a new generation, so a reconciler step in
 * flight for the old one writes nothing). Returns how many. Runs inside the caller's transaction.
 */
export async function intendSuspensionStops(tx: Tx, tenantId: string, actorId: string | null, message: string): Promise<number> {
  const instances = await tx.instance.findMany({
    where: { tenantId, deletedAt: null, desiredState: 'running' },
    select: { id: true, status: true },
  });
  if (!instances.length) return 0;
  await tx.instance.updateMany({
    where: { id: { in: instances.map((i) => i.id) }, desiredState: 'running' },
    data: { desiredState: 'stopped', pendingAction: null, generation: { increment: 1 }, attempts: 0, crashes: 0, nextAttemptAt: new Date() },
  });
  await tx.instanceEvent.createMany({
    data: instances.map((i) => ({ instanceId: i.id, tenantId, type: 'requested', actorId, fromStatus: i.status, message })),
  });
  return instances.length;
}

/** Removes the containers running the tenant's functions' code: this process's pool, and any left by another. */
export function removeTenantFunctionContainers(tenantId: string): Promise<number> {
  return functionsProvider().removeTenantWorkers(tenantId);
}

export type SuspensionReport = { tenants: number; restopped: number; fnContainersRemoved: number };

/** One pass over every suspended tenant (the reconciler's tenant loop; idempotent). */
export async function enforceSuspensions(client: PrismaClient, log: (m: string) => void = (m) => console.log(`[tenants] ${m}`)): Promise<SuspensionReport> {
  const tenants = await client.tenant.findMany({ where: { status: 'suspended', deletingAt: null }, select: { id: true, slug: true } });
  const report: SuspensionReport = { tenants: tenants.length, restopped: 0, fnContainersRemoved: 0 };
  for (const t of tenants) {
    try {
      // Re-checked inside the transaction: a reactivation that committed since the list was read starts nothing new
      // but must not be undone either.
      const n = await client.$transaction(async (tx) => {
        const still = await tx.tenant.findFirst({ where: { id: t.id, status: 'suspended' }, select: { id: true } });
        return still ? intendSuspensionStops(tx, t.id, null, 'Stop requested: the organisation is suspended') : 0;
      });
      if (n) {
        report.restopped += n;
        log(`suspended ${t.slug}: ${n} instance(s) started meanwhile are stopped again`);
        nudgeReconciler();
      }
      const removed = await removeTenantFunctionContainers(t.id);
      if (removed) log(`suspended ${t.slug}: removed ${removed} function container(s)`);
      report.fnContainersRemoved += removed;
    } catch (err) {
      log(`suspended ${t.slug}: ${(err as Error).message}; trying again`);
    }
  }
  return report;
}
