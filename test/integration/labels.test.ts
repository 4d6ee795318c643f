// Issue 14, labels: key=value pairs on instances and functions through the real route handlers and database —
// the rules and their field errors (nothing written on a refusal), create bodies, PUT …/labels (audited, members
// and up, 404 for another tenant), `?label=` filters (key, key=value, empty value, AND, with cursor pagination),
// and the bill's breakdown per label value to the cent (API field and CSV).
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import * as instancesRoute from '@/app/api/v1/tenants/[slug]/instances/route';
import * as instanceLabelsRoute from '@/app/api/v1/tenants/[slug]/instances/[id]/labels/route';
import * as instanceRoute from '@/app/api/v1/tenants/[slug]/instances/[id]/route';
import * as functionsRoute from '@/app/api/v1/tenants/[slug]/functions/route';
import * as functionRoute from '@/app/api/v1/tenants/[slug]/functions/[id]/route';
import * as functionLabelsRoute from '@/app/api/v1/tenants/[slug]/functions/[id]/labels/route';
import * as billingRoute from '@/app/api/v1/tenants/[slug]/billing/route';
import * as billingCsvRoute from '@/app/api/v1/tenants/[slug]/billing/csv/route';
import { seedPriceCatalogs } from '@/lib/billing/seed';
import { keyProblem, labelBreakdown, valueProblem } from '@/lib/labels/labels';
import type { InstanceStatus } from '@/lib/generated/prisma/enums';
import { SEED_CODE } from '../helpers/api-seeds';
import { callerOf, callRoute, ORIGIN } from '../helpers/route-call';
import { addMember, containerInput, createUser, instanceCounts, seedCatalog, tenantWith } from '../fixtures';

const session = vi.hoisted(() => ({
  caller: (): string | null => null,
  get userId(): string | null {
    return this.caller();
  },
}));
vi.mock('@/lib/auth/auth', () => import('../helpers/auth-mock').then((m) => m.authAs(session)));
session.caller = callerOf;

type Item = { id: string; name: string; labels: Record<string, string> };
let a: { slug: string; id: string; owner: string; viewer: string };
let b: { slug: string; id: string; owner: string };
let serial = 0;

/** Instances written straight into the database (no engine work), with labels. */
async function insertInstance(tenantId: string, labels: Record<string, string>, createdAt = new Date()) {
  const name = `lbl-${++serial}`;
  return db().instance.create({
    data: {
      tenantId,
      name,
      liveName: name,
      kind: 'container',
      provider: 'docker',
      flavorId: 'docker-nano',
      imageId: 'docker-static-web',
      spec: {},
      desiredState: 'stopped',
      status: 'stopped',
      createdAt,
      labels: { create: Object.entries(labels).map(([key, value]) => ({ key, value })) },
    },
  });
}

const listPath = (filters: string[], extra = '') => `/api/v1/x?${filters.map((f) => `label=${encodeURIComponent(f)}`).join('&')}${extra}`;
const listInstances = (filters: string[], extra = '', as = a.owner, slug = a.slug) => callRoute(as, instancesRoute.GET, { slug }, { path: listPath(filters, extra) });
const names = (body: Record<string, unknown>) => (body.items as Item[]).map((i) => i.name).sort();

beforeAll(async () => {
  await seedCatalog();
  await seedPriceCatalogs(db());
  const ta = await tenantWith({ owner: 'owner', viewer: 'viewer' });
  const tb = await tenantWith({ owner: 'owner' });
  a = { slug: ta.tenant.slug, id: ta.tenant.id, owner: ta.people.owner.userId, viewer: ta.people.viewer.userId };
  b = { slug: tb.tenant.slug, id: tb.tenant.id, owner: tb.people.owner.userId };
});

describe('label rules', () => {
  it.each([
    ['team', null, 'a plain name'],
    ['example.com/team', null, 'a domain prefix'],
    ['a', null, 'one character'],
    ['A_b.c-D', null, 'letters, digits, dot, dash and underscore inside'],
    ['x'.repeat(63), null, '63 characters'],
    ['x'.repeat(64), 'A key is', '64 characters'],
    ['', 'Enter a key.', 'empty'],
    ['-team', 'A key is', 'starts with a dash'],
    ['team-', 'A key is', 'ends with a dash'],
    ['té', 'A key is', 'a non-ASCII letter'],
    ['Example.com/team', 'The prefix', 'an uppercase prefix'],
    ['/team', 'The prefix', 'an empty prefix'],
    ['example.com/', 'A key is', 'an empty name after the prefix'],
    ['a/b/c', 'A key is', 'two slashes'],
  ] as [string, string | null, string][])('key %j → %j (%s)', (key, problem) => {
    const got = keyProblem(key);
    if (problem === null) expect(got).toBeNull();
    else expect(got).toContain(problem);
  });

  it.each([
    ['', true],
    ['web', true],
    ['v1.2_3-x', true],
    ['x'.repeat(63), true],
    ['x'.repeat(64), false],
    ['a b', false],
    ['web/', false],
    ['=x', false],
  ])('value %j valid: %s', (value, ok) => {
    expect(valueProblem(value) === null).toBe(ok);
  });

  it('splits the cost per value; each key adds up to the total', () => {
    const labels = new Map<string, Record<string, string>>([
      ['i1', { team: 'web' }],
      ['i2', { team: 'web', env: 'prod' }],
      ['f1', { team: 'api' }],
    ]);
    const lines = [
      { resourceId: 'i1', amountMinor: 100 },
      { resourceId: 'i2', amountMinor: 5 },
      { resourceId: 'f1', amountMinor: 7 },
      { resourceId: 'i3', amountMinor: 11 },
      { resourceId: null, amountMinor: 1 },
    ];
    expect(labelBreakdown(lines, labels)).toEqual([
      { key: 'env', values: [{ value: 'prod', amountMinor: 5 }], unlabelledMinor: 119 },
      { key: 'team', values: [{ value: 'web', amountMinor: 105 }, { value: 'api', amountMinor: 7 }], unlabelledMinor: 12 },
    ]);
  });
});

describe('labels on instances', () => {
  it('are set at create and shown in the list and on the instance', async () => {
    const input = containerInput({ start: false, labels: { team: 'web', 'example.com/tier': '' } });
    const created = await callRoute(a.owner, instancesRoute.POST, { slug: a.slug }, { method: 'POST', body: input });
    expect(created.status).toBe(202);
    const one = await callRoute(a.owner, instanceRoute.GET, { slug: a.slug, id: created.body.id as string });
    expect(one.body.labels).toEqual({ 'example.com/tier': '', team: 'web' });
    const listed = await listInstances(['team=web']);
    expect((listed.body.items as Item[]).find((i) => i.id === created.body.id)?.labels).toEqual({ 'example.com/tier': '', team: 'web' });
  });

  it('refuses bad labels at create with an error per label, and creates nothing', async () => {
    const before = await instanceCounts();
    const tooMany = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, 'v']));
    for (const [labels, field, message] of [
      [{ '-bad': 'x' }, 'labels.-bad', '-bad: A key is'],
      [{ team: 'has space' }, 'labels.team', 'team: A value is'],
      [{ 'Example.com/x': '' }, 'labels.Example.com/x', 'The prefix'],
      [tooMany, 'labels', 'At most 32 labels.'],
      [['team=web'], 'labels', 'labels is an object'],
      [{ team: 5 }, 'labels.team', 'A label value is text'],
    ] as const) {
      const r = await callRoute(a.owner, instancesRoute.POST, { slug: a.slug }, { method: 'POST', body: containerInput({ start: false, labels }) });
      expect(r.status, JSON.stringify(labels)).toBe(400);
      expect(r.body.code).toBe('validation_failed');
      expect((r.body.errors as Record<string, string>)[field], JSON.stringify(r.body.fields)).toContain(message);
    }
    expect(await instanceCounts()).toEqual(before);
  });

  it('are replaced with PUT …/labels (audited with what changed); a bad set changes nothing', async () => {
    const inst = await insertInstance(a.id, { team: 'web', env: 'dev' });
    const put = (body: unknown, as = a.owner) => callRoute(as, instanceLabelsRoute.PUT, { slug: a.slug, id: inst.id }, { method: 'PUT', body });
    const r = await put({ labels: { team: 'data', owner: 'ana' } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ labels: { owner: 'ana', team: 'data' } });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: 'instance.labels_set', targetId: inst.id, outcome: 'success' } });
    expect(audit.metadata).toMatchObject({ added: ['owner'], removed: ['env'], changed: ['team'] });

    const bad = await put({ labels: { team: 'ok', 'bad key': 'x' } });
    expect(bad.status).toBe(400);
    expect((bad.body.errors as Record<string, string>)['labels.bad key']).toContain('A key is');
    expect(await put({ labels: { a: 'b' }, extra: 1 }).then((x) => x.body.code)).toBe('validation_failed');
    expect(await put({ labels: { a: 'b' } }, a.viewer).then((x) => [x.status, x.body.code])).toEqual([403, 'forbidden']);
    const stored = await db().instanceLabel.findMany({ where: { instanceId: inst.id }, orderBy: { key: 'asc' } });
    expect(stored.map((l) => `${l.key}=${l.value}`)).toEqual(['owner=ana', 'team=data']);

    expect((await put({ labels: {} })).body).toEqual({ labels: {} });
    expect(await db().instanceLabel.count({ where: { instanceId: inst.id } })).toBe(0);
  });

  it('another tenant can neither change nor see them (404, not in its lists)', async () => {
    const inst = await insertInstance(a.id, { secret: 'a-only' });
    const r = await callRoute(b.owner, instanceLabelsRoute.PUT, { slug: b.slug, id: inst.id }, { method: 'PUT', body: { labels: { pwned: 'yes' } } });
    expect([r.status, r.body.code]).toEqual([404, 'not_found']);
    const viaA = await callRoute(b.owner, instanceLabelsRoute.PUT, { slug: a.slug, id: inst.id }, { method: 'PUT', body: { labels: { pwned: 'yes' } } });
    expect(viaA.status).toBe(404);
    expect(await db().instanceLabel.findMany({ where: { instanceId: inst.id } })).toEqual([expect.objectContaining({ key: 'secret', value: 'a-only' })]);
    const theirs = await listInstances(['secret=a-only'], '', b.owner, b.slug);
    expect(theirs.status).toBe(200);
    expect(theirs.body.items).toEqual([]);
  });
});

describe('filtering lists by label', () => {
  let t: { slug: string; id: string; owner: string };
  beforeAll(async () => {
    const x = await tenantWith({ owner: 'owner' });
    t = { slug: x.tenant.slug, id: x.tenant.id, owner: x.people.owner.userId };
    const base = Date.parse('2026-11-01T00:00:00Z');
    // 40 instances: team=web on the even ones, team=data on the odd; env=prod on every third; tier (empty) on every fifth.
    for (let i = 0; i < 40; i++) {
      const labels: Record<string, string> = { team: i % 2 ? 'data' : 'web' };
      if (i % 3 === 0) labels.env = 'prod';
      if (i % 5 === 0) labels.tier = '';
      // Four share each creation time, so the id orders them.
      await insertInstance(t.id, labels, new Date(base + Math.floor(i / 4) * 60_000));
    }
    await insertInstance(t.id, {});
  });
  const list = (filters: string[], extra = '') => listInstances(filters, extra, t.owner, t.slug);
  const expectedIds = async (where: object) =>
    (await db().instance.findMany({ where: { tenantId: t.id, ...where }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: { id: true } })).map((r) => r.id);

  it('matches a key, a key=value, an empty value, and several filters together (AND)', async () => {
    expect((await list(['team'])).body.total).toBe(40);
    expect((await list(['team=web'])).body.total).toBe(20);
    expect((await list(['env=prod'])).body.total).toBe(14);
    expect((await list(['env=prod', 'team=web'])).body.total).toBe(7);
    expect((await list(['tier='])).body.total).toBe(8);
    expect((await list(['tier'])).body.total).toBe(8);
    expect((await list(['tier=x'])).body.total).toBe(0);
    expect((await list(['team=web', 'team=data'])).body.total).toBe(0);
    expect((await list(['nope'])).body.total).toBe(0);
    expect((await list([])).body.total).toBe(41);
  });

  it('walks a filtered list page by page: every match once, in order, nothing else', async () => {
    const want = await expectedIds({ AND: [{ labels: { some: { key: 'team', value: 'web' } } }, { labels: { some: { key: 'env' } } }] });
    expect(want).toHaveLength(7);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r: Awaited<ReturnType<typeof list>> = await list(['team=web', 'env'], `&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status).toBe(200);
      seen.push(...(r.body.items as Item[]).map((i) => i.id));
      for (const i of r.body.items as Item[]) expect(i.labels).toMatchObject({ team: 'web', env: 'prod' });
      cursor = r.body.nextCursor as string | null;
    } while (cursor);
    expect(seen).toEqual(want);
  });

  it('refuses a malformed filter with a 400 naming `label`', async () => {
    for (const bad of ['=web', 'team=has space', 'bad key', 'a=b=c']) {
      const r = await list([bad]);
      expect(r.status, bad).toBe(400);
      expect(r.body.code).toBe('validation_failed');
      expect((r.body.errors as Record<string, string>).label).toContain('Filter by label as key or key=value');
    }
    const many = await list(Array.from({ length: 33 }, (_, i) => `k${i}`));
    expect((many.body.errors as Record<string, string>).label).toContain('At most 32');
  });
});

describe('labels on functions', () => {
  it('set at create, filtered, replaced, and closed to other tenants', async () => {
    const post = (name: string, labels: Record<string, string>) =>
      callRoute(a.owner, functionsRoute.POST, { slug: a.slug }, { method: 'POST', body: { name, code: SEED_CODE, labels } });
    const f1 = await post('lbl-fn-one', { team: 'api', env: 'prod' });
    expect(f1.status).toBe(201);
    const f2 = await post('lbl-fn-two', { team: 'api' });
    const bad = await post('lbl-fn-bad', { 'x/y/z': '1' });
    expect([bad.status, Object.keys(bad.body.errors as object)]).toEqual([400, ['labels.x/y/z', 'labels']]);
    expect(await db().serverlessFunction.count({ where: { name: 'lbl-fn-bad' } })).toBe(0);

    const list = (filters: string[], as = a.owner, slug = a.slug) => callRoute(as, functionsRoute.GET, { slug }, { path: listPath(filters) });
    expect(names((await list(['team=api'])).body)).toEqual(['lbl-fn-one', 'lbl-fn-two']);
    expect(names((await list(['team=api', 'env=prod'])).body)).toEqual(['lbl-fn-one']);
    expect((await list(['team=api'], b.owner, b.slug)).body.items).toEqual([]);

    const id = f2.body.id as string;
    const put = await callRoute(a.owner, functionLabelsRoute.PUT, { slug: a.slug, id }, { method: 'PUT', body: { labels: { team: 'web' } } });
    expect(put.body).toEqual({ labels: { team: 'web' } });
    expect((await callRoute(a.owner, functionRoute.GET, { slug: a.slug, id })).body.labels).toEqual({ team: 'web' });
    expect(await db().auditEvent.count({ where: { action: 'function.labels_set', targetId: id, outcome: 'success' } })).toBe(1);

    const cross = await callRoute(b.owner, functionLabelsRoute.PUT, { slug: b.slug, id }, { method: 'PUT', body: { labels: { pwned: 'yes' } } });
    expect([cross.status, cross.body.code]).toEqual([404, 'not_found']);
    expect(await db().functionLabel.findMany({ where: { functionId: id }, select: { key: true, value: true } })).toEqual([{ key: 'team', value: 'web' }]);
  });
});

describe("the bill's breakdown by label", () => {
  /** An instance with a status history (as billing.test.ts), labelled. */
  async function billed(tenantId: string, flavorId: string, history: [string, InstanceStatus][], labels: Record<string, string>) {
    const name = `bill-${++serial}`;
    return db().instance.create({
      data: {
        tenantId,
        name,
        liveName: name,
        kind: 'container',
        provider: 'docker',
        flavorId,
        imageId: 'docker-static-web',
        spec: { ports: [], env: [], command: [] },
        desiredState: 'running',
        status: history.at(-1)![1],
        createdAt: new Date(history[0][0]),
        events: { create: history.map(([at, status]) => ({ tenantId, type: status, toStatus: status, createdAt: new Date(at) })) },
        labels: { create: Object.entries(labels).map(([key, value]) => ({ key, value })) },
      },
    });
  }
  const wholeOctober: [string, InstanceStatus][] = [
    ['2026-09-30T23:00:00Z', 'creating'],
    ['2026-10-01T00:00:00Z', 'running'],
    ['2026-11-01T00:00:00Z', 'stopped'],
  ];
  const ninetyMinutes: [string, InstanceStatus][] = [
    ['2026-10-05T10:00:00Z', 'creating'],
    ['2026-10-05T10:30:00Z', 'running'],
    ['2026-10-05T12:00:00Z', 'stopped'],
  ];

  it('groups the month’s cost per label value, to the cent, in the API and the CSV', async () => {
    const { tenant, people } = await tenantWith({ owner: 'owner' });
    const other = await createUser();
    await addMember(tenant.id, other.id, 'member');
    // c1.medium all October: vCPU 744 h × 0.02 = 14.88, memory 372 GiB-h × 0.0025 = 0.93 → 15.81.
    // c1.small 90 minutes: 0.75 vCPU-h × 0.02 = 0.015 → 0.02; memory 0.375 GiB-h → 0.00.
    await billed(tenant.id, 'docker-medium', wholeOctober, { team: 'web' });
    await billed(tenant.id, 'docker-small', ninetyMinutes, { team: 'web', env: 'prod' });
    await billed(tenant.id, 'docker-medium', wholeOctober, { team: 'data' });
    await billed(tenant.id, 'docker-small', ninetyMinutes, {});
    const r = await callRoute(people.owner.userId, billingRoute.GET, { slug: tenant.slug }, { query: { month: '2026-10' } });
    expect(r.status).toBe(200);
    expect(r.body.totalMinor).toBe(3166);
    expect(r.body.byLabel).toEqual([
      { key: 'env', values: [{ value: 'prod', amountMinor: 2 }], unlabelledMinor: 3164 },
      {
        key: 'team',
        values: [
          { value: 'web', amountMinor: 1583 },
          { value: 'data', amountMinor: 1581 },
        ],
        unlabelledMinor: 2,
      },
    ]);
    const csv = await fetchCsv(people.owner.userId, tenant.slug);
    expect(csv).toContain('\n2026-10,,label,team=web,,,,,USD,15.83\n');
    expect(csv).toContain('\n2026-10,,label,team=data,,,,,USD,15.81\n');
    expect(csv).toContain('\n2026-10,,label,team (none),,,,,USD,0.02\n');
    expect(csv).toContain('\n2026-10,,label,env=prod,,,,,USD,0.02\n');
    // Members do not see the bill, labels or not.
    expect((await callRoute(other.id, billingRoute.GET, { slug: tenant.slug }, { query: { month: '2026-10' } })).status).toBe(403);
  });

  /** The CSV route answers text, which callRoute would parse as JSON: called directly, as this user. */
  async function fetchCsv(userId: string, slug: string): Promise<string> {
    const req = new Request(`${ORIGIN}/api/v1/x?month=2026-10`, { headers: { origin: ORIGIN } });
    session.caller = () => userId;
    try {
      const res = await billingCsvRoute.GET(req, { params: Promise.resolve({ slug }) });
      expect(res.status).toBe(200);
      return await res.text();
    } finally {
      session.caller = callerOf;
    }
  }
});
