// Accepting an invitation link: a new person sets a name and password; an existing user joins while signed in.
import 'server-only';
import { db } from '@/lib/db/client';
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
    // Marking it accepted first, conditionally, makes a double submit a no-op rather than a second account.
    const claimed = await tx.invitation.updateMany({ where: { id: inv.id, acceptedAt: null }, data: { acceptedAt: new Date() } });
    if (claimed.count !== 1) throw notFoundError('invitation (it may have expired or been used)');
    const userId = existing
      ? existing.id
      : (await tx.user.create({ data: { email: inv.email, ...newAccount! } })).id;
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
  });
  return { tenantSlug: inv.tenant.slug, email: inv.email, createdAccount: !existing };
}
