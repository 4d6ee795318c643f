// Who is asking, and in which tenant. The tenant always comes from the URL's slug checked against the signed-in
// user's memberships, never from form or body fields; a tenant the user may not see is reported as not found.
import 'server-only';
import { cache } from 'react';
import { auth } from '@/lib/auth/auth';
import { db } from '@/lib/db/client';
import { AppError, notFoundError } from '@/lib/errors';
import { can, type Principal, type TenantAction } from '@/lib/auth/policy';
import type { Role, TenantStatus } from '@/lib/generated/prisma/enums';

export type SessionUser = { id: string; email: string; name: string; isPlatformAdmin: boolean };

export type TenantContext = {
  user: SessionUser;
  tenant: { id: string; slug: string; name: string; status: TenantStatus };
  principal: Principal;
};

/** The signed-in user, fresh from the database (so a removed user or revoked admin flag takes effect at once). */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  return db().user.findUnique({
    where: { id },
    select: { id: true, email: true, name: true, isPlatformAdmin: true },
  });
});

export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) throw new AppError('unauthenticated', 'Sign in first.');
  return user;
}

/** Resolves a tenant slug for a user, or throws not_found when the tenant is missing or not theirs. */
export const tenantContext = cache(async (slug: string): Promise<TenantContext> => {
  const user = await requireUser();
  const tenant = await db().tenant.findUnique({
    where: { slug },
    select: { id: true, slug: true, name: true, status: true, memberships: { where: { userId: user.id } } },
  });
  const role: Role | null = tenant?.memberships[0]?.role ?? null;
  if (!tenant || (!role && !user.isPlatformAdmin)) throw notFoundError('tenant');
  const { memberships: _m, ...t } = tenant;
  return { user, tenant: t, principal: { userId: user.id, isPlatformAdmin: user.isPlatformAdmin, role } };
});

/** Throws forbidden unless the context's principal may do `action`. */
export function authorize(ctx: TenantContext, action: TenantAction): void {
  if (can(ctx.principal, action, ctx.tenant)) return;
  if (ctx.tenant.status === 'suspended' && ctx.principal.role) {
    throw new AppError('tenant_suspended', 'This organisation is suspended: it can be viewed but not changed.');
  }
  throw new AppError('forbidden', 'Your role in this organisation does not allow that.');
}

export async function requirePlatformAdmin(): Promise<SessionUser> {
  const user = await requireUser();
  // Reported as not found: the admin area's existence is not advertised to other users.
  if (!user.isPlatformAdmin) throw notFoundError('page');
  return user;
}
