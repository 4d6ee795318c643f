// Rolling back: the function's active version points at an older (immutable) version again; nothing is copied.
import 'server-only';
import { db } from '@/lib/db/client';
import { AppError, notFoundError, parseInput } from '@/lib/errors';
import { authorize, type TenantContext } from '@/lib/auth/context';
import { recordAudit } from '@/lib/audit/record';
import { ZRollback } from './schemas';
import { findTenantFunction } from './lookup';
import { lockFunction } from './versions';
import { invalidateFunction } from './cache';

export async function rollbackFunction(ctx: TenantContext, id: string, input: unknown): Promise<{ versionId: string; versionNumber: number }> {
  authorize(ctx, 'function.deploy');
  await findTenantFunction(ctx, id);
  const { versionId } = parseInput(ZRollback, input);
  const result = await db().$transaction(async (tx) => {
    if (!(await lockFunction(tx, ctx.tenant.id, id))) throw notFoundError('function');
    const fn = await tx.serverlessFunction.findUniqueOrThrow({ where: { id } });
    // The version must be one of this function's (so of this tenant's): another id is "not a version here".
    const target = await tx.functionVersion.findFirst({ where: { id: versionId, functionId: id, tenantId: ctx.tenant.id } });
    if (!target) throw new AppError('validation_failed', 'Some fields need attention.', { versionId: 'Choose one of this function’s versions.' });
    if (target.id === fn.activeVersionId) throw new AppError('invalid_state', `Version ${target.number} is already the active one.`, { versionId: 'Already active.' });
    const previous = fn.activeVersionId ? await tx.functionVersion.findUnique({ where: { id: fn.activeVersionId }, select: { number: true } }) : null;
    await tx.serverlessFunction.update({ where: { id }, data: { activeVersionId: target.id } });
    await recordAudit(tx, {
      tenantId: ctx.tenant.id,
      actorId: ctx.user.id,
      action: 'function.rolled_back',
      targetType: 'function',
      targetId: id,
      metadata: { name: fn.name, version: target.number, previous: previous?.number ?? null },
    });
    return { versionId: target.id, versionNumber: target.number };
  });
  invalidateFunction(id);
  return result;
}
