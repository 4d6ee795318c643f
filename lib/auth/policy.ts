// The one answer to "may this principal do this action on this tenant?". Pure: no I/O, tested as a full matrix.
import type { Role } from '@/lib/generated/prisma/enums';

export const ROLES = ['owner', 'admin', 'member', 'viewer'] as const satisfies readonly Role[];

const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

/** Every action a tenant-scoped request can ask for, with the least role that may do it. */
export const ACTION_MIN_ROLE = {
  'tenant.read': 'viewer',
  'resource.read': 'viewer',
  /** What an instance was given that may hold secrets (a VM's user-data script): not for read-only viewers. */
  'resource.readSecrets': 'member',
  'resource.create': 'member',
  /** Start, restart, snapshot, restore: each makes something run (and be billed) or changes what is there. */
  'resource.operate': 'member',
  /** Stopping only ends work (and its billing): allowed even while the organisation is suspended. */
  'resource.stop': 'member',
  'resource.delete': 'member',
  /** A shell inside an instance can change anything in it, so it is an operation, never a read. */
  'resource.terminal': 'member',
  /** A new version of a function's code or settings, or pointing it back at an older one: it changes what callers get. */
  'function.deploy': 'member',
  /** Running a function from the console (the Test panel) executes the tenant's code, so it is an operation. */
  'function.invoke': 'member',
  /** Making or replacing a private function's invoke token hands out access to it. */
  'function.token': 'member',
  'members.read': 'admin',
  'members.manage': 'admin',
  'quota.read': 'admin',
  /** The organisation's audit log names its members and their addresses: for those who manage members. */
  'audit.read': 'admin',
  'billing.read': 'owner',
  'billing.manage': 'owner',
  'tenant.update': 'owner',
  'tenant.delete': 'owner',
} as const satisfies Record<string, Role>;

export type TenantAction = keyof typeof ACTION_MIN_ROLE;
export const TENANT_ACTIONS = Object.keys(ACTION_MIN_ROLE) as TenantAction[];

/** Actions that only read: still allowed while a tenant is suspended. */
const READ_ONLY: readonly TenantAction[] = ['tenant.read', 'resource.read', 'resource.readSecrets', 'members.read', 'quota.read', 'audit.read', 'billing.read'];

/**
 * What members may still do in a suspended organisation: read, and stop or delete what they have (both only end
 * work and cost). Everything that creates, starts, deploys, invokes or changes members, budgets or settings waits for
 * reactivation.
 */
export const ALLOWED_WHILE_SUSPENDED: ReadonlySet<TenantAction> = new Set([...READ_ONLY, 'resource.stop', 'resource.delete']);

export type Principal = {
  userId: string;
  isPlatformAdmin: boolean;
  /** The principal's role in the tenant asked about; null when not a member. */
  role: Role | null;
};

export type TenantState = { status: 'active' | 'suspended' };

export function can(principal: Principal, action: TenantAction, tenant: TenantState): boolean {
  // Suspension binds platform admins too: what it stopped stays stopped until one of them reactivates the tenant.
  if (tenant.status === 'suspended' && !ALLOWED_WHILE_SUSPENDED.has(action)) return false;
  if (principal.isPlatformAdmin) return true;
  if (!principal.role) return false;
  return RANK[principal.role] >= RANK[ACTION_MIN_ROLE[action]];
}

/** Only owners (and platform admins) may hand out, take away or change the owner role. */
export function canManageRole(principal: Principal, target: Role, current?: Role): boolean {
  if (principal.isPlatformAdmin) return true;
  if (principal.role === 'owner') return true;
  return principal.role === 'admin' && target !== 'owner' && current !== 'owner';
}

export function isAtLeast(role: Role | null, min: Role): boolean {
  return role !== null && RANK[role] >= RANK[min];
}

/** The lesser of two roles (an API token's role capped by its owner's current one). */
export function lowerRole(a: Role, b: Role): Role {
  return RANK[a] <= RANK[b] ? a : b;
}

/** Whether `action` is refused only because the tenant is suspended (the UI shows it disabled, with why). */
export function blockedBySuspension(principal: Principal, action: TenantAction, tenant: TenantState): boolean {
  return tenant.status === 'suspended' && !can(principal, action, tenant) && can(principal, action, { status: 'active' });
}
