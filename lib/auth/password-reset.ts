// One-time password-reset links, made by a platform admin for a user (there is no email here: the admin hands the
// link over). Only the token's SHA-256 is stored; a link works once, for PASSWORD_RESET_TTL_HOURS, and a newer link
// for the same user replaces older ones. Using it sets the password (sign-up's rules, argon2id) and ends every
// session of the user, so whoever held the old password is out at once. The token names its user: it can reset
// nobody else.
import 'server-only';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { db } from '@/lib/db/client';
import { notFoundError, parseInput } from '@/lib/errors';
import { hashPassword } from '@/lib/auth/password';
import { recordAudit } from '@/lib/audit/record';
import { accessChanged } from '@/lib/auth/revocation';
import { hashToken } from '@/lib/tenants/members';
import { ZPassword } from '@/lib/tenants/schemas';
import type { SessionUser } from '@/lib/auth/context';

export const PASSWORD_RESET_TTL_HOURS = 24;

export const ZPasswordResetRedeem = z.strictObject({ password: ZPassword });

const GONE = 'password reset link (it may have expired or already been used)';

export type CreatedPasswordReset = { userId: string; email: string; token: string; path: string; expiresAt: Date };

/** Makes a reset link for `userId`; the token is returned only now. Older unused links of the user stop working. */
export async function createPasswordReset(admin: SessionUser, userId: string): Promise<CreatedPasswordReset> {
  const token = randomBytes(32).toString('base64url');
  const now = new Date();
  const expiresAt = new Date(now.getTime() + PASSWORD_RESET_TTL_HOURS * 3_600_000);
  const email = await db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true } });
    if (!user) throw notFoundError('user');
    const replaced = await tx.passwordReset.updateMany({
      where: { userId, usedAt: null, expiresAt: { gt: now } },
      data: { expiresAt: now },
    });
    const reset = await tx.passwordReset.create({ data: { userId, tokenHash: hashToken(token), createdById: admin.id, createdAt: now, expiresAt } });
    await recordAudit(tx, {
      tenantId: null,
      actorId: admin.id,
      action: 'user.password_reset_link_created',
      targetType: 'user',
      targetId: userId,
      metadata: { email: user.email, resetId: reset.id, expiresAt: expiresAt.toISOString(), replaced: replaced.count },
    });
    return user.email;
  });
  return { userId, email, token, path: `/reset-password/${token}`, expiresAt };
}

async function pending(token: string) {
  // A token is 43 base64url characters; anything else cannot match and is not worth a lookup.
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const r = await db().passwordReset.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, userId: true, usedAt: true, expiresAt: true, createdById: true, user: { select: { email: true, name: true } } },
  });
  if (!r || r.usedAt || r.expiresAt <= new Date()) return null;
  return r;
}

/** Whom a link is for, or null when it is unknown, used or expired (the page says so). */
export async function previewPasswordReset(token: string): Promise<{ email: string; name: string; expiresAt: Date } | null> {
  const r = await pending(token);
  return r ? { email: r.user.email, name: r.user.name, expiresAt: r.expiresAt } : null;
}

/** Sets the link's user's password and ends all their sessions; the link is spent. Returns the email to sign in with. */
export async function redeemPasswordReset(token: string, input: unknown): Promise<{ email: string }> {
  const { password } = parseInput(ZPasswordResetRedeem, input);
  const r = await pending(token);
  if (!r) throw notFoundError(GONE);
  // Hashed before the transaction (argon2 takes a while); the claim below decides whether it is used.
  const passwordHash = await hashPassword(password);
  await db().$transaction(async (tx) => {
    const now = new Date();
    // Claimed conditionally first: of two submits of one link, exactly one sets a password.
    const claimed = await tx.passwordReset.updateMany({ where: { id: r.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (claimed.count !== 1) throw notFoundError(GONE);
    await tx.passwordReset.updateMany({ where: { userId: r.userId, usedAt: null, expiresAt: { gt: now } }, data: { expiresAt: now } });
    await tx.user.update({ where: { id: r.userId }, data: { passwordHash } });
    const ended = await tx.userSession.updateMany({ where: { userId: r.userId, revokedAt: null }, data: { revokedAt: now } });
    await recordAudit(tx, {
      tenantId: null,
      actorId: r.userId,
      action: 'user.password_reset',
      targetType: 'user',
      targetId: r.userId,
      metadata: { email: r.user.email, resetId: r.id, linkCreatedBy: r.createdById, sessionsEnded: ended.count },
    });
  });
  accessChanged({ userId: r.userId });
  return { email: r.user.email };
}
