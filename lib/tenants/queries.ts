// Read models for the console shell: the tenants a user belongs to.
import 'server-only';
import { db } from '@/lib/db/client';
import type { Role } from '@/lib/generated/prisma/enums';

export type MyTenant = { slug: string; name: string; role: Role; status: 'active' | 'suspended' };

export async function myTenants(userId: string): Promise<MyTenant[]> {
  const rows = await db().membership.findMany({
    where: { userId },
    include: { tenant: { select: { slug: true, name: true, status: true } } },
    orderBy: { tenant: { name: 'asc' } },
  });
  return rows.map((m) => ({ slug: m.tenant.slug, name: m.tenant.name, status: m.tenant.status, role: m.role }));
}

export async function tenantOverview(tenantId: string) {
  const [members, quota] = await Promise.all([
    db().membership.count({ where: { tenantId } }),
    db().quota.findUnique({ where: { tenantId } }),
  ]);
  return { members, quota };
}
