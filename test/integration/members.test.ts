// Member management (lib/tenants/members.ts, lib/tenants/invitations.ts) against the real database: the
// last-owner rule (also under concurrency), invitations, who may grant which role, and tenant isolation.
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { changeMemberRole, inviteMember, listMembers, removeMember, revokeInvitation } from '@/lib/tenants/members';
import { acceptInvitation, acceptMyInvitation, declineMyInvitation, listMyInvitations, previewInvitation } from '@/lib/tenants/invitations';
import { addMember, contextFor, createUser, errorOf, tableCounts, tenantWith } from '../fixtures';

const ownersOf = (tenantId: string) => db().membership.count({ where: { tenantId, role: 'owner' } });
const roleOf = async (membershipId: string) => (await db().membership.findUnique({ where: { id: membershipId } }))?.role;

describe('last-owner rule', () => {
  it('the only owner cannot be demoted or removed, by themself or by a platform admin', async () => {
    const { tenant, people } = await tenantWith({ owner: 'owner', admin: 'admin' });
    const platformAdmin = await createUser({ isPlatformAdmin: true });
    const asOwner = await contextFor(people.owner.userId, tenant.id);
    const asPlatform = await contextFor(platformAdmin.id, tenant.id);
    const attempts = [
      { call: () => changeMemberRole(asOwner, people.owner.membershipId, { role: 'admin' }), reason: 'owner demotes self' },
      { call: () => removeMember(asOwner, people.owner.membershipId), reason: 'owner leaves' },
      { call: () => changeMemberRole(asPlatform, people.owner.membershipId, { role: 'viewer' }), reason: 'platform admin demotes' },
      { call: () => removeMember(asPlatform, people.owner.membershipId), reason: 'platform admin removes' },
    ];
    for (const a of attempts) {
      const err = await errorOf(a.call);
      expect(err.code, a.reason).toBe('last_owner');
      expect(err.fields.role, a.reason).toMatch(/at least one owner/);
    }
    expect(await roleOf(people.owner.membershipId)).toBe('owner');
  });

  it('an owner can be demoted, and then removed, once there is a second owner', async () => {
    const { tenant, people } = await tenantWith({ first: 'owner', second: 'admin' });
    const asFirst = await contextFor(people.first.userId, tenant.id);
    await changeMemberRole(asFirst, people.second.membershipId, { role: 'owner' });
    expect(await ownersOf(tenant.id)).toBe(2);

    await changeMemberRole(asFirst, people.first.membershipId, { role: 'member' });
    expect(await roleOf(people.first.membershipId)).toBe('member');
    // Each request builds its context afresh: as a member now, the first may no longer manage anyone.
    const asFirstNow = await contextFor(people.first.userId, tenant.id);
    expect((await errorOf(() => removeMember(asFirstNow, people.second.membershipId))).code).toBe('forbidden');

    const asSecond = await contextFor(people.second.userId, tenant.id);
    await changeMemberRole(asSecond, people.first.membershipId, { role: 'owner' });
    await removeMember(asSecond, people.first.membershipId);
    expect(await roleOf(people.first.membershipId)).toBeUndefined();
    expect(await ownersOf(tenant.id)).toBe(1);
    const actions = (await db().auditEvent.findMany({ where: { tenantId: tenant.id }, orderBy: { createdAt: 'asc' } })).map((e) => e.action);
    expect(actions).toEqual(['member.role_changed', 'member.role_changed', 'member.role_changed', 'member.removed']);
  });

  it('two owners demoting each other at the same time leave exactly one owner', async () => {
    for (let round = 0; round < 3; round++) {
      const { tenant, people } = await tenantWith({ a: 'owner', b: 'owner' });
      const asA = await contextFor(people.a.userId, tenant.id);
      const asB = await contextFor(people.b.userId, tenant.id);
      const results = await Promise.allSettled([
        changeMemberRole(asA, people.b.membershipId, { role: 'member' }),
        changeMemberRole(asB, people.a.membershipId, { role: 'member' }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(rejected).toHaveLength(1);
      expect(rejected[0].reason).toMatchObject({ code: 'last_owner' });
      expect(await ownersOf(tenant.id)).toBe(1);
    }
  });

  it('two owners removing each other at the same time leave exactly one owner', async () => {
    const { tenant, people } = await tenantWith({ a: 'owner', b: 'owner' });
    const asA = await contextFor(people.a.userId, tenant.id);
    const asB = await contextFor(people.b.userId, tenant.id);
    const results = await Promise.allSettled([
      removeMember(asA, people.b.membershipId),
      removeMember(asB, people.a.membershipId),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await ownersOf(tenant.id)).toBe(1);
  });
});

describe('inviting', () => {
  // Finding 10 of the security round: adding a known email made that person a member at once, without asking.
  it('existing user consent (finding 10): an existing user is only invited, and joins only by accepting', async () => {
    const { tenant, people } = await tenantWith({ admin: 'admin' });
    const existing = await createUser({ email: 'existing@example.test' });
    const asExisting = { id: existing.id, email: existing.email, name: existing.name, isPlatformAdmin: false };
    const ctx = await contextFor(people.admin.userId, tenant.id);
    const isMember = async () => !!(await db().membership.findUnique({ where: { userId_tenantId: { userId: existing.id, tenantId: tenant.id } } }));

    const result = await inviteMember(ctx, { email: ' Existing@Example.TEST ', role: 'member' });
    // The same answer as for an unknown email: the inviter does not learn whether the account exists.
    expect(result).toMatchObject({ kind: 'invited', email: 'existing@example.test', role: 'member' });
    expect(await isMember()).toBe(false);
    expect((await contextFor(existing.id, tenant.id)).principal.role).toBeNull();
    expect(await db().auditEvent.findFirst({ where: { tenantId: tenant.id, action: 'member.invited' } })).not.toBeNull();

    // The invitee sees it among their pending invitations …
    const mine = await listMyInvitations(asExisting);
    expect(mine).toEqual([expect.objectContaining({ tenantName: tenant.name, tenantSlug: tenant.slug, role: 'member' })]);
    expect(mine[0]!.invitedBy).toContain('admin');
    // … which nobody else can see or answer.
    const stranger = await createUser();
    const asStranger = { id: stranger.id, email: stranger.email, name: stranger.name, isPlatformAdmin: false };
    expect(await listMyInvitations(asStranger)).toEqual([]);
    expect((await errorOf(() => acceptMyInvitation(asStranger, mine[0]!.id))).code).toBe('not_found');
    expect((await errorOf(() => declineMyInvitation(asStranger, mine[0]!.id))).code).toBe('not_found');
    expect(await isMember()).toBe(false);

    // Accepting makes them a member with the invited role; the invitation is used up.
    expect(await acceptMyInvitation(asExisting, mine[0]!.id)).toEqual({ tenantSlug: tenant.slug });
    expect(await isMember()).toBe(true);
    expect((await contextFor(existing.id, tenant.id)).principal.role).toBe('member');
    expect(await listMyInvitations(asExisting)).toEqual([]);
    expect((await errorOf(() => acceptMyInvitation(asExisting, mine[0]!.id))).code).toBe('not_found');
    expect(await db().auditEvent.findFirst({ where: { tenantId: tenant.id, action: 'member.joined', actorId: existing.id } })).not.toBeNull();

    const again = await errorOf(() => inviteMember(ctx, { email: 'existing@example.test', role: 'viewer' }));
    expect(again.code).toBe('conflict');
    expect(again.fields.email).toMatch(/Already a member/);
  });

  it('existing user consent (finding 10): a declined invitation leaves them out, and can be sent again', async () => {
    const { tenant, people } = await tenantWith({ owner: 'owner' });
    const invitee = await createUser();
    const asInvitee = { id: invitee.id, email: invitee.email, name: invitee.name, isPlatformAdmin: false };
    const ctx = await contextFor(people.owner.userId, tenant.id);
    await inviteMember(ctx, { email: invitee.email, role: 'admin' });
    const [inv] = await listMyInvitations(asInvitee);
    await declineMyInvitation(asInvitee, inv!.id);
    expect(await db().membership.count({ where: { userId: invitee.id } })).toBe(0);
    expect(await listMyInvitations(asInvitee)).toEqual([]);
    expect((await listMembers(ctx)).invitations).toEqual([]);
    expect((await errorOf(() => acceptMyInvitation(asInvitee, inv!.id))).code).toBe('not_found');
    expect(await db().auditEvent.findFirst({ where: { tenantId: tenant.id, action: 'member.invitation_declined' } })).not.toBeNull();
    // Expired invitations are not offered either.
    await inviteMember(ctx, { email: invitee.email, role: 'viewer' });
    await db().invitation.updateMany({ where: { tenantId: tenant.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await listMyInvitations(asInvitee)).toEqual([]);
  });

  it('an unknown email gets an invitation whose token creates the user and membership exactly once', async () => {
    const { tenant, people } = await tenantWith({ owner: 'owner' });
    const ctx = await contextFor(people.owner.userId, tenant.id);
    const result = await inviteMember(ctx, { email: 'newcomer@example.test', role: 'admin' });
    if (result.kind !== 'invited') throw new Error(`expected an invitation, got ${result.kind}`);
    expect(await db().user.count({ where: { email: 'newcomer@example.test' } })).toBe(0);
    const stored = await db().invitation.findUniqueOrThrow({ where: { id: result.invitationId } });
    expect(stored.tokenHash).not.toContain(result.token); // only the hash is stored
    expect((await listMembers(ctx)).invitations.map((i) => i.email)).toEqual(['newcomer@example.test']);
    expect(await previewInvitation(result.token)).toEqual({
      tenantName: tenant.name,
      email: 'newcomer@example.test',
      role: 'admin',
      accountExists: false,
    });

    // Invalid input writes nothing and leaves the invitation usable.
    const invalid = await errorOf(() => acceptInvitation(result.token, { name: 'New', password: 'short' }, null));
    expect(invalid.code).toBe('validation_failed');
    expect(invalid.fields.password).toBeDefined();
    expect(await db().user.count({ where: { email: 'newcomer@example.test' } })).toBe(0);

    const accepted = await acceptInvitation(result.token, { name: 'New Comer', password: 'a long enough password' }, null);
    expect(accepted).toEqual({ tenantSlug: tenant.slug, email: 'newcomer@example.test', createdAccount: true });
    const user = await db().user.findUniqueOrThrow({ where: { email: 'newcomer@example.test' } });
    expect(user.name).toBe('New Comer');
    const m = await db().membership.findUniqueOrThrow({ where: { userId_tenantId: { userId: user.id, tenantId: tenant.id } } });
    expect(m.role).toBe('admin');

    const before = await tableCounts();
    const second = await errorOf(() => acceptInvitation(result.token, { name: 'Again', password: 'a long enough password' }, null));
    expect(second.code).toBe('not_found');
    expect(await tableCounts()).toEqual(before);
    expect(await previewInvitation(result.token)).toBeNull();
  });

  it('two accepts of one token at the same time create one account', async () => {
    const { tenant, people } = await tenantWith({ owner: 'owner' });
    const ctx = await contextFor(people.owner.userId, tenant.id);
    const result = await inviteMember(ctx, { email: 'double@example.test', role: 'member' });
    if (result.kind !== 'invited') throw new Error('expected an invitation');
    const input = { name: 'Double', password: 'a long enough password' };
    const results = await Promise.allSettled([
      acceptInvitation(result.token, input, null),
      acceptInvitation(result.token, input, null),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await db().user.count({ where: { email: 'double@example.test' } })).toBe(1);
    expect(await db().membership.count({ where: { tenantId: tenant.id } })).toBe(2);
  });

  it('an invitation for an existing account must be accepted while signed in as that account', async () => {
    const { tenant, people } = await tenantWith({ owner: 'owner' });
    const ctx = await contextFor(people.owner.userId, tenant.id);
    const result = await inviteMember(ctx, { email: 'later@example.test', role: 'viewer' });
    if (result.kind !== 'invited') throw new Error('expected an invitation');
    // The account appears after the invitation was sent (e.g. they signed up meanwhile).
    const later = await createUser({ email: 'later@example.test' });
    const stranger = await createUser();
    const asStranger = { id: stranger.id, email: stranger.email, name: stranger.name, isPlatformAdmin: false };
    expect((await errorOf(() => acceptInvitation(result.token, {}, null))).code).toBe('unauthenticated');
    expect((await errorOf(() => acceptInvitation(result.token, {}, asStranger))).code).toBe('unauthenticated');
    const asLater = { id: later.id, email: later.email, name: later.name, isPlatformAdmin: false };
    expect(await acceptInvitation(result.token, {}, asLater)).toMatchObject({ createdAccount: false });
    expect(await roleOf((await db().membership.findFirstOrThrow({ where: { userId: later.id } })).id)).toBe('viewer');
  });
});

describe('who may grant what', () => {
  it.each([
    { actor: 'admin', op: 'invite an owner', reason: 'admins may not grant owner' },
    { actor: 'admin', op: 'promote a member to owner', reason: 'admins may not grant owner' },
    { actor: 'admin', op: 'demote an owner', reason: 'admins may not change an owner' },
    { actor: 'admin', op: 'remove an owner', reason: 'admins may not remove an owner' },
    { actor: 'member', op: 'invite a viewer', reason: 'members may not manage members' },
    { actor: 'viewer', op: 'remove a member', reason: 'viewers may not manage members' },
  ] as const)('$actor may not $op ($reason)', async ({ actor, op }) => {
    const { tenant, people } = await tenantWith({ owner: 'owner', second: 'owner', admin: 'admin', member: 'member', viewer: 'viewer' });
    const ctx = await contextFor(people[actor].userId, tenant.id);
    const calls = {
      'invite an owner': () => inviteMember(ctx, { email: 'boss@example.test', role: 'owner' }),
      'promote a member to owner': () => changeMemberRole(ctx, people.member.membershipId, { role: 'owner' }),
      'demote an owner': () => changeMemberRole(ctx, people.owner.membershipId, { role: 'member' }),
      'remove an owner': () => removeMember(ctx, people.owner.membershipId),
      'invite a viewer': () => inviteMember(ctx, { email: 'someone@example.test', role: 'viewer' }),
      'remove a member': () => removeMember(ctx, people.member.membershipId),
    };
    const before = await tableCounts();
    const roles = await db().membership.findMany({ where: { tenantId: tenant.id }, select: { id: true, role: true }, orderBy: { id: 'asc' } });
    expect((await errorOf(calls[op])).code).toBe('forbidden');
    expect(await tableCounts()).toEqual(before);
    expect(await db().membership.findMany({ where: { tenantId: tenant.id }, select: { id: true, role: true }, orderBy: { id: 'asc' } })).toEqual(roles);
  });

  it('an admin may invite and manage non-owner roles', async () => {
    const { tenant, people } = await tenantWith({ owner: 'owner', admin: 'admin', member: 'member' });
    const ctx = await contextFor(people.admin.userId, tenant.id);
    await changeMemberRole(ctx, people.member.membershipId, { role: 'admin' });
    expect(await roleOf(people.member.membershipId)).toBe('admin');
    expect((await inviteMember(ctx, { email: 'helper@example.test', role: 'admin' })).kind).toBe('invited');
  });

  it('a suspended tenant can be read but not changed', async () => {
    const { tenant, people } = await tenantWith({ owner: 'owner', member: 'member' }, { status: 'suspended' });
    const ctx = await contextFor(people.owner.userId, tenant.id);
    expect((await listMembers(ctx)).members).toHaveLength(2);
    expect((await errorOf(() => inviteMember(ctx, { email: 'x@example.test', role: 'viewer' }))).code).toBe('tenant_suspended');
    expect((await errorOf(() => changeMemberRole(ctx, people.member.membershipId, { role: 'viewer' }))).code).toBe('tenant_suspended');
  });
});

describe('tenant isolation', () => {
  it("a context of tenant A cannot touch tenant B's members or invitations: not_found, nothing changes", async () => {
    const a = await tenantWith({ owner: 'owner' });
    const b = await tenantWith({ owner: 'owner', member: 'member' });
    const asAOwner = await contextFor(a.people.owner.userId, a.tenant.id);
    const bInvite = await inviteMember(await contextFor(b.people.owner.userId, b.tenant.id), { email: 'b-invitee@example.test', role: 'viewer' });
    if (bInvite.kind !== 'invited') throw new Error('expected an invitation');

    const before = await tableCounts();
    const bRows = () => db().membership.findMany({ where: { tenantId: b.tenant.id }, orderBy: { id: 'asc' } });
    const rowsBefore = await bRows();
    const calls = [
      { call: () => changeMemberRole(asAOwner, b.people.member.membershipId, { role: 'admin' }), reason: 'change role' },
      { call: () => changeMemberRole(asAOwner, b.people.owner.membershipId, { role: 'viewer' }), reason: 'demote their owner' },
      { call: () => removeMember(asAOwner, b.people.member.membershipId), reason: 'remove' },
      { call: () => removeMember(asAOwner, b.people.owner.membershipId), reason: 'remove their owner' },
      { call: () => revokeInvitation(asAOwner, bInvite.invitationId), reason: 'revoke invitation' },
    ];
    for (const c of calls) expect((await errorOf(c.call)).code, c.reason).toBe('not_found');
    expect(await tableCounts()).toEqual(before);
    expect(await bRows()).toEqual(rowsBefore);
    expect((await listMembers(asAOwner)).members.map((m) => m.userId)).toEqual([a.people.owner.userId]);
  });

  it('a member of B who is not a member of A gets nothing from A', async () => {
    const a = await tenantWith({ owner: 'owner' });
    const b = await tenantWith({ owner: 'owner' });
    const outsider = await contextFor(b.people.owner.userId, a.tenant.id);
    expect(outsider.principal.role).toBeNull();
    expect((await errorOf(() => listMembers(outsider))).code).toBe('forbidden');
    expect((await errorOf(() => inviteMember(outsider, { email: 'x@example.test', role: 'viewer' }))).code).toBe('forbidden');
  });
});

describe('platform admin', () => {
  it('may manage members of a tenant it does not belong to, including granting owner', async () => {
    const { tenant, people } = await tenantWith({ owner: 'owner', member: 'member' });
    const pa = await createUser({ isPlatformAdmin: true });
    const ctx = await contextFor(pa.id, tenant.id);
    await changeMemberRole(ctx, people.member.membershipId, { role: 'owner' });
    expect(await ownersOf(tenant.id)).toBe(2);
    const added = await addMember(tenant.id, (await createUser()).id, 'viewer');
    await removeMember(ctx, added.id);
    expect(await roleOf(added.id)).toBeUndefined();
  });
});
