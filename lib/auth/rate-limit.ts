// Sign-in rate limiting: failures are counted per email+IP over a sliding window, in the database so that it holds
// across restarts and processes. Keyed by the pair so that an attacker cannot lock the real user out.
import 'server-only';
import { db } from '@/lib/db/client';
import { env } from '@/lib/env';

export function loginKey(email: string, ip: string): string {
  return `${email.trim().toLowerCase()}|${ip}`;
}

function windowStart(now: Date): Date {
  return new Date(now.getTime() - env().OVERCAST_LOGIN_WINDOW_MINUTES * 60_000);
}

export async function isLoginBlocked(key: string, now = new Date()): Promise<boolean> {
  const failures = await db().loginFailure.count({ where: { key, createdAt: { gt: windowStart(now) } } });
  return failures >= env().OVERCAST_LOGIN_MAX_FAILURES;
}

export async function recordLoginFailure(key: string): Promise<void> {
  const now = new Date();
  await db().$transaction([
    db().loginFailure.create({ data: { key, createdAt: now } }),
    // Keep the table small: anything outside the window no longer counts.
    db().loginFailure.deleteMany({ where: { createdAt: { lte: windowStart(now) } } }),
  ]);
}

export async function clearLoginFailures(key: string): Promise<void> {
  await db().loginFailure.deleteMany({ where: { key } });
}
