// Server-side sessions: every sign-in is a UserSession row whose id the session cookie (a JWT) carries. The cookie
// alone proves nothing after sign-out: each request, page and open terminal checks that its row is live (not revoked,
// not past its end) and that the user is not disabled. Sign-out revokes the row; "sign out everywhere" revokes all.
// Kept free of Auth.js imports so that domain code, the terminal and their tests can use it.
import 'server-only';
import { db } from '@/lib/db/client';
import { notFoundError } from '@/lib/errors';
import { recordAudit } from '@/lib/audit/record';
import { accessChanged } from '@/lib/auth/revocation';
import type { SessionUser } from '@/lib/auth/context';

/** How long a sign-in lasts at most (the cookie's lifetime too). */
export const SESSION_MAX_AGE_S = 12 * 60 * 60;
/** lastSeenAt is written at most this often per session, so that reads do not turn into a write each. */
const TOUCH_MS = 60_000;

export type SessionView = {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  userAgent: string | null;
  address: string | null;
  current: boolean;
};

export async function createUserSession(userId: string, meta: { userAgent?: string | null; address?: string | null }): Promise<string> {
  const now = new Date();
  const s = await db().userSession.create({
    data: {
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_S * 1000),
      userAgent: meta.userAgent?.slice(0, 300) || null,
      address: meta.address?.slice(0, 100) || null,
    },
    select: { id: true },
  });
  return s.id;
}

/**
 * The user behind a session cookie's claims, or null when the session was revoked, has ended or belongs to someone
 * else, or the user is gone or disabled. The one check every way in (requests, pages, terminals) goes through.
 */
export async function liveSessionUser(userId: string, sessionId: string | undefined, now = new Date()): Promise<SessionUser | null> {
  // A cookie without a session id predates server-side sessions (or was forged without one): not a session.
  if (!sessionId) return null;
  const s = await db().userSession.findUnique({
    where: { id: sessionId },
    select: {
      userId: true,
      revokedAt: true,
      expiresAt: true,
      lastSeenAt: true,
      user: { select: { id: true, email: true, name: true, isPlatformAdmin: true, disabledAt: true } },
    },
  });
  if (!s || s.userId !== userId || s.revokedAt || s.expiresAt <= now || s.user.disabledAt) return null;
  if (now.getTime() - s.lastSeenAt.getTime() > TOUCH_MS) {
    // Conditional, so that parallel requests of one session write once; a failure here must not fail the request.
    await db()
      .userSession.updateMany({ where: { id: sessionId, lastSeenAt: s.lastSeenAt }, data: { lastSeenAt: now } })
      .catch(() => {});
  }
  const { id, email, name, isPlatformAdmin } = s.user;
  return { id, email, name, isPlatformAdmin };
}

/** Ends one session (sign-out). Unknown or already revoked ids are ignored. */
export async function revokeSession(sessionId: string): Promise<void> {
  const s = await db().userSession.findUnique({ where: { id: sessionId }, select: { userId: true } });
  await db().$transaction(async (tx) => {
    const done = await tx.userSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
    // Auth.js's signOut event revokes again after signOutAction did: only the first one is a sign-out.
    if (done.count === 1 && s) {
      await recordAudit(tx, { tenantId: null, actorId: s.userId, action: 'user.signed_out', targetType: 'session', targetId: sessionId });
    }
  });
  if (s) accessChanged({ userId: s.userId });
}

/** The user's sessions that are still live, newest first. */
export async function listMySessions(user: SessionUser, currentSessionId: string | undefined): Promise<SessionView[]> {
  const rows = await db().userSession.findMany({
    where: { userId: user.id, revokedAt: null, expiresAt: { gt: new Date() } },
    select: { id: true, createdAt: true, lastSeenAt: true, expiresAt: true, userAgent: true, address: true },
    orderBy: { createdAt: 'desc' },
  });
  return rows.map((r) => ({ ...r, current: r.id === currentSessionId }));
}

/** Ends one of the user's own sessions; another user's id is reported as not found. */
export async function revokeMySession(user: SessionUser, sessionId: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const done = await tx.userSession.updateMany({
      where: { id: sessionId, userId: user.id, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (done.count !== 1) throw notFoundError('session');
    await recordAudit(tx, { tenantId: null, actorId: user.id, action: 'user.session_revoked', targetType: 'session', targetId: sessionId });
  });
  accessChanged({ userId: user.id });
}

/** "Sign out everywhere": ends every session of the user, this one included. Returns how many were live. */
export async function revokeAllMySessions(user: SessionUser): Promise<number> {
  const count = await db().$transaction(async (tx) => {
    const done = await tx.userSession.updateMany({ where: { userId: user.id, revokedAt: null }, data: { revokedAt: new Date() } });
    await recordAudit(tx, {
      tenantId: null,
      actorId: user.id,
      action: 'user.sessions_revoked',
      targetType: 'user',
      targetId: user.id,
      metadata: { count: done.count },
    });
    return done.count;
  });
  accessChanged({ userId: user.id });
  return count;
}
