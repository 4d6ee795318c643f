// Checking an email and password at sign-in: rate-limited before the password is looked at (lib/auth/rate-limit.ts),
// the same work for unknown emails (a decoy hash) so that timing does not reveal accounts, disabled users refused,
// and a server-side session opened (and the time kept as the user's last sign-in) for a success. Kept apart from
// Auth.js so that tests can drive it directly.
import 'server-only';
import { z } from 'zod';
import { db } from '@/lib/db/client';
import { decoyHash, verifyPassword } from '@/lib/auth/password';
import { beginLoginAttempt, loginSucceeded } from '@/lib/auth/rate-limit';
import { createUserSession } from '@/lib/auth/sessions';
import { recordAudit } from '@/lib/audit/record';

const ZCredentials = z.object({ email: z.string().trim().toLowerCase().max(320), password: z.string().max(1024) });

export type CredentialsOutcome =
  | { ok: true; user: { id: string; email: string; name: string }; sessionId: string }
  | { ok: false; reason: 'invalid' | 'rate_limited' | 'address_rate_limited' | 'disabled' };

export async function checkCredentials(
  raw: unknown,
  meta: { address: string; userAgent?: string | null },
): Promise<CredentialsOutcome> {
  const parsed = ZCredentials.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: 'invalid' };
  const { email, password } = parsed.data;
  // Counted before the password is checked: parallel guesses cannot all slip in under the limit.
  const attempt = await beginLoginAttempt(email, meta.address);
  if (!attempt.allowed) return { ok: false, reason: attempt.reason === 'pair' ? 'rate_limited' : 'address_rate_limited' };
  const user = await db().user.findUnique({ where: { email } });
  const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);
  // Every failed sign-in that got past the rate limit is audited, an unknown email too: the same write on both paths
  // keeps the timing from telling them apart, and the rate limit bounds how many an address can add.
  const audit = { tenantId: null, actorId: user?.id ?? null, action: 'user.sign_in', targetType: 'user', targetId: user?.id, clientAddress: meta.address };
  if (!user || !ok) {
    await recordAudit(db(), { ...audit, outcome: 'refused', metadata: { reason: 'invalid_credentials', email } });
    return { ok: false, reason: 'invalid' };
  }
  await loginSucceeded(attempt);
  if (user.disabledAt) {
    await recordAudit(db(), { ...audit, outcome: 'refused', metadata: { reason: 'disabled' } });
    return { ok: false, reason: 'disabled' };
  }
  const sessionId = await createUserSession(user.id, { userAgent: meta.userAgent, address: meta.address });
  await recordAudit(db(), { ...audit, metadata: { session: sessionId } });
  // For the admin user list (User.lastSignInAt); bookkeeping, so a failure here must not fail the sign-in.
  await db()
    .user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } })
    .catch((err: unknown) => console.error('[auth] could not record the last sign-in', err));
  return { ok: true, user: { id: user.id, email: user.email, name: user.name }, sessionId };
}
