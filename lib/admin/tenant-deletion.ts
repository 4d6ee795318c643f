// Deleting an organisation, crash-safe: the request records the intent (markTenantForDeletion, in the admin's
// transaction); the reconciler's loop (reapDeletingTenants) then, for each tenant marked deleting, repeats until
// done: re-asserts the intent for anything created meanwhile, removes the containers running its functions' code,
// waits for the reconciler to delete every instance on its engine, removes what is left on the engines under the
// tenant's labels (orphans, its network), and only then removes its rows. Every step is idempotent, so a console
// that stops half-way resumes from whatever is left, in this or another process. (No 'server-only' here: the
// reconciler imports it, and tests run the reconciler in a plain Node child process.)
import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import { allDrivers } from '@/lib/providers/registry';
import { removeTenantFunctionContainers } from './tenant-suspension';
import { recordAudit } from '@/lib/audit/record';
import { nudgeReconciler } from '@/lib/reconciler/runtime';
import { deleteTenantRepositories } from '@/lib/registry/images';

type Tx = Prisma.TransactionClient;

/** Marks the tenant deleting and records the intent for everything it holds (inside the caller's transaction). */
export async function markTenantForDeletion(tx: Tx, tenantId: string, actorId: string): Promise<void> {
  await tx.tenant.update({ where: { id: tenantId }, data: { deletingAt: new Date(), deletingById: actorId } });
  await intendDeletion(tx, tenantId, actorId);
}

/** Every live instance asked to be deleted (a new generation, as a user's delete), every function deleted. */
async function intendDeletion(tx: Tx, tenantId: string, actorId: string | null): Promise<number> {
  const now = new Date();
  const instances = await tx.instance.findMany({ where: { tenantId, deletedAt: null, desiredState: { not: 'deleted' } }, select: { id: true, status: true } });
  if (instances.length) {
    await tx.instance.updateMany({
      where: { id: { in: instances.map((i) => i.id) } },
      data: { desiredState: 'deleted', pendingAction: null, generation: { increment: 1 }, attempts: 0, crashes: 0, nextAttemptAt: now },
    });
    await tx.instanceEvent.createMany({
      data: instances.map((i) => ({ instanceId: i.id, tenantId, type: 'requested', actorId, fromStatus: i.status, message: 'Delete requested: the organisation is being deleted' })),
    });
  }
  const fns = await tx.serverlessFunction.updateMany({ where: { tenantId, deletedAt: null }, data: { deletedAt: now, liveName: null, tokenHash: null } });
  await tx.invitation.deleteMany({ where: { tenantId } });
  return instances.length + fns.count;
}

const waiters = new Set<() => void>();

/** Asks the loop for a pass now (after a deletion was requested in this process). */
export function wakeTenantDeletion(): void {
  for (const w of waiters) w();
}

/** Resolves after `ms` or at the next wakeTenantDeletion(), whichever comes first (the reconciler's loop). */
export function untilTenantDeletionWork(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(t);
      waiters.delete(done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    waiters.add(done);
    signal.addEventListener('abort', done);
  });
}

export type ReapReport = { pending: number; finished: string[] };

/** One pass over every tenant marked deleting. */
export async function reapDeletingTenants(client: PrismaClient, log: (m: string) => void = (m) => console.log(`[tenants] ${m}`)): Promise<ReapReport> {
  const tenants = await client.tenant.findMany({ where: { deletingAt: { not: null } }, select: { id: true, slug: true, name: true, deletingById: true } });
  const report: ReapReport = { pending: 0, finished: [] };
  for (const t of tenants) {
    try {
      if (await finishDeletion(client, t, log)) report.finished.push(t.id);
      else report.pending++;
    } catch (err) {
      report.pending++;
      log(`deleting ${t.slug}: ${(err as Error).message}; trying again`);
    }
  }
  return report;
}

type Deleting = { id: string; slug: string; name: string; deletingById: string | null };

/** True once nothing of the tenant is left; false while the reconciler still has instances to delete. */
async function finishDeletion(client: PrismaClient, t: Deleting, log: (m: string) => void): Promise<boolean> {
  // A create that passed its checks just before the mark commits after it: caught here.
  if (await client.$transaction((tx) => intendDeletion(tx, t.id, t.deletingById))) nudgeReconciler();

  // Functions: the containers running the tenant's code now (this process's pool, whatever they are doing), and
  // containers a previous console process made for its versions (labelled with the tenant).
  await removeTenantFunctionContainers(t.id);

  const left = await client.instance.count({ where: { tenantId: t.id, status: { not: 'deleted' } } });
  if (left) return false;

  // Engine objects under its labels that no instance row accounts for, then its per-tenant resources (network).
  for (const driver of allDrivers()) {
    for (const obj of await driver.listManaged()) if (obj.tenantId === t.id) await driver.removeManaged(obj);
    await driver.removeTenantResources?.(t.id);
  }

  // Its images in the registry: a later organisation given the same slug must find none of them.
  const repositories = deleteTenantRepositories(t.slug);
  if (repositories) log(`organisation ${t.slug}: ${repositories} image repositories deleted from the registry`);

  // The rows. Large per-tenant tables first in batches (the embedded database serves one statement at a time),
  // then the rest and the tenant itself in one transaction. Audit entries stay (their tenant link is cleared by the
  // foreign key), with the deletion itself recorded under the tenant's id and slug.
  await inBatches(() => client.$executeRaw`DELETE FROM "FunctionLog" WHERE id IN (SELECT id FROM "FunctionLog" WHERE "tenantId" = ${t.id} LIMIT 5000)`);
  await inBatches(() => client.$executeRaw`DELETE FROM "FunctionInvocation" WHERE id IN (SELECT id FROM "FunctionInvocation" WHERE "tenantId" = ${t.id} LIMIT 5000)`);
  await inBatches(() => client.$executeRaw`DELETE FROM "UsageRecord" WHERE id IN (SELECT id FROM "UsageRecord" WHERE "tenantId" = ${t.id} LIMIT 5000)`);
  await client.$transaction(async (tx) => {
    await tx.usageRecord.deleteMany({ where: { tenantId: t.id } });
    await tx.usageDaily.deleteMany({ where: { tenantId: t.id } });
    await tx.functionLogUsage.deleteMany({ where: { tenantId: t.id } });
    await tx.functionLog.deleteMany({ where: { tenantId: t.id } });
    await tx.functionInvocation.deleteMany({ where: { tenantId: t.id } });
    await tx.instanceSnapshot.deleteMany({ where: { tenantId: t.id } });
    await tx.instanceEvent.deleteMany({ where: { tenantId: t.id } });
    await tx.functionVersion.deleteMany({ where: { tenantId: t.id } });
    await tx.serverlessFunction.deleteMany({ where: { tenantId: t.id } });
    await tx.instance.deleteMany({ where: { tenantId: t.id } });
    await tx.build.deleteMany({ where: { tenantId: t.id } });
    // Attachments and snapshots go with them; the files of volumes without a row are removed by the reconciler's sweep.
    await tx.volume.deleteMany({ where: { tenantId: t.id } });
    await tx.tenant.delete({ where: { id: t.id } });
    await recordAudit(tx, { tenantId: null, actorId: t.deletingById, action: 'tenant.deleted', targetType: 'tenant', targetId: t.id, metadata: { slug: t.slug, name: t.name } });
  });
  log(`organisation ${t.slug} deleted; nothing of it is left`);
  return true;
}

async function inBatches(step: () => Promise<number>): Promise<void> {
  while ((await step()) >= 5000);
}
