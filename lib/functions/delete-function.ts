// Deleting a function: marked deleted (its name free again), so the gateway answers 404 from the next request and
// the engine drains its containers; its invocations and console output go with it (the bill does not need them: its
// usage is already in UsageRecord). Versions stay for the audit trail. What a request still running records after
// the delete is removed by the retention job.
import 'server-only';
import { db } from '@/lib/db/client';
import { notFoundError } from '@/lib/errors';
import { authorize, type TenantContext } from '@/lib/auth/context';
import { recordAudit } from '@/lib/audit/record';
import { findTenantFunction } from './lookup';
import { lockFunction } from './versions';
import { invalidateFunction } from './cache';
import { publishChange } from '@/lib/live/changes';
import { flushRecorder } from './recorder';
import { purgeFunctionRecords } from './retention';

export async function deleteFunction(ctx: TenantContext, id: string): Promise<void> {
  authorize(ctx, 'resource.delete');
  const fn = await findTenantFunction(ctx, id);
  await db().$transaction(async (tx) => {
    if (!(await lockFunction(tx, ctx.tenant.id, id))) throw notFoundError('function');
    await tx.serverlessFunction.update({ where: { id }, data: { deletedAt: new Date(), liveName: null, tokenHash: null } });
    await recordAudit(tx, { tenantId: ctx.tenant.id, actorId: ctx.user.id, action: 'function.deleted', targetType: 'function', targetId: id, metadata: { name: fn.name } });
  });
  invalidateFunction(id);
  publishChange({ kind: 'function', id, tenantId: ctx.tenant.id });
  // What is queued is written first (its usage must be billed), then removed with the rest.
  await flushRecorder().catch((err) => console.error(`[functions] could not flush before deleting ${id}'s records: ${(err as Error).message}`));
  await purgeFunctionRecords(ctx.tenant.id, id);
}
