// Organisation settings an owner may change.
import 'server-only';
import { z } from 'zod';
import { db } from '@/lib/db/client';
import { parseInput } from '@/lib/errors';
import { authorize, type TenantContext } from '@/lib/auth/context';
import { recordAudit } from '@/lib/audit/record';
import { ZTenantName } from '@/lib/tenants/schemas';

export const ZRename = z.strictObject({ name: ZTenantName });

export async function renameTenant(ctx: TenantContext, input: unknown): Promise<void> {
  authorize(ctx, 'tenant.update');
  const { name } = parseInput(ZRename, input);
  await db().$transaction(async (tx) => {
    await tx.tenant.update({ where: { id: ctx.tenant.id }, data: { name } });
    await recordAudit(tx, {
      tenantId: ctx.tenant.id,
      actorId: ctx.user.id,
      action: 'tenant.renamed',
      targetType: 'tenant',
      targetId: ctx.tenant.id,
      metadata: { from: ctx.tenant.name, to: name },
    });
  });
}
