// The request's principal and tenant, as resolved by lib/auth/session.ts, and the check every domain call makes.
// Kept free of Auth.js imports so domain code and its tests do not load the web framework.
import { AppError } from '@/lib/errors';
import { can, type Principal, type TenantAction } from '@/lib/auth/policy';
import type { TenantStatus } from '@/lib/generated/prisma/enums';
import { noteRefusal } from '@/lib/audit/context';

export type SessionUser = { id: string; email: string; name: string; isPlatformAdmin: boolean };

export type TenantContext = {
  user: SessionUser;
  tenant: { id: string; slug: string; name: string; status: TenantStatus };
  principal: Principal;
};

/** Why a suspended organisation's member is refused (the API's problem title, a form's message). */
export const SUSPENDED_MESSAGE =
  'This organisation is suspended: you can view, stop and delete, but creating, starting and other changes are disabled until a platform admin reactivates it.';

/** Throws forbidden (or tenant_suspended) unless the context's principal may do `action`. */
export function authorize(ctx: TenantContext, action: TenantAction): void {
  if (can(ctx.principal, action, ctx.tenant)) return;
  const suspended = ctx.tenant.status === 'suspended' && (ctx.principal.role !== null || ctx.principal.isPlatformAdmin);
  noteRefusal({ action, tenantId: ctx.tenant.id, reason: suspended ? 'suspended' : 'role' });
  if (suspended) throw new AppError('tenant_suspended', SUSPENDED_MESSAGE);
  throw new AppError('forbidden', 'Your role in this organisation does not allow that.');
}
