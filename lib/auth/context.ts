// The request's principal and tenant, as resolved by lib/auth/session.ts, and the check every domain call makes.
// Kept free of Auth.js imports so domain code and its tests do not load the web framework.
import { AppError } from '@/lib/errors';
import { can, type Principal, type TenantAction } from '@/lib/auth/policy';
import type { TenantStatus } from '@/lib/generated/prisma/enums';

export type SessionUser = { id: string; email: string; name: string; isPlatformAdmin: boolean };

export type TenantContext = {
  user: SessionUser;
  tenant: { id: string; slug: string; name: string; status: TenantStatus };
  principal: Principal;
};

/** Throws forbidden (or tenant_suspended) unless the context's principal may do `action`. */
export function authorize(ctx: TenantContext, action: TenantAction): void {
  if (can(ctx.principal, action, ctx.tenant)) return;
  if (ctx.tenant.status === 'suspended' && ctx.principal.role) {
    throw new AppError('tenant_suspended', 'This organisation is suspended: it can be viewed but not changed.');
  }
  throw new AppError('forbidden', 'Your role in this organisation does not allow that.');
}
