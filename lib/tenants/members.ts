// Members of a tenant: list, invite (everyone joins only by accepting), change role, remove.
// The last owner can never be removed or demoted: checked under a row lock so two concurrent changes cannot both pass.
import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { db, type Prisma } from '@/lib/db/client';
import { AppError, notFoundError, parseInput } from '@/lib/errors';
import { canManageRole } from '@/lib/auth/policy';
import { authorize, type TenantContext } from '@/lib/auth/context';
import { recordAudit } from '@/lib/audit/record';
import { accessChanged } from '@/lib/auth/revocation';
import { ZChangeRole, ZInvite } from '@/lib/tenants/schemas';
import type { Role } from '@/lib/generated/prisma/enums';

export const INVITATION_TTL_DAYS = 7;

export type MemberView = { id: string; userId: string; email: string; name: string; role: Role; createdAt: Date };
export type InvitationView = { id: string; email: string; role: Role; expiresAt: Date; createdAt: Date };

export async function listMembers(ctx: TenantContext): Promise<{ members: MemberView[]; invitations: InvitationView[] }> {
  authorize(ctx, 'members.read');
  const [memberships, invitations] = await Promise.all([
    db().membership.findMany({
      where: { tenantId: ctx.tenant.id },
      include: { user: { select: { email: true, name: true } } },
      orderBy: { createdAt: 'asc' },
    }),
    db().invitation.findMany({
      where: { tenantId: ctx.tenant.id, acceptedAt: null, expiresAt: { gt: new Date() } },
      select: { id: true, email: true, role: true, expiresAt: true, createdAt: true },
      orderBy: { createdAt: 'asc' },
    }),
  ]);
  return {
    members: memberships.map((m) => ({
      id: m.id,
      userId: m.userId,
      email: m.user.email,
      name: m.user.name,
      role: m.role,
      createdAt: m.createdAt,
    })),
    invitations,
  };
}

/** `token` is shown once to the inviter, who may pass the link on; only its hash is stored. */
export type InviteResult = { kind: 'invited'; invitationId: string; email: string; role: Role; token: string };

/**
 * Invites someone by email. Nobody joins without consent: a person who already has an account sees the invitation
 * among their pending ones (and may accept or decline it), one who has none gets it through the link. The answer is
 * the same either way, so that it does not tell the inviter whether an email has an account.
 */
export async function inviteMember(ctx: TenantContext, input: unknown): Promise<InviteResult> {
  authorize(ctx, 'members.manage');
  const { email, role } = parseInput(ZInvite, input);
  assertMayGrant(ctx, role);
  return db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email }, select: { id: true } });
    if (user) {
      const existing = await tx.membership.findUnique({
        where: { userId_tenantId: { userId: user.id, tenantId: ctx.tenant.id } },
      });
      if (existing) {
        throw new AppError('conflict', 'This person is already a member.', { email: 'Already a member of this organisation.' });
      }
    }
    const token = randomBytes(24).toString('base64url');
    const data = {
      role,
      tokenHash: hashToken(token),
      invitedById: ctx.user.id,
      expiresAt: new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000),
      acceptedAt: null,
    };
    const inv = await tx.invitation.upsert({
      where: { tenantId_email: { tenantId: ctx.tenant.id, email } },
      create: { tenantId: ctx.tenant.id, email, ...data },
      update: data,
    });
    await audit(tx, ctx, 'member.invited', 'invitation', inv.id, { email, role });
    return { kind: 'invited', invitationId: inv.id, email, role, token };
  });
}

export async function changeMemberRole(ctx: TenantContext, membershipId: string, input: unknown): Promise<void> {
  authorize(ctx, 'members.manage');
  const { role } = parseInput(ZChangeRole, input);
  const userId = await db().$transaction(async (tx) => {
    const m = await findMembership(tx, ctx, membershipId);
    assertMayGrant(ctx, role, m.role);
    if (m.role === role) return null;
    if (m.role === 'owner') await assertNotLastOwner(tx, ctx.tenant.id, 'demote');
    await tx.membership.update({ where: { id: m.id }, data: { role } });
    await audit(tx, ctx, 'member.role_changed', 'membership', m.id, { from: m.role, to: role });
    return m.userId;
  });
  // An open terminal of theirs re-checks now (a viewer may not keep one).
  if (userId) accessChanged({ userId, tenantId: ctx.tenant.id });
}

export async function removeMember(ctx: TenantContext, membershipId: string): Promise<void> {
  const userId = await db().$transaction(async (tx) => {
    const m = await findMembership(tx, ctx, membershipId);
    // Anyone may leave; removing someone else needs members.manage and the right to manage their role.
    if (m.userId !== ctx.user.id) {
      authorize(ctx, 'members.manage');
      assertMayGrant(ctx, m.role, m.role);
    }
    if (m.role === 'owner') await assertNotLastOwner(tx, ctx.tenant.id, 'remove');
    await tx.membership.delete({ where: { id: m.id } });
    await audit(tx, ctx, 'member.removed', 'membership', m.id, { userId: m.userId, role: m.role });
    return m.userId;
  });
  // Their open terminals in this tenant close now; their next request here is a 404 anyway.
  accessChanged({ userId, tenantId: ctx.tenant.id });
}

export async function revokeInvitation(ctx: TenantContext, invitationId: string): Promise<void> {
  authorize(ctx, 'members.manage');
  await db().$transaction(async (tx) => {
    const inv = await tx.invitation.findFirst({ where: { id: invitationId, tenantId: ctx.tenant.id, acceptedAt: null } });
    if (!inv) throw notFoundError('invitation');
    assertMayGrant(ctx, inv.role);
    await tx.invitation.delete({ where: { id: inv.id } });
    await audit(tx, ctx, 'member.invitation_revoked', 'invitation', inv.id, { email: inv.email });
  });
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function assertMayGrant(ctx: TenantContext, role: Role, current?: Role): void {
  if (!canManageRole(ctx.principal, role, current)) {
    throw new AppError('forbidden', 'Only owners can grant, change or remove the owner role.', {
      role: 'Only owners can grant, change or remove the owner role.',
    });
  }
}

async function findMembership(tx: Prisma.TransactionClient, ctx: TenantContext, id: string) {
  const m = await tx.membership.findFirst({ where: { id, tenantId: ctx.tenant.id } });
  if (!m) throw notFoundError('member');
  return m;
}

async function assertNotLastOwner(tx: Prisma.TransactionClient, tenantId: string, verb: 'remove' | 'demote') {
  // FOR UPDATE serialises concurrent owner changes in one tenant: the second waits and then sees the first's result.
  const owners = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Membership" WHERE "tenantId" = ${tenantId} AND role = 'owner' FOR UPDATE`;
  if (owners.length <= 1) {
    throw new AppError(
      'last_owner',
      `You cannot ${verb} the last owner. Make someone else an owner first.`,
      { role: 'An organisation always needs at least one owner.' },
    );
  }
}

function audit(
  tx: Prisma.TransactionClient,
  ctx: TenantContext,
  action: string,
  targetType: string,
  targetId: string,
  metadata: Prisma.InputJsonValue,
) {
  return recordAudit(tx, { tenantId: ctx.tenant.id, actorId: ctx.user.id, action, targetType, targetId, metadata });
}
