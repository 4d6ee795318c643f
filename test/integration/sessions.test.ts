// Server-side sessions (lib/auth/sessions.ts) against the real database: what makes a session cookie stop working
// at once (sign-out, sign out everywhere, revoking one, a disabled user), and that users only see and end their own.
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { checkCredentials } from '@/lib/auth/credentials';
import { findSessionUser } from '@/lib/auth/principal';
import { listMySessions, revokeAllMySessions, revokeMySession, revokeSession } from '@/lib/auth/sessions';
import { setUserDisabled } from '@/lib/admin/users';
import { createUser, errorOf, PASSWORD, uniqueSuffix } from '../fixtures';

let n = 0;
/** Signs in as Auth.js does, from its own address each time (the rate limit is not under test here). */
async function signIn(email: string, password = PASSWORD) {
  const outcome = await checkCredentials({ email, password }, { address: `198.18.0.${++n}`, userAgent: `browser-${n}` });
  if (!outcome.ok) throw new Error(`sign-in refused: ${outcome.reason}`);
  return outcome;
}
const asUser = (u: { id: string; email: string; name: string }) => ({ id: u.id, email: u.email, name: u.name, isPlatformAdmin: false });

describe('sessions (finding 6)', () => {
  it('sign-out ends the session at once; another session of the same user is unaffected', async () => {
    const user = await createUser({ email: `s-${uniqueSuffix()}@example.test` });
    const a = await signIn(user.email);
    const b = await signIn(user.email);
    expect(await findSessionUser(user.id, a.sessionId)).toMatchObject({ id: user.id, email: user.email });
    await revokeSession(a.sessionId);
    expect(await findSessionUser(user.id, a.sessionId)).toBeNull();
    expect(await findSessionUser(user.id, b.sessionId)).not.toBeNull();
  });

  it('a cookie without a session id, with another user’s session id, or past its end is no session', async () => {
    const user = await createUser();
    const other = await createUser();
    const s = await signIn(user.email);
    expect(await findSessionUser(user.id, undefined)).toBeNull();
    expect(await findSessionUser(other.id, s.sessionId)).toBeNull();
    await db().userSession.update({ where: { id: s.sessionId }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await findSessionUser(user.id, s.sessionId)).toBeNull();
  });

  it('sign out everywhere ends every session; listing and revoking one see only the user’s own', async () => {
    const user = await createUser();
    const intruder = await createUser();
    const [a, b] = [await signIn(user.email), await signIn(user.email)];
    const theirs = await signIn(intruder.email);
    const listed = await listMySessions(asUser(user), a.sessionId);
    expect(listed.map((s) => [s.id, s.current])).toEqual([
      [b.sessionId, false],
      [a.sessionId, true],
    ]);
    expect(listed[0]).toMatchObject({ userAgent: expect.stringMatching(/^browser-/), address: expect.stringMatching(/^198\.18\.0\./) });
    // Another user's session id: not found, and it stays live.
    expect((await errorOf(() => revokeMySession(asUser(user), theirs.sessionId))).code).toBe('not_found');
    expect(await findSessionUser(intruder.id, theirs.sessionId)).not.toBeNull();

    await revokeMySession(asUser(user), b.sessionId);
    expect(await findSessionUser(user.id, b.sessionId)).toBeNull();
    expect(await findSessionUser(user.id, a.sessionId)).not.toBeNull();
    const c = await signIn(user.email);
    expect(await revokeAllMySessions(asUser(user))).toBe(2);
    for (const s of [a, b, c]) expect(await findSessionUser(user.id, s.sessionId)).toBeNull();
    expect(await listMySessions(asUser(user), undefined)).toEqual([]);
    expect(await findSessionUser(intruder.id, theirs.sessionId)).not.toBeNull();
    expect(await db().auditEvent.count({ where: { actorId: user.id, action: { in: ['user.session_revoked', 'user.sessions_revoked'] } } })).toBe(2);
  });

  it('a disabled user’s sessions end and sign-in is refused, until re-enabled', async () => {
    const admin = await createUser({ isPlatformAdmin: true });
    const asAdmin = { ...asUser(admin), isPlatformAdmin: true };
    const user = await createUser();
    const s = await signIn(user.email);
    expect(await setUserDisabled(asAdmin, user.id, { disabled: true })).toEqual({ id: user.id, disabled: true });
    expect(await findSessionUser(user.id, s.sessionId)).toBeNull();
    expect(await checkCredentials({ email: user.email, password: PASSWORD }, { address: '198.18.1.1' })).toEqual({ ok: false, reason: 'disabled' });
    // A wrong password still says only "invalid": being disabled is not revealed without the password.
    expect(await checkCredentials({ email: user.email, password: 'wrong' }, { address: '198.18.1.1' })).toEqual({ ok: false, reason: 'invalid' });
    expect(await db().auditEvent.count({ where: { action: 'user.disabled', targetId: user.id, actorId: admin.id } })).toBe(1);

    await setUserDisabled(asAdmin, user.id, { disabled: false });
    expect(await findSessionUser(user.id, s.sessionId)).toBeNull(); // old sessions stay ended
    expect((await signIn(user.email)).ok).toBe(true);

    expect((await errorOf(() => setUserDisabled(asAdmin, admin.id, { disabled: true }))).code).toBe('invalid_state');
    expect((await errorOf(() => setUserDisabled(asAdmin, 'nope', { disabled: true }))).code).toBe('not_found');
    expect((await errorOf(() => setUserDisabled(asAdmin, user.id, { disabled: 'yes' }))).code).toBe('validation_failed');
  });
});
