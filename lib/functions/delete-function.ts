// Deleting a function: marked deleted (its name free again), so the gateway answers 404 from the next request and
// the engine drains its containers. Versions, invocations and logs stay for the bill and the audit trail.
import 'server-only';
import { db } from '@/lib/db/client';
import { notFoundError } from '@/lib/errors';
import { authorize, type TenantContext } from '@/lib/auth/context';
import { recordAudit } from '@/lib/audit/record';
import { findTenantFunction } from './lookup';
import { lockFunction } from './versions';
import { invalidateFunction } from './cache';

export async function deleteFunction(ctx: TenantContext, id: string): Promise<void> {
  authorize(ctx, 'resource.delete');
  const fn = await findTenantFunction(ctx, id);
  await db().$transaction(async (tx) => {
    if (!(await lockFunction(tx, ctx.tenant.id, id))) throw notFoundError('function');
    await tx.serverlessFunction.update({ where: { id }, data: { deletedAt: new Date(), liveName: null, tokenHash: null } });
    await recordAudit(tx, { tenantId: ctx.tenant.id, actorId: ctx.user.id, action: 'function.deleted', targetType: 'function', targetId: id, metadata: { name: fn.name } });
  });
  invalidateFunction(id);
}
