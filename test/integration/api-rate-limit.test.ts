// /api/v1 rate limits (lib/server/api-rate-limit.ts) through real route handlers: per API token and per client
// address, 429 rate_limited with Retry-After, each key counted apart. The other integration tests run without them
// (test/setup-integration.ts); this file turns them on before anything reads the configuration.
import { describe, expect, it, vi } from 'vitest';
import * as tokensRoute from '@/app/api/v1/me/tokens/route';
import * as instancesRoute from '@/app/api/v1/tenants/[slug]/instances/route';
import * as healthRoute from '@/app/api/v1/health/route';
import { tenantWith } from '../fixtures';
import { call, sessionCaller } from '../helpers/api-call';

vi.hoisted(() => {
  process.env.OVERCAST_API_RATE_PER_ADDRESS = '8';
  process.env.OVERCAST_API_RATE_PER_TOKEN = '5';
});
const session = vi.hoisted(() => ({
  caller: (): string | null => null,
  get userId(): string | null {
    return this.caller();
  },
}));
vi.mock('@/lib/auth/auth', () => import('../helpers/auth-mock').then((m) => m.authAs(session)));
session.caller = sessionCaller;

async function makeToken(userId: string, slug: string, address: string): Promise<string> {
  const r = await call(tokensRoute.POST, {}, { as: userId, method: 'POST', body: { name: 'rl', tenant: slug, role: 'viewer' }, address });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.secret as string;
}

describe('API rate limits', () => {
  it('per token: the 6th request in a minute gets 429 rate_limited with Retry-After; another token is unaffected', async () => {
    const { tenant, people } = await tenantWith({ owner: 'owner' });
    const a = await makeToken(people.owner.userId, tenant.slug, '198.51.100.1');
    const b = await makeToken(people.owner.userId, tenant.slug, '198.51.100.2');
    // Each request from its own address, so that only the token's limit applies.
    for (let i = 0; i < 5; i++) expect((await call(instancesRoute.GET, { slug: tenant.slug }, { bearer: a, address: `198.51.100.${10 + i}` })).status).toBe(200);
    const over = await call(instancesRoute.GET, { slug: tenant.slug }, { bearer: a, address: '198.51.100.20' });
    expect(over.status).toBe(429);
    expect(over.body.code).toBe('rate_limited');
    const retry = Number(over.headers.get('retry-after'));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    expect((await call(instancesRoute.GET, { slug: tenant.slug }, { bearer: b, address: '198.51.100.21' })).status).toBe(200);
  });

  it('per address: the 9th request from one address gets 429, whatever the credential; another address is unaffected', async () => {
    const answers = [];
    for (let i = 0; i < 9; i++) answers.push((await call(healthRoute.GET, {}, { address: '203.0.113.77' })).status);
    expect(answers.slice(0, 8).every((s) => s !== 429)).toBe(true);
    expect(answers[8]).toBe(429);
    // A token (even a bad one) from that address is refused by the address limit before it is looked at.
    const guessed = await call(healthRoute.GET, {}, { address: '203.0.113.77', bearer: `ovc_${'A'.repeat(43)}` });
    expect(guessed.status).toBe(429);
    expect(guessed.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await call(healthRoute.GET, {}, { address: '203.0.113.78' })).status).not.toBe(429);
  });
});
