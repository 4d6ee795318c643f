// Who is asking, and in which tenant. The tenant always comes from the URL's slug checked against the signed-in
// user's memberships, never from form or body fields; a tenant the user may not see is reported as not found.
// An /api/v1 request with `Authorization: Bearer …` is answered for its API token instead of any cookie
// (lib/auth/request-credential.ts): the token's owner, its one organisation at the token's (capped) role, and the
// admin area only for a platform-admin token.
import 'server-only';
import { cache } from 'react';
import { auth } from '@/lib/auth/auth';
import { AppError, notFoundError } from '@/lib/errors';
import { findSessionUser, resolveTenant } from '@/lib/auth/principal';
import type { SessionUser, TenantContext } from '@/lib/auth/context';
import { noteRefusal } from '@/lib/audit/context';
import { isBearerRequest, requestToken } from '@/lib/auth/request-credential';
import { recheckApiToken } from '@/lib/auth/api-tokens';

export { authorize, type SessionUser, type TenantContext } from '@/lib/auth/context';

/** The signed-in user, fresh from the database: a revoked session, a disabled or removed user or a revoked admin
 * flag takes effect at once. */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const token = requestToken();
  if (token) return token.user;
  // A Bearer header whose token did not resolve: the request is nobody's, whatever cookie came with it.
  if (isBearerRequest()) return null;
  const session = await auth();
  const id = session?.user?.id;
  return id ? findSessionUser(id, session.sessionId) : null;
});

/** The server-side id of the request's session (to mark "this device" and to revoke it on sign-out). */
export async function currentSessionId(): Promise<string | undefined> {
  return (await auth())?.sessionId;
}

export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) throw new AppError('unauthenticated', 'Sign in first.');
  return user;
}

/** Resolves a tenant slug for the signed-in user, or throws not_found when the tenant is missing or not theirs. */
export const tenantContext = cache(async (slug: string): Promise<TenantContext> => {
  const user = await requireUser();
  return resolveTenant(user, slug, requestToken()?.tenant ?? undefined);
});

/**
 * For a response that outlives its request (an event stream): a function that resolves the request's credential
 * (its session, or its API token) and its access to `slug` afresh, throwing an AppError once either is gone. Call
 * it while the request is in progress; the function it returns may be called at any time after.
 */
export async function tenantAccessRecheck(slug: string): Promise<() => Promise<TenantContext>> {
  const token = requestToken();
  if (token) {
    const tokenId = token.tokenId;
    return async () => {
      const t = await recheckApiToken(tokenId);
      return resolveTenant(t.user, slug, t.tenant ?? undefined);
    };
  }
  const user = await requireUser();
  const sessionId = await currentSessionId();
  return async () => {
    const fresh = await findSessionUser(user.id, sessionId);
    if (!fresh) throw new AppError('unauthenticated', 'Signed out.');
    return resolveTenant(fresh, slug);
  };
}

/** The signed-in user of a browser session: refuses API tokens (403 token_not_allowed) for what only a person may
 * do, such as making or revoking tokens and managing sessions, so that a leaked token cannot extend itself. */
export async function requireSessionUser(): Promise<SessionUser> {
  if (requestToken()) {
    throw new AppError('token_not_allowed', 'API tokens cannot do this: sign in to the console.');
  }
  return requireUser();
}

export async function requirePlatformAdmin(): Promise<SessionUser> {
  const user = await requireUser();
  // Reported as not found: the admin area's existence is not advertised to other users.
  if (!user.isPlatformAdmin) {
    noteRefusal({ reason: 'not_admin' });
    throw notFoundError('page');
  }
  return user;
}
