// Sign-in rate limiting, in the database so that it holds across restarts and processes. Two limits over a sliding
// window: failures per email+address (so that an attacker elsewhere cannot lock the real user out) and failures per
// address whatever the email (so that one address cannot try a password against many accounts).
// An attempt is counted BEFORE its password is checked, in a transaction that holds an advisory lock on the address:
// parallel attempts queue on that lock, each sees the ones before it, and no more than the limit are ever checked.
// A success then takes its own count back (and clears the email+address pair); a failure leaves it counted.
import 'server-only';
import { db } from '@/lib/db/client';
import { env } from '@/lib/env';

export function loginKey(email: string, address: string): string {
  return `${email.trim().toLowerCase()}|${address}`;
}

/** The key under which every failure from one address is counted as well. */
export function addressKey(address: string): string {
  return `address|${address}`;
}

function windowStart(now: Date): Date {
  return new Date(now.getTime() - env().OVERCAST_LOGIN_WINDOW_MINUTES * 60_000);
}

export type LoginAttempt =
  | { allowed: true; email: string; address: string; ids: string[] }
  | { allowed: false; reason: 'pair' | 'address' };

/**
 * Counts one attempt for `email` from `address` unless either limit is already reached. Call before checking the
 * password; then `loginSucceeded` (or nothing: the attempt stays counted as a failure).
 */
export async function beginLoginAttempt(email: string, address: string, now = new Date()): Promise<LoginAttempt> {
  const pair = loginKey(email, address);
  const perAddress = addressKey(address);
  const since = windowStart(now);
  return db().$transaction(async (tx) => {
    // Serialises attempts from one address (and so of every pair from it) until this transaction ends, on
    // PostgreSQL and PGlite alike. hashtext collisions only make two unrelated addresses wait for each other.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`login:${address}`}))`;
    const [pairCount, addressCount] = await Promise.all([
      tx.loginFailure.count({ where: { key: pair, createdAt: { gt: since } } }),
      tx.loginFailure.count({ where: { key: perAddress, createdAt: { gt: since } } }),
    ]);
    if (pairCount >= env().OVERCAST_LOGIN_MAX_FAILURES) return { allowed: false, reason: 'pair' } as const;
    if (addressCount >= env().OVERCAST_LOGIN_MAX_FAILURES_PER_ADDRESS) return { allowed: false, reason: 'address' } as const;
    const a = await tx.loginFailure.create({ data: { key: pair, createdAt: now }, select: { id: true } });
    const b = await tx.loginFailure.create({ data: { key: perAddress, createdAt: now }, select: { id: true } });
    // Keep the table small: anything outside the window no longer counts.
    await tx.loginFailure.deleteMany({ where: { createdAt: { lte: since } } });
    return { allowed: true, email, address, ids: [a.id, b.id] } as const;
    // A burst of parallel attempts queues here: give the queue time rather than failing the later ones.
  }, { maxWait: 15_000, timeout: 15_000 });
}

/** The password was right: this attempt was no failure, and the pair's earlier failures are forgiven. The address's
 * other failures stay (one valid account must not reset the count of an address trying many). */
export async function loginSucceeded(attempt: Extract<LoginAttempt, { allowed: true }>): Promise<void> {
  await db().loginFailure.deleteMany({
    where: { OR: [{ id: { in: attempt.ids } }, { key: loginKey(attempt.email, attempt.address) }] },
  });
}

/** Whether the next attempt would be refused (for tests and diagnostics; sign-in itself uses beginLoginAttempt). */
export async function isLoginBlocked(email: string, address: string, now = new Date()): Promise<boolean> {
  const since = windowStart(now);
  const [pairCount, addressCount] = await Promise.all([
    db().loginFailure.count({ where: { key: loginKey(email, address), createdAt: { gt: since } } }),
    db().loginFailure.count({ where: { key: addressKey(address), createdAt: { gt: since } } }),
  ]);
  return pairCount >= env().OVERCAST_LOGIN_MAX_FAILURES || addressCount >= env().OVERCAST_LOGIN_MAX_FAILURES_PER_ADDRESS;
}
