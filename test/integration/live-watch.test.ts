// Issue 15, the watch API through the real route handlers and database: the instance long-poll
// (GET …/instances/{id}?watch=1&since=…) answers at once without `since`, on a change published in this process,
// on a change written by "another process" (straight into the database: found by the fallback check), and with the
// current state after its timeout; the tenant's event stream (GET …/events) tells its own tenant's changes and
// never another's, and ends (`revoked`) once the member is removed, the session signed out or the API token revoked;
// one user's open streams are limited. Another tenant's instance is not found; a viewer may watch; a bad `since` is a
// field problem.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import * as instanceRoute from '@/app/api/v1/tenants/[slug]/instances/[id]/route';
import * as actionsRoute from '@/app/api/v1/tenants/[slug]/instances/[id]/actions/route';
import * as eventsRoute from '@/app/api/v1/tenants/[slug]/events/route';
import * as memberRoute from '@/app/api/v1/tenants/[slug]/members/[id]/route';
import { revokeSession } from '@/lib/auth/sessions';
import { createApiToken, revokeMyApiToken } from '@/lib/auth/api-tokens';
import { env } from '@/lib/env';
import { publishChange } from '@/lib/live/changes';
import { FALLBACK_CHECK_MS } from '@/lib/live/listen';
import { callerOf, callRoute, ORIGIN } from '../helpers/route-call';
import { seedCatalog, tenantWith } from '../fixtures';

const session = vi.hoisted(() => ({
  caller: (): string | null => null,
  get userId(): string | null {
    return this.caller();
  },
}));
vi.mock('@/lib/auth/auth', () => import('../helpers/auth-mock').then((m) => m.authAs(session)));
session.caller = callerOf;

type T = { slug: string; id: string; owner: string; viewer: string; outsider?: string };
let a: T;
let b: T;
let serial = 0;

/** An instance row written straight into the database (no engine work is needed to watch it). */
async function insertInstance(tenantId: string) {
  const name = `watch-${++serial}`;
  return db().instance.create({
    data: { tenantId, name, liveName: name, kind: 'container', provider: 'docker', flavorId: 'docker-nano', imageId: 'docker-static-web', spec: {}, desiredState: 'stopped', status: 'stopped' },
  });
}

const watch = (as: string, slug: string, id: string, query: Record<string, string>) =>
  callRoute(as, instanceRoute.GET, { slug, id }, { path: `/api/v1/tenants/${slug}/instances/${id}`, query: { watch: '1', ...query } });

beforeAll(async () => {
  await seedCatalog();
  const ta = await tenantWith({ owner: 'owner', viewer: 'viewer' });
  const tb = await tenantWith({ owner: 'owner', viewer: 'viewer' });
  a = { slug: ta.tenant.slug, id: ta.tenant.id, owner: ta.people.owner.userId, viewer: ta.people.viewer.userId };
  b = { slug: tb.tenant.slug, id: tb.tenant.id, owner: tb.people.owner.userId, viewer: tb.people.viewer.userId };
});

describe('GET …/instances/{id}?watch=1', () => {
  it('answers at once without since, with the instance and its version (updatedAt)', async () => {
    const inst = await insertInstance(a.id);
    const r = await watch(a.viewer, a.slug, inst.id, {});
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: inst.id, status: 'stopped', updatedAt: inst.updatedAt.toISOString() });
  });

  it('a viewer’s watch answers as soon as a member’s request changes the instance (published in this process)', async () => {
    const inst = await insertInstance(a.id);
    const t0 = Date.now();
    const pending = watch(a.viewer, a.slug, inst.id, { since: inst.updatedAt.toISOString(), timeout: '20' });
    // The request is made after the watch began (the watch reads its row first: a later change is a real change).
    await new Promise((r) => setImmediate(r));
    const start = await callRoute(a.owner, actionsRoute.POST, { slug: a.slug, id: inst.id }, { method: 'POST', path: `/api/v1/tenants/${a.slug}/instances/${inst.id}/actions`, body: { action: 'start' } });
    expect(start.status).toBe(202);
    const r = await pending;
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: inst.id, desiredState: 'running' });
    expect(Date.now() - t0).toBeLessThan(FALLBACK_CHECK_MS + 1500);
  });

  it('sees a change written by another process (no notification here) within the fallback check', async () => {
    const inst = await insertInstance(a.id);
    const pending = watch(a.owner, a.slug, inst.id, { since: String(inst.updatedAt.getTime()), timeout: '20' });
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    await db().instance.update({ where: { id: inst.id }, data: { status: 'error', statusReason: 'written elsewhere' } });
    const r = await pending;
    expect(r.body).toMatchObject({ status: 'error', statusReason: 'written elsewhere' });
    expect(Date.now() - t0).toBeLessThan(FALLBACK_CHECK_MS * 2 + 1000);
  });

  it('answers with the current state when nothing changed within the timeout', async () => {
    const inst = await insertInstance(a.id);
    const t0 = Date.now();
    const r = await watch(a.owner, a.slug, inst.id, { since: inst.updatedAt.toISOString(), timeout: '1' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: inst.id, updatedAt: inst.updatedAt.toISOString() });
  });

  it('another tenant’s instance is not found (like a missing id), with or without since', async () => {
    const inst = await insertInstance(a.id);
    const missing = await watch(b.owner, b.slug, 'c00000000000000000000000', {});
    expect(missing.status).toBe(404);
    for (const q of [{}, { since: inst.updatedAt.toISOString(), timeout: '1' }] as Record<string, string>[]) {
      const r = await watch(b.owner, b.slug, inst.id, q);
      expect(r.status).toBe(404);
      expect(r.body.code).toBe(missing.body.code);
    }
    // Nor through A's slug by someone who is not A's member.
    expect((await watch(b.owner, a.slug, inst.id, {})).status).toBe(404);
  });

  it.each([
    [{ since: 'yesterday' }, 'since'],
    [{ since: String(Date.now() + 3_600_000) }, 'since'],
    [{ timeout: '0' }, 'timeout'],
    [{ timeout: '600' }, 'timeout'],
    [{ timeout: '1.5' }, 'timeout'],
  ])('%j is a validation problem naming %s', async (q, field) => {
    const inst = await insertInstance(a.id);
    const r = await watch(a.owner, a.slug, inst.id, q as Record<string, string>);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('validation_failed');
    expect(Object.keys(r.body.errors as object)).toContain(field);
  });
});

/** Opens the tenant's event stream as `as`; collects its events until closed. */
async function openStream(as: string | null, slug: string, headers: Record<string, string> = {}) {
  const abort = new AbortController();
  const req = new Request(`${ORIGIN}/api/v1/tenants/${slug}/events`, { headers: { origin: ORIGIN, ...headers }, signal: abort.signal });
  const prev = session.caller;
  session.caller = () => as;
  let res: Response;
  try {
    res = await eventsRoute.GET(req, { params: Promise.resolve({ slug }) });
  } finally {
    session.caller = prev;
  }
  const events: { event: string; data: unknown }[] = [];
  let text = '';
  let raw = '';
  const done = (async () => {
    if (!res.body) return;
    const reader = res.body.getReader();
    const dec = new TextDecoder();
    for (;;) {
      const { value, done: end } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (end) return;
      const chunk = dec.decode(value, { stream: true });
      raw += chunk;
      text += chunk;
      let i: number;
      while ((i = text.indexOf('\n\n')) >= 0) {
        const block = text.slice(0, i);
        text = text.slice(i + 2);
        const event = block.match(/^event: (.*)$/m)?.[1];
        const data = block.match(/^data: (.*)$/m)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
      }
    }
  })();
  const until = async (pred: () => boolean, ms: number) => {
    const deadline = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > deadline) throw new Error(`not seen within ${ms} ms: ${JSON.stringify(events)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return {
    res,
    events,
    until,
    /** Everything the server sent so far (a refusal's problem JSON). */
    raw: () => raw,
    /** Resolves once the server has ended the stream. */
    ended: done,
    close: async () => {
      abort.abort();
      await res.body?.cancel().catch(() => {});
      await done;
    },
  };
}

describe('GET …/events', () => {
  it('a viewer’s stream says ready, then tells the tenant’s changes and never another tenant’s', async () => {
    const mine = await insertInstance(a.id);
    const theirs = await insertInstance(b.id);
    const s = await openStream(a.viewer, a.slug);
    try {
      expect(s.res.status).toBe(200);
      expect(s.res.headers.get('content-type')).toContain('text/event-stream');
      await s.until(() => s.events.some((e) => e.event === 'ready'), 2000);
      // B's changes, both kinds of source: published here, and written "elsewhere" (found by B's own fallback only
      // if someone listens to B: nobody does here, and A's check reads A's rows only).
      publishChange({ kind: 'instance', id: theirs.id, tenantId: b.id });
      await db().instance.update({ where: { id: theirs.id }, data: { status: 'error' } });
      await callRoute(b.owner, actionsRoute.POST, { slug: b.slug, id: theirs.id }, { method: 'POST', path: '/x', body: { action: 'delete' } });
      // A's: a request (published) and a write elsewhere (the fallback check).
      await callRoute(a.owner, actionsRoute.POST, { slug: a.slug, id: mine.id }, { method: 'POST', path: '/x', body: { action: 'start' } });
      await s.until(() => s.events.some((e) => e.event === 'change' && (e.data as { id: string }).id === mine.id), 2000);
      const other = await insertInstance(a.id);
      await db().instance.update({ where: { id: other.id }, data: { status: 'error' } });
      await s.until(() => s.events.some((e) => e.event === 'change' && (e.data as { id: string }).id === other.id), FALLBACK_CHECK_MS * 2 + 1000);
      expect(s.events.filter((e) => e.event === 'change').every((e) => [mine.id, other.id].includes((e.data as { id: string }).id))).toBe(true);
      expect(JSON.stringify(s.events)).not.toContain(theirs.id);
      expect(s.events.find((e) => e.event === 'change')?.data).toEqual({ kind: 'instance', id: mine.id });
    } finally {
      await s.close();
    }
  });

  it('someone who is not a member of the organisation gets no stream (404)', async () => {
    const s = await openStream(b.owner, a.slug);
    try {
      expect(s.res.status).toBe(404);
    } finally {
      await s.close();
    }
  });

  // A stream outlives the request that opened it: what the request was allowed to see must still hold later.
  describe('access after the stream opened', () => {
    const endedWithin = (p: Promise<void>, ms: number) =>
      Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

    it('a member removed from the organisation: the stream says revoked and ends (not another change reaches them)', async () => {
      const t = await tenantWith({ owner: 'owner', viewer: 'viewer' });
      const s = await openStream(t.people.viewer.userId, t.tenant.slug);
      try {
        await s.until(() => s.events.some((e) => e.event === 'ready'), 2000);
        const r = await callRoute(t.people.owner.userId, memberRoute.DELETE, { slug: t.tenant.slug, id: t.people.viewer.membershipId }, { method: 'DELETE', path: '/x' });
        expect(r.status).toBe(204);
        expect(await endedWithin(s.ended, 5000)).toBe(true);
        expect(s.events.at(-1)).toEqual({ event: 'revoked', data: { code: 'not_found' } });
        const inst = await insertInstance(t.tenant.id);
        publishChange({ kind: 'instance', id: inst.id, tenantId: t.tenant.id });
        expect(JSON.stringify(s.events)).not.toContain(inst.id);
      } finally {
        await s.close();
      }
    });

    it('a signed-out session: the stream says revoked and ends', async () => {
      const t = await tenantWith({ viewer: 'viewer' });
      const s = await openStream(t.people.viewer.userId, t.tenant.slug);
      try {
        await s.until(() => s.events.some((e) => e.event === 'ready'), 2000);
        const sessions = await db().userSession.findMany({ where: { userId: t.people.viewer.userId, revokedAt: null } });
        expect(sessions.length).toBeGreaterThan(0);
        for (const x of sessions) await revokeSession(x.id);
        expect(await endedWithin(s.ended, 5000)).toBe(true);
        expect(s.events.at(-1)).toEqual({ event: 'revoked', data: { code: 'unauthenticated' } });
      } finally {
        await s.close();
      }
    });

    it('an API token revoked after it opened a stream: the stream says revoked and ends', async () => {
      const t = await tenantWith({ member: 'member' });
      const user = await db().user.findUniqueOrThrow({ where: { id: t.people.member.userId }, select: { id: true, email: true, name: true, isPlatformAdmin: true } });
      const made = await createApiToken(user, { name: 'stream', tenant: t.tenant.slug, role: 'viewer' });
      const s = await openStream(null, t.tenant.slug, { authorization: `Bearer ${made.secret}` });
      try {
        expect(s.res.status).toBe(200);
        await s.until(() => s.events.some((e) => e.event === 'ready'), 2000);
        await revokeMyApiToken(user, made.token.id);
        expect(await endedWithin(s.ended, 5000)).toBe(true);
        expect(s.events.at(-1)).toEqual({ event: 'revoked', data: { code: 'invalid_token' } });
      } finally {
        await s.close();
      }
    });

    it(`one user holds at most ${env().OVERCAST_LIVE_STREAMS_PER_USER} streams (429 rate_limited beyond), and a closed one frees its place`, async () => {
      const limit = env().OVERCAST_LIVE_STREAMS_PER_USER;
      const t = await tenantWith({ viewer: 'viewer' });
      const open: Awaited<ReturnType<typeof openStream>>[] = [];
      try {
        for (let i = 0; i < limit; i++) open.push(await openStream(t.people.viewer.userId, t.tenant.slug));
        expect(open.every((x) => x.res.status === 200)).toBe(true);
        const over = await openStream(t.people.viewer.userId, t.tenant.slug);
        expect(over.res.status).toBe(429);
        await over.ended;
        expect(JSON.parse(over.raw())).toMatchObject({ code: 'rate_limited' });
        await over.close();
        // Another user is not affected by this one's streams.
        const other = await openStream(a.viewer, a.slug);
        expect(other.res.status).toBe(200);
        await other.close();
        await open.pop()!.close();
        const again = await openStream(t.people.viewer.userId, t.tenant.slug);
        expect(again.res.status).toBe(200);
        open.push(again);
      } finally {
        for (const x of open) await x.close();
      }
    });
  });
});
