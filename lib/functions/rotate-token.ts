// A new invoke token for a private function: the old one stops working at once (the gateway's cache is dropped);
// the new one is returned this once and only its sha256 is kept.
import 'server-only';
import { db } from '@/lib/db/client';
import { AppError, notFoundError } from '@/lib/errors';
import { authorize, type TenantContext } from '@/lib/auth/context';
import { recordAudit } from '@/lib/audit/record';
import { findTenantFunction } from './lookup';
import { lockFunction } from './versions';
import { newInvokeToken } from './token';
import { invalidateFunction } from './cache';

export async function rotateFunctionToken(ctx: TenantContext, id: string): Promise<{ token: string }> {
  authorize(ctx, 'function.token');
  const fn = await findTenantFunction(ctx, id);
  if (fn.access !== 'token') throw new AppError('invalid_state', 'This function is public: it has no token. Set its access to “token” first.');
  const { token, hash } = newInvokeToken();
  await db().$transaction(async (tx) => {
    if (!(await lockFunction(tx, ctx.tenant.id, id))) throw notFoundError('function');
    await tx.serverlessFunction.update({ where: { id }, data: { tokenHash: hash } });
    await recordAudit(tx, { tenantId: ctx.tenant.id, actorId: ctx.user.id, action: 'function.token_rotated', targetType: 'function', targetId: id, metadata: { name: fn.name } });
  });
  invalidateFunction(id);
  return { token };
}
