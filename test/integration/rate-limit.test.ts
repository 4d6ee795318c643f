// Sign-in rate limiting (lib/auth/rate-limit.ts) with the default limits: 10 failures per email+IP in 15 minutes.
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { clearLoginFailures, isLoginBlocked, loginKey, recordLoginFailure } from '@/lib/auth/rate-limit';

const MAX = 10;
const WINDOW_MS = 15 * 60_000;
const EMAIL = 'victim@example.test';
const IP = '203.0.113.7';

async function fail(times: number, email = EMAIL, ip = IP) {
  for (let i = 0; i < times; i++) await recordLoginFailure(loginKey(email, ip));
}

describe('sign-in rate limit', () => {
  beforeEach(async () => {
    await db().loginFailure.deleteMany();
  });

  it.each([
    { failures: 0, blocked: false, reason: 'a fresh key is never blocked' },
    { failures: MAX - 1, blocked: false, reason: 'below the limit the next attempt is still checked' },
    { failures: MAX, blocked: true, reason: 'the 11th check after 10 failures is refused' },
    { failures: MAX + 3, blocked: true, reason: 'stays blocked beyond the limit' },
  ])('$failures failures → blocked: $blocked ($reason)', async ({ failures, blocked }) => {
    await fail(failures);
    expect(await isLoginBlocked(loginKey(EMAIL, IP))).toBe(blocked);
  });

  it('blocks only the email+IP pair that failed', async () => {
    await fail(MAX);
    const cases = [
      { key: loginKey(EMAIL, IP), blocked: true, reason: 'the pair that failed' },
      { key: loginKey(EMAIL.toUpperCase(), IP), blocked: true, reason: 'email case does not make a new key' },
      { key: loginKey(`  ${EMAIL} `, IP), blocked: true, reason: 'surrounding spaces do not make a new key' },
      { key: loginKey(EMAIL, '198.51.100.1'), blocked: false, reason: 'the real user from another IP can still sign in' },
      { key: loginKey('other@example.test', IP), blocked: false, reason: 'another account from the same IP is not blocked' },
    ];
    for (const c of cases) expect(await isLoginBlocked(c.key), c.reason).toBe(c.blocked);
  });

  it('failures older than the window do not count', async () => {
    await fail(MAX);
    const now = Date.now();
    expect(await isLoginBlocked(loginKey(EMAIL, IP), new Date(now + 60_000))).toBe(true);
    expect(await isLoginBlocked(loginKey(EMAIL, IP), new Date(now + WINDOW_MS + 60_000))).toBe(false);
  });

  it('old failures stored in the table do not count, and recording a new failure prunes them', async () => {
    const old = new Date(Date.now() - WINDOW_MS - 60_000);
    await db().loginFailure.createMany({
      data: Array.from({ length: MAX }, () => ({ key: loginKey(EMAIL, IP), createdAt: old })),
    });
    expect(await isLoginBlocked(loginKey(EMAIL, IP))).toBe(false);
    await fail(1, 'someone@example.test');
    expect(await db().loginFailure.count({ where: { key: loginKey(EMAIL, IP) } })).toBe(0);
  });

  it('a successful sign-in clears the pair, and only that pair', async () => {
    await fail(MAX);
    await fail(MAX, EMAIL, '198.51.100.1');
    await clearLoginFailures(loginKey(EMAIL, IP));
    expect(await isLoginBlocked(loginKey(EMAIL, IP))).toBe(false);
    expect(await isLoginBlocked(loginKey(EMAIL, '198.51.100.1'))).toBe(true);
  });
});
