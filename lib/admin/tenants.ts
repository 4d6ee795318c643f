// Platform admin: every tenant, with member counts; suspend and reactivate.
import 'server-only';
import { db } from '@/lib/db/client';
import { notFoundError, parseInput } from '@/lib/errors';
import { recordAudit } from '@/lib/audit/record';
import type { SessionUser } from '@/lib/auth/context';
import { z } from 'zod';

export async function listAllTenants() {
  const rows = await db().tenant.findMany({
    orderBy: { createdAt: 'asc' },
    include: {
      _count: { select: { memberships: true } },
      memberships: { where: { role: 'owner' }, include: { user: { select: { email: true } } }, take: 3 },
    },
  });
  return rows.map((t) => ({
    id: t.id,
    slug: t.slug,
    name: t.name,
    status: t.status,
    createdAt: t.createdAt,
    members: t._count.memberships,
    owners: t.memberships.map((m) => m.user.email),
  }));
}

const ZStatus = z.object({ status: z.enum(['active', 'suspended'], { error: 'Status must be active or suspended.' }) });

export async function setTenantStatus(admin: SessionUser, tenantId: string, input: unknown): Promise<void> {
  const { status } = parseInput(ZStatus, input);
  await db().$transaction(async (tx) => {
    const t = await tx.tenant.findUnique({ where: { id: tenantId } });
    if (!t) throw notFoundError('tenant');
    await tx.tenant.update({ where: { id: tenantId }, data: { status } });
    await recordAudit(tx, {
      tenantId,
      actorId: admin.id,
      action: status === 'suspended' ? 'tenant.suspended' : 'tenant.reactivated',
      targetType: 'tenant',
      targetId: tenantId,
    });
  });
}
