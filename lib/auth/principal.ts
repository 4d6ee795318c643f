// A user and their tenant, read fresh from the database from a user id and a tenant slug. Shared by the request
// path (lib/auth/session.ts, which gets the id from Auth.js) and the terminal's WebSocket upgrade (which decodes the
// session cookie itself), so both resolve tenants and roles the same way.
import 'server-only';
import { db } from '@/lib/db/client';
import { notFoundError } from '@/lib/errors';
import type { SessionUser, TenantContext } from '@/lib/auth/context';
import type { Role } from '@/lib/generated/prisma/enums';

/** The user behind a session, or null when they no longer exist (a removed user's cookie stops working at once). */
export function findSessionUser(id: string): Promise<SessionUser | null> {
  return db().user.findUnique({ where: { id }, select: { id: true, email: true, name: true, isPlatformAdmin: true } });
}

/** Resolves a tenant slug for a user, or throws not_found when the tenant is missing or not theirs. */
export async function resolveTenant(user: SessionUser, slug: string): Promise<TenantContext> {
  const tenant = await db().tenant.findUnique({
    where: { slug },
    select: { id: true, slug: true, name: true, status: true, memberships: { where: { userId: user.id } } },
  });
  const role: Role | null = tenant?.memberships[0]?.role ?? null;
  if (!tenant || (!role && !user.isPlatformAdmin)) throw notFoundError('tenant');
  return {
    user,
    tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name, status: tenant.status },
    principal: { userId: user.id, isPlatformAdmin: user.isPlatformAdmin, role },
  };
}
