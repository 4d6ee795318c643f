// The full role matrix, written out by hand so that a change to the policy has to change this table too.
import { describe, expect, it } from 'vitest';
import { ACTION_MIN_ROLE, ROLES, TENANT_ACTIONS, can, canManageRole, isAtLeast, type Principal, type TenantAction } from './policy';
import type { Role } from '@/lib/generated/prisma/enums';

type Allowed = { owner: boolean; admin: boolean; member: boolean; viewer: boolean };
const Y = true;
const N = false;

// Who may do what in an ACTIVE tenant, and why.
const ACTIVE: Record<TenantAction, Allowed & { reason: string }> = {
  'tenant.read': { owner: Y, admin: Y, member: Y, viewer: Y, reason: 'every member sees the organisation' },
  'resource.read': { owner: Y, admin: Y, member: Y, viewer: Y, reason: 'viewers exist to read resources' },
  'resource.readSecrets': { owner: Y, admin: Y, member: Y, viewer: N, reason: 'user-data may hold secrets: for those who may change the instance' },
  'resource.create': { owner: Y, admin: Y, member: Y, viewer: N, reason: 'members build things; viewers only look' },
  'resource.operate': { owner: Y, admin: Y, member: Y, viewer: N, reason: 'start/stop is a change' },
  'resource.delete': { owner: Y, admin: Y, member: Y, viewer: N, reason: 'members may delete what they build' },
  'resource.terminal': { owner: Y, admin: Y, member: Y, viewer: N, reason: 'a shell can change anything inside the instance' },
  'function.deploy': { owner: Y, admin: Y, member: Y, viewer: N, reason: 'a new version changes what callers get' },
  'function.invoke': { owner: Y, admin: Y, member: Y, viewer: N, reason: 'a test invocation runs the tenant’s code' },
  'function.token': { owner: Y, admin: Y, member: Y, viewer: N, reason: 'a token hands out access to a private function' },
  'members.read': { owner: Y, admin: Y, member: N, viewer: N, reason: 'the member list (emails) is for admins' },
  'members.manage': { owner: Y, admin: Y, member: N, viewer: N, reason: 'admins invite and remove people' },
  'quota.read': { owner: Y, admin: Y, member: N, viewer: N, reason: 'quotas are an admin concern' },
  'billing.read': { owner: Y, admin: N, member: N, viewer: N, reason: 'money is for owners only' },
  'billing.manage': { owner: Y, admin: N, member: N, viewer: N, reason: 'money is for owners only' },
  'tenant.update': { owner: Y, admin: N, member: N, viewer: N, reason: 'renaming the organisation is for owners' },
  'tenant.delete': { owner: Y, admin: N, member: N, viewer: N, reason: 'deleting the organisation is for owners' },
};

// In a SUSPENDED tenant members may still look (reads) but change nothing.
const SUSPENDED_READS: ReadonlySet<TenantAction> = new Set([
  'tenant.read',
  'resource.read',
  'resource.readSecrets',
  'members.read',
  'quota.read',
  'billing.read',
]);

const member = (role: Role | null): Principal => ({ userId: 'u1', isPlatformAdmin: false, role });
const platformAdmin = (role: Role | null = null): Principal => ({ userId: 'pa', isPlatformAdmin: true, role });

describe('can: the full matrix', () => {
  it('covers every action the policy knows (add a row above when adding an action)', () => {
    expect([...TENANT_ACTIONS].sort()).toEqual(Object.keys(ACTIVE).sort());
    expect([...ROLES].sort()).toEqual(['admin', 'member', 'owner', 'viewer']);
  });

  const rows = TENANT_ACTIONS.flatMap((action) =>
    ROLES.flatMap((role) => [
      {
        action,
        role,
        status: 'active' as const,
        want: ACTIVE[action][role],
        reason: ACTIVE[action].reason,
      },
      {
        action,
        role,
        status: 'suspended' as const,
        want: ACTIVE[action][role] && SUSPENDED_READS.has(action),
        reason: SUSPENDED_READS.has(action) ? `read while suspended: ${ACTIVE[action].reason}` : 'suspended tenants are read-only',
      },
    ]),
  );

  it.each(rows)('$role $action in a $status tenant → $want ($reason)', ({ action, role, status, want }) => {
    expect(can(member(role), action, { status })).toBe(want);
  });

  it.each(TENANT_ACTIONS.flatMap((action) => (['active', 'suspended'] as const).map((status) => ({ action, status }))))(
    'a non-member may not $action in a $status tenant (reason: not theirs)',
    ({ action, status }) => {
      expect(can(member(null), action, { status })).toBe(false);
    },
  );

  it.each(TENANT_ACTIONS.flatMap((action) => (['active', 'suspended'] as const).map((status) => ({ action, status }))))(
    'a platform admin who is not a member may $action in a $status tenant (reason: operates the platform)',
    ({ action, status }) => {
      expect(can(platformAdmin(), action, { status })).toBe(true);
      expect(can(platformAdmin('viewer'), action, { status })).toBe(true);
    },
  );

  it('agrees with the published least roles (ACTION_MIN_ROLE) used by the UI', () => {
    for (const action of TENANT_ACTIONS) {
      const least = ROLES.filter((r) => ACTIVE[action][r]).reduce<Role | undefined>(
        (min, r) => (min === undefined || !isAtLeast(r, min) ? r : min),
        undefined,
      );
      expect(ACTION_MIN_ROLE[action], action).toBe(least);
    }
  });
});

describe('canManageRole', () => {
  const cases: { who: Principal; target: Role; current?: Role; want: boolean; reason: string }[] = [
    { who: member('owner'), target: 'owner', want: true, reason: 'owners may make owners' },
    { who: member('owner'), target: 'viewer', current: 'owner', want: true, reason: 'owners may demote owners' },
    { who: member('owner'), target: 'admin', current: 'member', want: true, reason: 'owners may manage any role' },
    { who: member('admin'), target: 'admin', want: true, reason: 'admins may grant admin' },
    { who: member('admin'), target: 'member', current: 'admin', want: true, reason: 'admins may demote admins' },
    { who: member('admin'), target: 'viewer', current: 'member', want: true, reason: 'admins may change non-owners' },
    { who: member('admin'), target: 'owner', want: false, reason: 'admins may not grant owner' },
    { who: member('admin'), target: 'owner', current: 'member', want: false, reason: 'admins may not promote to owner' },
    { who: member('admin'), target: 'admin', current: 'owner', want: false, reason: 'admins may not demote an owner' },
    { who: member('admin'), target: 'owner', current: 'owner', want: false, reason: 'admins may not remove an owner' },
    { who: member('member'), target: 'viewer', want: false, reason: 'members manage nobody' },
    { who: member('member'), target: 'member', current: 'viewer', want: false, reason: 'members manage nobody' },
    { who: member('viewer'), target: 'viewer', want: false, reason: 'viewers manage nobody' },
    { who: member(null), target: 'viewer', want: false, reason: 'non-members manage nobody' },
    { who: platformAdmin(), target: 'owner', want: true, reason: 'platform admins may fix any tenant' },
    { who: platformAdmin(), target: 'viewer', current: 'owner', want: true, reason: 'platform admins may demote owners' },
  ];
  it.each(cases)('$reason', ({ who, target, current, want }) => {
    expect(canManageRole(who, target, current)).toBe(want);
  });
});

describe('isAtLeast', () => {
  it.each([
    { role: 'owner' as const, min: 'viewer' as const, want: true, reason: 'owner outranks everyone' },
    { role: 'viewer' as const, min: 'member' as const, want: false, reason: 'viewer is the lowest' },
    { role: 'admin' as const, min: 'admin' as const, want: true, reason: 'equal role suffices' },
    { role: null, min: 'viewer' as const, want: false, reason: 'no role is below every role' },
  ])('$reason', ({ role, min, want }) => {
    expect(isAtLeast(role, min)).toBe(want);
  });
});
