// Sign-in rate limiting (lib/auth/rate-limit.ts, driven through lib/auth/credentials.ts as Auth.js does) with the
// default limits: 10 failures per email+address and 30 per address, in 15 minutes.
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { beginLoginAttempt, isLoginBlocked, loginKey, loginSucceeded } from '@/lib/auth/rate-limit';
import { checkCredentials, type CredentialsOutcome } from '@/lib/auth/credentials';
import { createUser, PASSWORD, uniqueSuffix } from '../fixtures';

const MAX = 10;
const MAX_PER_ADDRESS = 30;
const WINDOW_MS = 15 * 60_000;
const EMAIL = 'victim@example.test';
const IP = '203.0.113.7';

async function fail(times: number, email = EMAIL, ip = IP) {
  for (let i = 0; i < times; i++) expect((await beginLoginAttempt(email, ip)).allowed).toBe(true);
}

const attempt = (email: string, password: string, address = IP) => checkCredentials({ email, password }, { address, userAgent: 'vitest' });
const reasons = (outcomes: CredentialsOutcome[]) =>
  outcomes.reduce<Record<string, number>>((acc, o) => ((acc[o.ok ? 'ok' : o.reason] = (acc[o.ok ? 'ok' : o.reason] ?? 0) + 1), acc), {});

describe('sign-in rate limit', () => {
  beforeEach(async () => {
    await db().loginFailure.deleteMany();
  });

  it.each([
    { failures: 0, blocked: false, reason: 'a fresh key is never blocked' },
    { failures: MAX - 1, blocked: false, reason: 'below the limit the next attempt is still checked' },
    { failures: MAX, blocked: true, reason: 'the 11th check after 10 failures is refused' },
  ])('$failures failures → blocked: $blocked ($reason)', async ({ failures, blocked }) => {
    await fail(failures);
    expect(await isLoginBlocked(EMAIL, IP)).toBe(blocked);
    expect((await beginLoginAttempt(EMAIL, IP)).allowed).toBe(!blocked);
  });

  it('blocks only the email+address pair that failed', async () => {
    await fail(MAX);
    const cases = [
      { email: EMAIL, ip: IP, blocked: true, reason: 'the pair that failed' },
      { email: EMAIL.toUpperCase(), ip: IP, blocked: true, reason: 'email case does not make a new key' },
      { email: `  ${EMAIL} `, ip: IP, blocked: true, reason: 'surrounding spaces do not make a new key' },
      { email: EMAIL, ip: '198.51.100.1', blocked: false, reason: 'the real user from another address can still sign in' },
      { email: 'other@example.test', ip: IP, blocked: false, reason: 'another account from the same address is not blocked' },
    ];
    for (const c of cases) expect(await isLoginBlocked(c.email, c.ip), c.reason).toBe(c.blocked);
    expect(loginKey(' A@B.test ', IP)).toBe(loginKey('a@b.test', IP));
  });

  it('failures older than the window do not count', async () => {
    await fail(MAX);
    const now = Date.now();
    expect(await isLoginBlocked(EMAIL, IP, new Date(now + 60_000))).toBe(true);
    expect(await isLoginBlocked(EMAIL, IP, new Date(now + WINDOW_MS + 60_000))).toBe(false);
  });

  it('old failures stored in the table do not count, and counting a new attempt prunes them', async () => {
    const old = new Date(Date.now() - WINDOW_MS - 60_000);
    await db().loginFailure.createMany({ data: Array.from({ length: MAX }, () => ({ key: loginKey(EMAIL, IP), createdAt: old })) });
    expect(await isLoginBlocked(EMAIL, IP)).toBe(false);
    await fail(1, 'someone@example.test');
    expect(await db().loginFailure.count({ where: { key: loginKey(EMAIL, IP) } })).toBe(0);
  });

  it('a successful sign-in clears the pair (and only it) but not the address’s other failures', async () => {
    await fail(MAX - 1);
    await fail(MAX, EMAIL, '198.51.100.1');
    await fail(5, 'other@example.test');
    const ok = await beginLoginAttempt(EMAIL, IP);
    if (!ok.allowed) throw new Error('expected the attempt to be allowed');
    await loginSucceeded(ok);
    expect(await db().loginFailure.count({ where: { key: loginKey(EMAIL, IP) } })).toBe(0);
    expect(await isLoginBlocked(EMAIL, '198.51.100.1')).toBe(true);
    // The address's count: 9 failures of the pair and 5 of the other email stay, the success itself is taken back.
    expect(await db().loginFailure.count({ where: { key: `address|${IP}` } })).toBe(MAX - 1 + 5);
  });

  // Finding 5 of the security round: the limit was checked, then the password, then the failure counted, so
  // parallel attempts all passed the check before any failure was counted.
  it('parallel sign-in attempts (finding 5): 40 wrong passwords at once get at most 10 checks', async () => {
    const user = await createUser({ email: `parallel-${uniqueSuffix()}@example.test` });
    const outcomes = await Promise.all(Array.from({ length: 40 }, (_, i) => attempt(user.email, `wrong-${i}`)));
    const counted = reasons(outcomes);
    expect(counted).toEqual({ invalid: MAX, rate_limited: 40 - MAX });
  });

  it('parallel sign-in attempts (finding 5): 30 wrong and then the right password at once do not sign in', async () => {
    const user = await createUser({ email: `guessed-${uniqueSuffix()}@example.test` });
    const wrong = Array.from({ length: 30 }, (_, i) => attempt(user.email, `wrong-${i}`));
    const right = attempt(user.email, PASSWORD);
    const outcomes = await Promise.all([...wrong, right]);
    expect(reasons(outcomes)).toEqual({ invalid: MAX, rate_limited: 31 - MAX });
    expect(await right).toEqual({ ok: false, reason: 'rate_limited' });
    expect(await db().userSession.count({ where: { userId: user.id } })).toBe(0);
    // From another address the real user still signs in.
    expect((await attempt(user.email, PASSWORD, '198.51.100.9')).ok).toBe(true);
  });

  it('per-address limit (finding 5): one address trying many emails is blocked after 30 failures', async () => {
    const ADDRESS = '192.0.2.44';
    const victims = await Promise.all(Array.from({ length: 16 }, () => createUser({ email: `spray-${uniqueSuffix()}@example.test` })));
    // 15 emails, 2 wrong passwords each (far below the per-email limit), in parallel per round.
    const outcomes: CredentialsOutcome[] = [];
    for (let round = 0; round < 2; round++) {
      outcomes.push(...(await Promise.all(victims.slice(0, 15).map((v) => attempt(v.email, `spray-${round}`, ADDRESS)))));
    }
    expect(reasons(outcomes)).toEqual({ invalid: 30 });
    // The 31st attempt from that address is refused, even a 16th email's right password …
    expect(await attempt(victims[15]!.email, PASSWORD, ADDRESS)).toEqual({ ok: false, reason: 'address_rate_limited' });
    // … in parallel too: none of these is checked.
    const more = await Promise.all(victims.map((v) => attempt(v.email, 'spray-more', ADDRESS)));
    expect(reasons(more)).toEqual({ address_rate_limited: 16 });
    // Another address is not affected.
    expect((await attempt(victims[15]!.email, PASSWORD, '192.0.2.45')).ok).toBe(true);
    expect(MAX_PER_ADDRESS).toBe(30);
  });
});
