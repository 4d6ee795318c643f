// Who is asking, and in which tenant. The tenant always comes from the URL's slug checked against the signed-in
// user's memberships, never from form or body fields; a tenant the user may not see is reported as not found.
import 'server-only';
import { cache } from 'react';
import { auth } from '@/lib/auth/auth';
import { AppError, notFoundError } from '@/lib/errors';
import { findSessionUser, resolveTenant } from '@/lib/auth/principal';
import type { SessionUser, TenantContext } from '@/lib/auth/context';

export { authorize, type SessionUser, type TenantContext } from '@/lib/auth/context';

/** The signed-in user, fresh from the database (so a removed user or revoked admin flag takes effect at once). */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
  return id ? findSessionUser(id) : null;
});

export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) throw new AppError('unauthenticated', 'Sign in first.');
  return user;
}

/** Resolves a tenant slug for the signed-in user, or throws not_found when the tenant is missing or not theirs. */
export const tenantContext = cache(async (slug: string): Promise<TenantContext> => resolveTenant(await requireUser(), slug));

export async function requirePlatformAdmin(): Promise<SessionUser> {
  const user = await requireUser();
  // Reported as not found: the admin area's existence is not advertised to other users.
  if (!user.isPlatformAdmin) throw notFoundError('page');
  return user;
}
