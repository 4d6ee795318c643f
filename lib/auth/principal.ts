// A user and their tenant, read fresh from the database from a session cookie's claims and a tenant slug. Shared by
// the request path (lib/auth/session.ts, which gets the claims from Auth.js) and the terminal's WebSocket upgrade and
// periodic re-check (which decode the session cookie themselves), so all resolve sessions, tenants and roles alike.
import 'server-only';
import { db } from '@/lib/db/client';
import { notFoundError } from '@/lib/errors';
import { liveSessionUser } from '@/lib/auth/sessions';
import type { SessionUser, TenantContext } from '@/lib/auth/context';
import type { Role } from '@/lib/generated/prisma/enums';
import { lowerRole } from '@/lib/auth/policy';
import { noteRefusal, noteTenant } from '@/lib/audit/context';

/**
 * The user behind a session cookie's claims (user id and server-side session id), or null when the session was
 * revoked or ended, or the user is gone or disabled: each takes effect at the next request.
 */
export function findSessionUser(userId: string, sessionId: string | undefined): Promise<SessionUser | null> {
  return liveSessionUser(userId, sessionId);
}

/**
 * Resolves a tenant slug for a user, or throws not_found when the tenant is missing or not theirs. `scope` (an API
 * token's organisation and role) limits the answer to that organisation, at the lower of the token's role and the
 * user's current one.
 */
export async function resolveTenant(user: SessionUser, slug: string, scope?: { id: string; role: Role }): Promise<TenantContext> {
  const tenant = await db().tenant.findUnique({
    where: { slug },
    select: { id: true, slug: true, name: true, status: true, deletingAt: true, memberships: { where: { userId: user.id } } },
  });
  const memberRole: Role | null = tenant?.memberships[0]?.role ?? null;
  let role = memberRole;
  if (scope) role = tenant?.id === scope.id && memberRole ? lowerRole(memberRole, scope.role) : null;
  // An organisation being deleted is gone for everyone at once (its rows go once the engines are cleared).
  if (!tenant || tenant.deletingAt) throw notFoundError('tenant');
  if (!role && !user.isPlatformAdmin) {
    // Told apart from a missing tenant in the audit log only (not attributed to that tenant's log).
    noteRefusal({ reason: 'not_member' });
    throw notFoundError('tenant');
  }
  noteTenant(tenant.id);
  return {
    user,
    tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name, status: tenant.status },
    principal: { userId: user.id, isPlatformAdmin: user.isPlatformAdmin, role },
  };
}
