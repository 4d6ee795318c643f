// The full role matrix, written out by hand so that a change to the policy has to change this table too.
import { describe, expect, it } from 'vitest';
import { ACTION_MIN_ROLE, ROLES, TENANT_ACTIONS, blockedBySuspension, can, canManageRole, isAtLeast, type Principal, type TenantAction } from './policy';
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
  'resource.operate': { owner: Y, admin: Y, member: Y, viewer: N, reason: 'start/restart/snapshot is a change' },
  'resource.stop': { owner: Y, admin: Y, member: Y, viewer: N, reason: 'stopping is a change, for those who may start' },
  'resource.delete': { owner: Y, admin: Y, member: Y, viewer: N, reason: 'members may delete what they build' },
  'resource.terminal': { owner: Y, admin: Y, member: Y, viewer: N, reason: 'a shell can change anything inside the instance' },
  'function.deploy': { owner: Y, admin: Y, member: Y, viewer: N, reason: 'a new version changes what callers get' },
  'function.invoke': { owner: Y, admin: Y, member: Y, viewer: N, reason: 'a test invocation runs the tenant’s code' },
  'function.token': { owner: Y, admin: Y, member: Y, viewer: N, reason: 'a token hands out access to a private function' },
  'members.read': { owner: Y, admin: Y, member: N, viewer: N, reason: 'the member list (emails) is for admins' },
  'members.manage': { owner: Y, admin: Y, member: N, viewer: N, reason: 'admins invite and remove people' },
  'quota.read': { owner: Y, admin: Y, member: N, viewer: N, reason: 'quotas are an admin concern' },
  'audit.read': { owner: Y, admin: Y, member: N, viewer: N, reason: 'the audit log names members and their addresses' },
  'billing.read': { owner: Y, admin: N, member: N, viewer: N, reason: 'money is for owners only' },
  'billing.manage': { owner: Y, admin: N, member: N, viewer: N, reason: 'money is for owners only' },
  'tenant.update': { owner: Y, admin: N, member: N, viewer: N, reason: 'renaming the organisation is for owners' },
  'tenant.delete': { owner: Y, admin: N, member: N, viewer: N, reason: 'deleting the organisation is for owners' },
};

// In a SUSPENDED tenant members may still look (reads), and stop or delete what they have (it only ends work and
// cost); nothing that creates, starts, deploys, invokes or changes members, budgets or settings.
const SUSPENDED_ALLOWED: ReadonlySet<TenantAction> = new Set([
  'tenant.read',
  'resource.read',
  'resource.readSecrets',
  'members.read',
  'quota.read',
  'audit.read',
  'billing.read',
  'resource.stop',
  'resource.delete',
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
        want: ACTIVE[action][role] && SUSPENDED_ALLOWED.has(action),
        reason: SUSPENDED_ALLOWED.has(action) ? `still allowed while suspended: ${ACTIVE[action].reason}` : 'a suspended tenant creates, starts and changes nothing',
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
    'a platform admin may $action in a $status tenant unless suspension forbids it (reason: operates the platform, but reactivates before starting anything)',
    ({ action, status }) => {
      const want = status === 'active' || SUSPENDED_ALLOWED.has(action);
      expect(can(platformAdmin(), action, { status })).toBe(want);
      expect(can(platformAdmin('viewer'), action, { status })).toBe(want);
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

describe('blockedBySuspension', () => {
  it.each([
    { who: member('member'), action: 'resource.create' as const, status: 'suspended' as const, want: true, reason: 'a member could create, but the tenant is suspended' },
    { who: member('member'), action: 'resource.create' as const, status: 'active' as const, want: false, reason: 'nothing blocks an active tenant' },
    { who: member('viewer'), action: 'resource.create' as const, status: 'suspended' as const, want: false, reason: 'a viewer could not create anyway: the role, not the suspension' },
    { who: member('member'), action: 'resource.stop' as const, status: 'suspended' as const, want: false, reason: 'stopping stays allowed' },
    { who: member('member'), action: 'resource.delete' as const, status: 'suspended' as const, want: false, reason: 'deleting stays allowed' },
    { who: platformAdmin(), action: 'resource.operate' as const, status: 'suspended' as const, want: true, reason: 'a platform admin reactivates before starting' },
    { who: member(null), action: 'resource.create' as const, status: 'suspended' as const, want: false, reason: 'a non-member is refused for not being a member' },
  ])('$reason', ({ who, action, status, want }) => {
    expect(blockedBySuspension(who, action, { status })).toBe(want);
  });
});
