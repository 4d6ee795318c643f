// Read models for the console shell: the tenants a user belongs to.
import 'server-only';
import { db } from '@/lib/db/client';
import type { Role } from '@/lib/generated/prisma/enums';
import { quotaRowOnce } from '@/lib/instances/usage';

export type MyTenant = { slug: string; name: string; role: Role; status: 'active' | 'suspended' };

/** The user's organisations (`onlyTenantId`: just that one, as an API token of it sees them). */
export async function myTenants(userId: string, onlyTenantId?: string): Promise<MyTenant[]> {
  const rows = await db().membership.findMany({
    where: { userId, tenant: { deletingAt: null }, ...(onlyTenantId ? { tenantId: onlyTenantId } : {}) },
    include: { tenant: { select: { slug: true, name: true, status: true } } },
    orderBy: { tenant: { name: 'asc' } },
  });
  return rows.map((m) => ({ slug: m.tenant.slug, name: m.tenant.name, status: m.tenant.status, role: m.role }));
}

export async function tenantOverview(tenantId: string) {
  const [members, quota] = await Promise.all([
    db().membership.count({ where: { tenantId } }),
    quotaRowOnce(tenantId),
  ]);
  return { members, quota };
}

/** Since when and why the tenant is suspended (the banner its members see); null while it is active. */
export async function tenantSuspension(tenantId: string): Promise<{ since: Date | null; reason: string | null } | null> {
  const t = await db().tenant.findUnique({ where: { id: tenantId }, select: { status: true, suspendedAt: true, suspensionReason: true } });
  return t?.status === 'suspended' ? { since: t.suspendedAt, reason: t.suspensionReason } : null;
}
