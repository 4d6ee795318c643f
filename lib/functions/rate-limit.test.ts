import { beforeEach, describe, expect, it } from 'vitest';
import { resetRateLimits, takeRequest } from './rate-limit';

const fn = (functionId: string, tenantId: string, functionRps: number, tenantRps: number) => ({ functionId, tenantId, limits: { functionRps, tenantRps, tenantContainers: 8 } });

beforeEach(() => resetRateLimits());

describe('the gateway’s rate limit (issue 12 finding 4)', () => {
  it('lets a burst of twice the rate through, then refuses with the time until the next token, and refills', () => {
    const f = fn('f1', 't1', 5, 1000);
    for (let i = 0; i < 10; i++) expect(takeRequest(f, 1000).ok).toBe(true);
    expect(takeRequest(f, 1000)).toEqual({ ok: false, scope: 'function', rate: 5, retryAfterSeconds: 1 });
    expect(takeRequest(f, 1100).ok).toBe(false);
    expect(takeRequest(f, 1200).ok).toBe(true); // 200 ms at 5/s = one token
    expect(takeRequest(f, 1200).ok).toBe(false);
  });

  it('limits a tenant’s functions together, and another tenant is not affected', () => {
    const a1 = fn('a1', 'ta', 100, 2);
    const a2 = fn('a2', 'ta', 100, 2);
    expect([takeRequest(a1, 0).ok, takeRequest(a2, 0).ok, takeRequest(a1, 0).ok, takeRequest(a2, 0).ok]).toEqual([true, true, true, true]);
    expect(takeRequest(a2, 0)).toMatchObject({ ok: false, scope: 'tenant', rate: 2 });
    expect(takeRequest(fn('b1', 'tb', 100, 2), 0).ok).toBe(true);
    // A request the tenant refused costs its function nothing.
    const slow = fn('s1', 'ts', 1, 1000);
    expect([takeRequest(slow, 0).ok, takeRequest(slow, 0).ok, takeRequest(slow, 0).ok]).toEqual([true, true, false]);
    expect(takeRequest(slow, 0)).toMatchObject({ retryAfterSeconds: 1 });
  });

  it('has no limit at 0', () => {
    const f = fn('f0', 't0', 0, 0);
    expect(Array.from({ length: 10_000 }, () => takeRequest(f, 0).ok).every(Boolean)).toBe(true);
  });
});
