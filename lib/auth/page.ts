// Guards for pages and layouts: turn "not signed in" into a redirect to sign-in and "not yours" into a 404.
import 'server-only';
import { forbidden, notFound, redirect } from 'next/navigation';
import { AppError } from '@/lib/errors';
import { currentUser, requirePlatformAdmin, tenantContext } from '@/lib/auth/session';
import { authorize, type SessionUser, type TenantContext } from '@/lib/auth/context';
import type { TenantAction } from '@/lib/auth/policy';

function handle(err: unknown): never {
  if (err instanceof AppError && err.code === 'unauthenticated') redirect('/login');
  if (err instanceof AppError && err.code === 'not_found') notFound();
  if (err instanceof AppError && (err.code === 'forbidden' || err.code === 'tenant_suspended')) forbidden();
  throw err;
}

export async function pageUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect('/login');
  return user;
}

export async function pageTenant(slug: string): Promise<TenantContext> {
  return tenantContext(slug).catch(handle);
}

export async function pageAdmin(): Promise<SessionUser> {
  return requirePlatformAdmin().catch(handle);
}

/** Resolves the tenant and renders the 403 page unless the user's role allows `action`. */
export async function pageTenantFor(slug: string, action: TenantAction): Promise<TenantContext> {
  const ctx = await pageTenant(slug);
  try {
    authorize(ctx, action);
  } catch (err) {
    handle(err);
  }
  return ctx;
}
