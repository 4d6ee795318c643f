// Platform admin: every user (searchable, cursor-paginated) with their organisations, roles and last sign-in; and
// what an admin changes about a user — disable / re-enable (every session ends at once), make or unmake platform
// admin. There is always at least one active platform admin: every change of either flag runs under one advisory
// lock and counts the admins that remain, so two admins demoting each other at the same moment cannot leave none.
import 'server-only';
import { z } from 'zod';
import { db, type Prisma } from '@/lib/db/client';
import { AppError, notFoundError, parseInput } from '@/lib/errors';
import { recordAudit } from '@/lib/audit/record';
import { afterCursor, decodeCursor, pageBody, pageOf, pageQueryShape } from '@/lib/api/pagination';
import { accessChanged } from '@/lib/auth/revocation';
import type { SessionUser } from '@/lib/auth/context';
import type { Role, TenantStatus } from '@/lib/generated/prisma/enums';

export const ZUserPatch = z
  .strictObject({
    disabled: z.boolean({ error: 'disabled must be true or false.' }).optional(),
    isPlatformAdmin: z.boolean({ error: 'isPlatformAdmin must be true or false.' }).optional(),
  })
  .refine((v) => v.disabled !== undefined || v.isPlatformAdmin !== undefined, { error: 'Send disabled, isPlatformAdmin or both.' });
export type TUserPatch = z.infer<typeof ZUserPatch>;

export const ZUserListQuery = z.strictObject({
  q: z.string().trim().max(200, { error: 'Search for at most 200 characters.' }).optional().meta({ description: 'Part of the email or name, any case.' }),
  ...pageQueryShape,
});

export type AdminUserView = {
  id: string;
  email: string;
  name: string;
  status: 'active' | 'disabled';
  disabledAt: Date | null;
  isPlatformAdmin: boolean;
  createdAt: Date;
  lastSignInAt: Date | null;
  /** Sessions not revoked and not past their end. */
  liveSessions: number;
  organisations: { tenantId: string; name: string; slug: string; status: TenantStatus; role: Role }[];
};

export type AdminUserDetail = AdminUserView & {
  /** The newest reset link still usable (its secret is never shown again), or null. */
  pendingPasswordReset: { createdAt: Date; expiresAt: Date } | null;
};

function userSelect(now: Date) {
  return {
    id: true,
    email: true,
    name: true,
    isPlatformAdmin: true,
    disabledAt: true,
    createdAt: true,
    lastSignInAt: true,
    memberships: {
      select: { role: true, tenant: { select: { id: true, name: true, slug: true, status: true } } },
      orderBy: { createdAt: 'asc' },
    },
    _count: { select: { sessions: { where: { revokedAt: null, expiresAt: { gt: now } } } } },
  } satisfies Prisma.UserSelect;
}
type UserRow = Prisma.UserGetPayload<{ select: ReturnType<typeof userSelect> }>;

function view(u: UserRow): AdminUserView {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    status: u.disabledAt ? 'disabled' : 'active',
    disabledAt: u.disabledAt,
    isPlatformAdmin: u.isPlatformAdmin,
    createdAt: u.createdAt,
    lastSignInAt: u.lastSignInAt,
    liveSessions: u._count.sessions,
    organisations: u.memberships.map((m) => ({ tenantId: m.tenant.id, name: m.tenant.name, slug: m.tenant.slug, status: m.tenant.status, role: m.role })),
  };
}

/**
 * Every user, newest first, filtered by `q` (a part of the email or name, any case), `limit` at a time; `nextCursor`
 * asks for the next page (null on the last). Stable under inserts: new users sort before the cursor, not into pages.
 */
export async function listUsers(
  query: Record<string, unknown>,
): Promise<{ users: AdminUserView[]; items: AdminUserView[]; nextCursor: string | null; total: number }> {
  const { q, cursor, limit } = parseInput(ZUserListQuery, query);
  const match: Prisma.UserWhereInput = q
    ? { OR: [{ email: { contains: q, mode: 'insensitive' } }, { name: { contains: q, mode: 'insensitive' } }] }
    : {};
  const where: Prisma.UserWhereInput = { AND: [match, afterCursor(cursor ? decodeCursor(cursor, 'date') : undefined)] };
  const [rows, total] = await Promise.all([
    db().user.findMany({ where, select: userSelect(new Date()), orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: limit + 1 }),
    db().user.count({ where: match }),
  ]);
  const page = pageOf(rows, limit, (u) => [u.createdAt, u.id]);
  return pageBody('users', { items: page.items.map(view), nextCursor: page.nextCursor }, { total });
}

export async function getUser(userId: string): Promise<AdminUserDetail> {
  const now = new Date();
  const u = await db().user.findUnique({
    where: { id: userId },
    select: {
      ...userSelect(now),
      passwordResets: {
        where: { usedAt: null, expiresAt: { gt: now } },
        select: { createdAt: true, expiresAt: true },
        orderBy: { createdAt: 'desc' },
        take: 1,
      },
    },
  });
  if (!u) throw notFoundError('user');
  return { ...view(u), pendingPasswordReset: u.passwordResets[0] ?? null };
}

/** Serialises every change of who is an active platform admin (the flag, or being disabled), on every database. */
export async function lockPlatformAdmins(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('overcast:platform-admins'))`;
}

/**
 * Disables / re-enables a user and/or makes or unmakes them platform admin. Disabling ends every session of theirs
 * at once. Refused: disabling yourself; anything that would leave no active platform admin (409 last_platform_admin);
 * an actor who is no longer an active admin by the time the change runs (a concurrent demotion) gets not_found.
 */
export async function updateUser(
  admin: SessionUser,
  userId: string,
  input: unknown,
): Promise<{ id: string; disabled: boolean; isPlatformAdmin: boolean }> {
  const patch = parseInput(ZUserPatch, input);
  if (userId === admin.id && patch.disabled === true) {
    throw new AppError('invalid_state', 'You cannot disable your own account.', { disabled: 'You cannot disable your own account.' });
  }
  const result = await db().$transaction(async (tx) => {
    await lockPlatformAdmins(tx);
    // Re-read under the lock: the admin may have been demoted or disabled since their request was authenticated.
    const actor = await tx.user.findUnique({ where: { id: admin.id }, select: { isPlatformAdmin: true, disabledAt: true } });
    if (!actor?.isPlatformAdmin || actor.disabledAt) throw notFoundError('page');
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true, disabledAt: true, isPlatformAdmin: true } });
    if (!user) throw notFoundError('user');
    const disabled = patch.disabled ?? !!user.disabledAt;
    const isPlatformAdmin = patch.isPlatformAdmin ?? user.isPlatformAdmin;
    const changes = { disabled: disabled !== !!user.disabledAt, admin: isPlatformAdmin !== user.isPlatformAdmin };
    if (!changes.disabled && !changes.admin) return { id: userId, disabled, isPlatformAdmin, ended: false };
    const wasActiveAdmin = user.isPlatformAdmin && !user.disabledAt;
    if (wasActiveAdmin && !(isPlatformAdmin && !disabled)) {
      const others = await tx.user.count({ where: { isPlatformAdmin: true, disabledAt: null, id: { not: userId } } });
      if (others === 0) {
        throw new AppError('last_platform_admin', 'This is the last active platform admin: make someone else platform admin first.', {
          [changes.admin ? 'isPlatformAdmin' : 'disabled']: 'The console must keep at least one active platform admin.',
        });
      }
    }
    const now = new Date();
    await tx.user.update({
      where: { id: userId },
      data: { ...(changes.disabled ? { disabledAt: disabled ? now : null } : {}), ...(changes.admin ? { isPlatformAdmin } : {}) },
    });
    if (changes.disabled && disabled) await tx.userSession.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
    const audit = (action: string) =>
      recordAudit(tx, { tenantId: null, actorId: admin.id, action, targetType: 'user', targetId: userId, metadata: { email: user.email } });
    if (changes.disabled) await audit(disabled ? 'user.disabled' : 'user.enabled');
    if (changes.admin) await audit(isPlatformAdmin ? 'user.platform_admin_granted' : 'user.platform_admin_revoked');
    return { id: userId, disabled, isPlatformAdmin, ended: (changes.disabled && disabled) || (changes.admin && !isPlatformAdmin) };
  });
  // Open terminals re-check now (a disabled user's close; a former admin's rights shrink).
  if (result.ended) accessChanged({ userId });
  return { id: result.id, disabled: result.disabled, isPlatformAdmin: result.isPlatformAdmin };
}

/** Disables or re-enables a user (issue 12's API; same rules as updateUser). */
export async function setUserDisabled(admin: SessionUser, userId: string, input: unknown): Promise<{ id: string; disabled: boolean }> {
  const { disabled } = parseInput(z.strictObject({ disabled: z.boolean({ error: 'disabled must be true or false.' }) }), input);
  const r = await updateUser(admin, userId, { disabled });
  return { id: r.id, disabled: r.disabled };
}
