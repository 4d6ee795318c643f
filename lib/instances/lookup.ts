// One live instance of the caller's tenant with what its driver needs (flavor, image); anything else is not found.
import 'server-only';
import { db } from '@/lib/db/client';
import { notFoundError } from '@/lib/errors';
import type { TenantContext } from '@/lib/auth/context';
import type { InstanceWithRefs } from '@/lib/reconciler/driver-instance';

export async function findTenantInstance(ctx: TenantContext, id: string): Promise<InstanceWithRefs> {
  const inst = await db().instance.findFirst({
    where: { id, tenantId: ctx.tenant.id, deletedAt: null },
    include: { flavor: true, image: true },
  });
  if (!inst) throw notFoundError('instance');
  return inst;
}
