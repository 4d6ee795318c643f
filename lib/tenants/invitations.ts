// Answering an invitation: through its link (a new person sets a name and password; an existing user accepts while
// signed in as the invited email), or, for a signed-in user, from their list of pending invitations (accept or
// decline). Nobody becomes a member of an organisation without accepting.
import 'server-only';
import { db, type Prisma } from '@/lib/db/client';
import { AppError, notFoundError, parseInput } from '@/lib/errors';
import { hashPassword } from '@/lib/auth/password';
import { recordAudit } from '@/lib/audit/record';
import { hashToken } from '@/lib/tenants/members';
import { ZAcceptInvite } from '@/lib/tenants/schemas';
import type { SessionUser } from '@/lib/auth/context';
import type { Role } from '@/lib/generated/prisma/enums';

export type InvitationPreview = { tenantName: string; email: string; role: Role; accountExists: boolean };

async function pending(token: string) {
  const inv = await db().invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { tenant: { select: { id: true, name: true, slug: true } } },
  });
  if (!inv || inv.acceptedAt || inv.expiresAt <= new Date()) return null;
  return inv;
}

export async function previewInvitation(token: string): Promise<InvitationPreview | null> {
  const inv = await pending(token);
  if (!inv) return null;
  const user = await db().user.findUnique({ where: { email: inv.email }, select: { id: true } });
  return { tenantName: inv.tenant.name, email: inv.email, role: inv.role, accountExists: !!user };
}

/** Accepts the invitation; returns the tenant slug and whether a new account was created. */
export async function acceptInvitation(
  token: string,
  input: unknown,
  signedIn: SessionUser | null,
): Promise<{ tenantSlug: string; email: string; createdAccount: boolean }> {
  const inv = await pending(token);
  if (!inv) throw notFoundError('invitation (it may have expired or been used)');
  const existing = await db().user.findUnique({ where: { email: inv.email }, select: { id: true } });
  let newAccount: { name: string; passwordHash: string } | null = null;
  if (existing) {
    if (signedIn?.id !== existing.id) {
      throw new AppError('unauthenticated', `Sign in as ${inv.email} to accept this invitation.`);
    }
  } else {
    const { name, password } = parseInput(ZAcceptInvite, input);
    newAccount = { name, passwordHash: await hashPassword(password) };
  }
  await db().$transaction(async (tx) => {
    await join(tx, inv, existing ? existing.id : async () => (await tx.user.create({ data: { email: inv.email, ...newAccount! } })).id);
  });
  return { tenantSlug: inv.tenant.slug, email: inv.email, createdAccount: !existing };
}

type PendingRow = { id: string; tenantId: string; email: string; role: Role };

/** Claims the invitation and adds the membership, in the caller's transaction. `user` may create the account. */
async function join(tx: Prisma.TransactionClient, inv: PendingRow, user: string | (() => Promise<string>)): Promise<void> {
  // Marking it accepted first, conditionally, makes a double submit a no-op rather than a second account.
  const claimed = await tx.invitation.updateMany({
    where: { id: inv.id, acceptedAt: null, expiresAt: { gt: new Date() } },
    data: { acceptedAt: new Date() },
  });
  if (claimed.count !== 1) throw notFoundError('invitation (it may have expired or been used)');
  const userId = typeof user === 'string' ? user : await user();
  const m = await tx.membership.upsert({
    where: { userId_tenantId: { userId, tenantId: inv.tenantId } },
    create: { userId, tenantId: inv.tenantId, role: inv.role },
    update: {},
  });
  await recordAudit(tx, {
    tenantId: inv.tenantId,
    actorId: userId,
    action: 'member.joined',
    targetType: 'membership',
    targetId: m.id,
    metadata: { email: inv.email, role: inv.role },
  });
}

export type MyInvitation = { id: string; tenantName: string; tenantSlug: string; role: Role; invitedBy: string | null; expiresAt: Date; createdAt: Date };

/** The signed-in user's pending invitations (to their own email), newest first. */
export async function listMyInvitations(user: SessionUser): Promise<MyInvitation[]> {
  const rows = await db().invitation.findMany({
    where: { email: user.email, acceptedAt: null, expiresAt: { gt: new Date() } },
    include: { tenant: { select: { name: true, slug: true } } },
    orderBy: { createdAt: 'desc' },
  });
  const inviters = await db().user.findMany({
    where: { id: { in: rows.map((r) => r.invitedById).filter((x): x is string => !!x) } },
    select: { id: true, name: true, email: true },
  });
  const by = new Map(inviters.map((u) => [u.id, `${u.name} (${u.email})`]));
  return rows.map((r) => ({
    id: r.id,
    tenantName: r.tenant.name,
    tenantSlug: r.tenant.slug,
    role: r.role,
    invitedBy: (r.invitedById && by.get(r.invitedById)) ?? null,
    expiresAt: r.expiresAt,
    createdAt: r.createdAt,
  }));
}

async function myPending(user: SessionUser, id: string) {
  const inv = await db().invitation.findFirst({
    where: { id, email: user.email, acceptedAt: null, expiresAt: { gt: new Date() } },
    include: { tenant: { select: { slug: true } } },
  });
  // Someone else's invitation is reported exactly like a missing one.
  if (!inv) throw notFoundError('invitation (it may have expired or been used)');
  return inv;
}

/** Accepts one of the signed-in user's pending invitations; returns the organisation's slug. */
export async function acceptMyInvitation(user: SessionUser, id: string): Promise<{ tenantSlug: string }> {
  const inv = await myPending(user, id);
  await db().$transaction((tx) => join(tx, inv, user.id));
  return { tenantSlug: inv.tenant.slug };
}

/** Declines one of the signed-in user's pending invitations: it is deleted, and the organisation may invite again. */
export async function declineMyInvitation(user: SessionUser, id: string): Promise<void> {
  const inv = await myPending(user, id);
  await db().$transaction(async (tx) => {
    const gone = await tx.invitation.deleteMany({ where: { id: inv.id, acceptedAt: null } });
    if (gone.count !== 1) throw notFoundError('invitation (it may have expired or been used)');
    await recordAudit(tx, {
      tenantId: inv.tenantId,
      actorId: user.id,
      action: 'member.invitation_declined',
      targetType: 'invitation',
      targetId: inv.id,
      metadata: { email: inv.email, role: inv.role },
    });
  });
}

/** How many invitations wait for the user's answer (shown in the console's header). */
export function countMyInvitations(user: Pick<SessionUser, 'email'>): Promise<number> {
  return db().invitation.count({ where: { email: user.email, acceptedAt: null, expiresAt: { gt: new Date() } } });
}
