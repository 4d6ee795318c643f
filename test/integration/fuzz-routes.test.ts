// Issue 12, finding 7 ("NUL characters give 500s"): a generated fuzz suite over every /api/v1 route handler and
// method, read from app/api/v1/**/route.ts (test/helpers/api-routes.ts), each called as a signed-in owner (admin
// routes as the platform admin) with bad input made by fast-check — NUL, lone surrogates and control characters in
// path parameters, query values and every string of a body, huge strings, NaN and ±Infinity, negative and enormous
// numbers, booleans and strings where numbers go, arrays and objects where scalars go, extra fields, malformed JSON,
// empty bodies. Every answer is below 500; every 4xx is application/problem+json with a string `code`; bad input is
// refused (4xx); and nothing is written: a digest of every table's rows is the same before and after each call.
// Bodies start from a known-good body per route (SEEDS in test/helpers/api-seeds.ts, checked at the end to pass
// validation) and change one thing.
// Engines are never touched: the reconciler does not run in integration tests, so creates only record intent.
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import { auth } from '@/lib/auth/auth';
import { seedVmCatalog } from '@/lib/providers/qemu/seed';
import { seedPriceCatalogs } from '@/lib/billing/seed';
import { createVm } from '@/lib/instances/create-instance';
import { createSnapshot } from '@/lib/instances/snapshots';
import { createFunction } from '@/lib/functions/create-function';
import { deployFunction } from '@/lib/functions/deploy';
import { inviteMember } from '@/lib/tenants/members';
import { addMySshKey } from '@/lib/ssh-keys/service';
import { createPasswordReset } from '@/lib/auth/password-reset';
import { createApiToken } from '@/lib/auth/api-tokens';
import { loadApiRoutes, routePath, type ApiRoute, type Method, type RouteHandler } from '../helpers/api-routes';
import { SEED_CODE as CODE, SEEDS } from '../helpers/api-seeds';
import { addMember, contextFor, createTenant, createUser, seedCatalog, tenantWith } from '../fixtures';
import { startTestRegistry, type TestRegistry } from '../registry';

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('@/lib/auth/auth', () => import('../helpers/auth-mock').then((m) => m.authAs(session)));

/** Runs per route, method and kind of input (path, query, body); FUZZ_RUNS=200 for a longer hunt. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 8);
const ORIGIN = 'http://localhost:3000';

type Fixture = {
  ownerId: string;
  adminId: string;
  slug: string;
  /** Ids by the collection segment they follow in a route (`instances` → the VM's id). */
  ids: Record<string, string>;
  v1: string;
  sshPublicKey: string;
};
let fx: Fixture;
let routes: ApiRoute[];

/** An OpenSSH ed25519 public key line made with node:crypto (no ssh-keygen needed). */
function ed25519PublicKey(): string {
  const raw = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const str = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
  return `ssh-ed25519 ${Buffer.concat([str(Buffer.from('ssh-ed25519')), str(raw)]).toString('base64')} fuzz@test`;
}

// The image routes answer from a real registry (without one they answer 503 registry_unavailable, by design).
let registry: TestRegistry | undefined;
afterAll(async () => registry?.stop());

beforeAll(async () => {
  registry = await startTestRegistry('http://127.0.0.1:9/api/v1/registry/token');
  await seedCatalog();
  await seedVmCatalog(db());
  await seedPriceCatalogs(db());
  const { tenant, people } = await tenantWith({ owner: 'owner', viewer: 'viewer' });
  const other = await createTenant();
  const admin = await createUser({ isPlatformAdmin: true });
  const bystander = await createUser({});
  await addMember(other.id, admin.id, 'owner');
  const ctx = await contextFor(people.owner.userId, tenant.id);
  const vm = await createVm(ctx, { name: 'fz-vm', imageId: 'qemu-tiny', flavorId: 'qemu-tiny', ports: [80], start: false });
  await db().instance.update({ where: { id: vm.id }, data: { status: 'stopped' } });
  const snap = await createSnapshot(ctx, vm.id, { name: 'snap-1' });
  await db().instanceSnapshot.update({ where: { id: snap.id }, data: { status: 'ready' } });
  const fn = await createFunction(ctx, { name: 'fz-fn', code: CODE });
  await deployFunction(ctx, fn.id, { code: CODE.replace('ok', 'ok2') });
  const invitation = await inviteMember(ctx, { email: `invitee-${tenant.slug}@example.test`, role: 'member' });
  const user = await db().user.findUniqueOrThrow({ where: { id: people.owner.userId }, select: { id: true, email: true, name: true, isPlatformAdmin: true } });
  const key = await addMySshKey(user, { publicKey: ed25519PublicKey() });
  const catalog = await db().priceCatalog.findFirstOrThrow({ orderBy: { name: 'asc' } });
  const reset = await createPasswordReset({ id: admin.id, email: admin.email, name: admin.name, isPlatformAdmin: true }, bystander.id);
  const apiToken = await createApiToken(user, { name: 'fuzz', tenant: tenant.slug, role: 'viewer' });
  const invitationId = 'id' in invitation ? String(invitation.id) : (await db().invitation.findFirstOrThrow({ where: { tenantId: tenant.id } })).id;
  fx = {
    ownerId: people.owner.userId,
    adminId: admin.id,
    slug: tenant.slug,
    ids: {
      instances: vm.id,
      snapshots: snap.id,
      functions: fn.id,
      builds: (await db().build.create({ data: { tenantId: tenant.id, number: 1, source: 'git', gitUrl: 'https://203.0.113.7/x.git', gitRef: 'main', repository: 'x', tag: 'v1' } })).id,
      versions: fn.versionId,
      members: people.viewer.membershipId,
      invitations: invitationId,
      'ssh-keys': key.id,
      tokens: apiToken.token.id,
      tenants: other.id,
      prices: catalog.id,
      users: bystander.id,
      'password-resets': reset.token,
    },
    v1: fn.versionId,
    sshPublicKey: ed25519PublicKey(),
  };
  routes = await loadApiRoutes();
  // The callers' sessions exist before the first call and look freshly seen for the whole run: making one, and the
  // once-a-minute touch of a session (lib/auth/sessions.ts), are sign-in bookkeeping, not writes by the route under test.
  for (const id of [fx.ownerId, fx.adminId]) {
    session.userId = id;
    await auth();
  }
  await db().userSession.updateMany({ data: { lastSeenAt: new Date(Date.now() + 3_600_000) } });
});

/** Query parameters the routes read (GET ?month, ?kind…): fuzzed on every GET, with random others. */
const QUERY_KEYS = ['q', 'cursor', 'limit', 'month', 'kind', 'status', 'page', 'pageSize', 'minutes', 'tail', 'follow', 'at', 'format', 'name', 'currency', 'hoursPerMonth'];

// ---- generated input ------------------------------------------------------------------------------------------------

const short = fc.string({ maxLength: 6 });
const nul = fc.tuple(short, short).map(([a, b]) => `${a}\u0000${b}`);
const surrogate = fc.tuple(short, fc.constantFrom('\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uDC00\uD800'), short).map(([a, s, b]) => a + s + b);
const control = fc.tuple(short, fc.constantFrom('\u0001', '\u001b[31m', '\u007f', '\u0085', '\n', '\r', '\t', '\u0008')).map(([a, c]) => a + c);
/** Larger than every limit (the largest is the test request's 1 MiB body). */
const huge = fc.constant('x'.repeat(2 * 1024 * 1024 + 1));
/** Strings no field may take. */
const badText = fc.oneof({ arbitrary: nul, weight: 4 }, { arbitrary: surrogate, weight: 4 }, { arbitrary: huge, weight: 1 });
/** Path parameters and query values: ids never hold control characters either; some merely wrong. */
const badId = fc.oneof(
  badText,
  control,
  fc.constantFrom('', ' ', '../../etc/passwd', '%00', 'é', 'c000000000000000000000000', '*', "' OR 1=1 --", 'x'.repeat(10_000)),
);
const someJson = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.constant([]), fc.constant({}), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(short, fc.integer(), { maxKeys: 2 }));
const badNumber = fc.constantFrom(-1, -0.5, -1e9, 2 ** 64, Number.MAX_VALUE, Infinity, -Infinity, NaN);

/** A value that is wrong in a position that holds `like` (so a mutated body is never accidentally valid). */
function wrongFor(like: unknown): fc.Arbitrary<unknown> {
  if (typeof like === 'string') return fc.oneof(badText, fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({}), fc.array(badText, { minLength: 1, maxLength: 2 }));
  if (typeof like === 'number') return fc.oneof(badNumber, fc.boolean(), fc.constant(null), fc.constantFrom('12', '1e3', 'true', ''), badText, fc.constant([]), fc.constant({}));
  if (typeof like === 'boolean') return fc.oneof(fc.constantFrom('true', 'on', 'false', 1, 0, null), badText, fc.constant([]), fc.constant({}));
  if (Array.isArray(like)) return fc.oneof(badText, fc.boolean(), fc.integer(), fc.constant({}), fc.constant(null));
  if (like && typeof like === 'object') return fc.oneof(badText, fc.boolean(), fc.integer(), fc.constant([]), fc.constant(null));
  // null (an optional field given as null): anything but null or absence.
  return fc.oneof(badText, fc.boolean(), fc.constant([]), fc.constant({}));
}

type Path = (string | number)[];
/** Every position in a body: each value (leaf or not) and each object a field can be added to. */
function positions(value: unknown, at: Path = []): { path: Path; value: unknown }[] {
  const here = at.length ? [{ path: at, value }] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => positions(v, [...at, i]))];
  if (value && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([k, v]) => positions(v, [...at, k]))];
  return here;
}
function objectsIn(value: unknown, at: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => objectsIn(v, [...at, i]));
  if (value && typeof value === 'object') return [at, ...Object.entries(value).flatMap(([k, v]) => objectsIn(v, [...at, k]))];
  return [];
}
function setAt(root: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let o = copy;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  if (path.length === 0) return value;
  o[path[path.length - 1]] = value;
  return copy;
}

/** A body as sent: JSON text where NaN and ±Infinity are written as the bare words/1e400 JSON cannot carry. */
type Body = { text: string; describe: string } | null;
function jsonText(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? `__num_${x}__` : x))
    .replaceAll('"__num_NaN__"', 'NaN')
    .replaceAll('"__num_Infinity__"', '1e400')
    .replaceAll('"__num_-Infinity__"', '-1e400');
}

/** Bad bodies derived from a seed: one position made wrong, an extra field, a bad key, or no valid JSON at all. */
function badBody(seed: unknown, open: string[] = [], accepted: Set<string> = new Set()): fc.Arbitrary<Body> {
  const spots = positions(seed);
  const objects = objectsIn(seed).filter((p) => !open.includes(p.join('.')));
  const inOpen = (path: Path) => open.some((o) => path.slice(0, -1).join('.') === o || path.join('.').startsWith(`${o}.`));
  const describe = (what: string, path: Path) => `${what} at ${path.join('.') || '(root)'}`;
  const options: fc.Arbitrary<Body>[] = [
    fc.constantFrom(...spots).chain((spot) =>
      // Inside an open map a value may be a string or a list of them: only text no field may take is wrong there.
      (inOpen(spot.path) ? badText : wrongFor(spot.value)).map((v) => ({ text: jsonText(setAt(seed, spot.path, v)), describe: describe(`wrong ${typeof spot.value}`, spot.path) })),
    ),
    // A field another known-good body of the route takes (PATCH admin/users takes isPlatformAdmin) is not extra.
    fc.tuple(fc.constantFrom(...objects), fc.constantFrom(...['extra', 'tenantId', 'id', '__proto__', 'constructor', 'isPlatformAdmin', 'Name'].filter((k) => !accepted.has(k))), someJson).map(([path, key, v]) => {
      const target = structuredClone(seed);
      let o = target as Record<string | number, unknown>;
      for (const k of path) o = o[k] as Record<string | number, unknown>;
      o[key] = v;
      // JSON.stringify skips an own `__proto__` set this way; write it into the text instead.
      const text = key === '__proto__' ? jsonText(target).replace(/\{/, '{"__proto__":{"isPlatformAdmin":true},') : jsonText(target);
      return { text, describe: describe(`extra field ${key}`, path) };
    }),
    fc.tuple(fc.constantFrom(...objects), fc.oneof(nul, surrogate)).map(([path, key]) => {
      const target = structuredClone(seed);
      let o = target as Record<string | number, unknown>;
      for (const k of path) o = o[k] as Record<string | number, unknown>;
      o[key] = 'x';
      return { text: jsonText(target), describe: describe('bad key', path) };
    }),
    fc.constantFrom<Body>(
      null,
      { text: '', describe: 'empty' },
      { text: '{', describe: 'malformed' },
      { text: '{"a":', describe: 'malformed' },
      { text: "{'a':1}", describe: 'malformed' },
      { text: 'NaN', describe: 'NaN' },
      { text: 'null', describe: 'null' },
      { text: '[]', describe: 'array' },
      { text: '"x"', describe: 'string' },
      { text: '1', describe: 'number' },
      { text: '\u0000', describe: 'NUL' },
      { text: '{"a":"\\u0000"}', describe: 'escaped NUL' },
      { text: '{"a":"\\ud800"}', describe: 'escaped lone surrogate' },
      { text: `${'['.repeat(5000)}${']'.repeat(5000)}`, describe: 'deep nesting' },
    ),
  ];
  if (spots.length === 0) return fc.oneof(...options.slice(3));
  return fc.oneof(...options);
}

// ---- calling and checking -------------------------------------------------------------------------------------------

function callerFor(route: ApiRoute): string | null {
  if (route.pattern === 'health') return null;
  return route.pattern.startsWith('admin/') ? fx.adminId : fx.ownerId;
}
function validParams(route: ApiRoute): Record<string, string> {
  return Object.fromEntries(route.params.map((p) => [p.name, p.name === 'slug' ? fx.slug : (fx.ids[p.after] ?? fx.ids[p.name.replace(/Id$/, 's')] ?? 'c000000000000000000000000')]));
}

async function call(route: ApiRoute, method: Method, params: Record<string, string>, query: [string, string][], body: Body) {
  session.userId = callerFor(route);
  const url = new URL(`${ORIGIN}${routePath(route, params)}`);
  // A URL cannot carry a lone surrogate: a client's broken UTF-8 arrives as U+FFFD, which is what is sent here.
  for (const [k, v] of query) url.searchParams.append(k, v.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
  const href = url.toString();
  const abort = new AbortController();
  const headers: Record<string, string> = { origin: ORIGIN, 'sec-fetch-site': 'same-origin' };
  // GET carries no body (fetch refuses one).
  const sent = method === 'GET' ? null : body;
  if (sent !== null) headers['content-type'] = 'application/json';
  const req = new Request(href, { method, headers, body: sent === null ? undefined : sent.text, signal: abort.signal });
  const handler = route.handlers[method] as RouteHandler;
  const res = await handler(req, { params: Promise.resolve(params) });
  const type = res.headers.get('content-type') ?? '';
  let text = '';
  if (type.includes('event-stream')) await res.body?.cancel();
  else text = await res.text();
  abort.abort();
  return { status: res.status, type, text };
}

/**
 * A digest of every application table (row count and a hash of all rows), to show that a call wrote nothing. Reading
 * a bill brings metering up to date first (lib/billing/meter.ts: usage rows, each instance's and volume's meteredUntil
 * and so its updatedAt) and reading a closed month freezes its invoice; reading images, a quota or an organisation
 * measures the registry storage it shows (lib/billing/meter-registry.ts: the level and when it was taken). That
 * bookkeeping is left out, everything else counts.
 */
const METERING_TABLES = new Set(['UsageRecord', 'UsageDaily', 'Invoice', 'RegistryStorage']);
let digestSql: string | undefined;
async function digest(): Promise<Record<string, string>> {
  if (!digestSql) {
    const tables = await db().$queryRawUnsafe<{ tablename: string }[]>(
      `SELECT tablename::text AS tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations' ORDER BY 1`,
    );
    digestSql = tables
      .filter((t) => !METERING_TABLES.has(t.tablename))
      .map((t) => {
        const row = t.tablename === 'Instance' || t.tablename === 'Volume' ? `(to_jsonb(x) - 'meteredUntil' - 'updatedAt')::text` : 'x::text';
        return `SELECT '${t.tablename}' AS t, count(*)::text || ':' || md5(coalesce(string_agg(${row}, '|' ORDER BY ${row}), '')) AS h FROM "${t.tablename}" x`;
      })
      .join(' UNION ALL ');
  }
  const rows = await db().$queryRawUnsafe<{ t: string; h: string }[]>(digestSql);
  return Object.fromEntries(rows.map((r) => [r.t, r.h]));
}

type Outcome = Awaited<ReturnType<typeof call>>;
/** The rules every answer to bad input keeps; `refused`: the input is wrong for this route, so it must be a 4xx. */
function checkAnswer(r: Outcome, refused: boolean, what: string) {
  const where = `${what} → ${r.status} ${r.text.slice(0, 300)}`;
  if (r.status >= 500) throw new Error(`5xx: ${where}`);
  if (refused && r.status < 400) throw new Error(`bad input accepted: ${where}`);
  if (r.status >= 400) {
    if (!r.type.startsWith('application/problem+json')) throw new Error(`not a problem+json: ${where}`);
    const code = (JSON.parse(r.text) as { code?: unknown }).code;
    if (typeof code !== 'string' || !/^[a-z_]+$/.test(code)) throw new Error(`no stable code: ${where}`);
  }
}
/**
 * Whether a call wrote: every PostgreSQL transaction that writes (or locks a row to write it) is given a transaction
 * id, and reading the current one takes the next; so across a call that wrote nothing the id grows by exactly one.
 * Even a write rolled back counts (refused input must be refused before anything is attempted). GET handlers may do
 * the metering bookkeeping above, so for them the digest decides.
 */
type Mark = { xid: bigint } | { digest: Record<string, string> };
async function xid(): Promise<bigint> {
  const [row] = await db().$queryRawUnsafe<{ x: string }[]>(`SELECT pg_current_xact_id()::text AS x`);
  return BigInt(row.x);
}
async function mark(method: Method): Promise<Mark> {
  return method === 'GET' ? { digest: await digest() } : { xid: await xid() };
}
/** What a call wrote since `before`, or null when nothing. */
async function written(before: Mark): Promise<string | null> {
  if ('xid' in before) {
    const now = await xid();
    return now === before.xid + 1n ? null : `wrote (${now - before.xid - 1n} transaction(s) with writes)`;
  }
  const after = await digest();
  const changed = Object.keys(after).filter((t) => after[t] !== before.digest[t]);
  return changed.length ? `wrote to ${changed.join(', ')}` : null;
}

/**
 * Sends one fuzzed request, checks its answer and that it wrote nothing. Transaction ids are counted for the whole
 * PostgreSQL cluster, so another database's transaction (autovacuum analysing a table, a scratch database of another
 * test) can land inside a slow call on a busy machine: a call that seemed to write is sent twice more, and only one
 * that writes every time fails (a handler that writes for some input does so each time it gets it).
 */
async function probe(method: Method, refused: boolean, what: string, send: () => Promise<Outcome>) {
  let wrote: string | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    const before = await mark(method);
    stats.calls++;
    checkAnswer(await send(), refused, what);
    wrote = await written(before);
    if (!wrote || !('xid' in before)) break;
  }
  if (wrote) throw new Error(`${wrote}: ${what}`);
}

const stats = { calls: 0, handlers: 0 };

describe('every /api/v1 route and method, fuzzed (issue 12 finding 7)', () => {
  it('finds the routes on disk, and has a seed body for every handler that reads one', () => {
    expect(routes.length).toBeGreaterThanOrEqual(30);
    const missing: string[] = [];
    for (const r of routes) {
      const readsBody = /readJson\(|readText\(|req\.(json|text|formData)\(/.test(r.source);
      for (const m of ['POST', 'PUT', 'PATCH'] as const) {
        if (r.handlers[m] && readsBody && !SEEDS[`${m} ${r.pattern}`]) missing.push(`${m} ${r.pattern}`);
      }
    }
    // A handler that reads a body needs a known-good one here, or the fuzzer would never get past its first check.
    expect(missing).toEqual([]);
    for (const key of Object.keys(SEEDS)) {
      const [m, p] = key.split(' ');
      expect(routes.find((r) => r.pattern === p)?.handlers[m as Method], `seed for a route that does not exist: ${key}`).toBeTypeOf('function');
    }
  });

  it('fuzzes each route and method (path parameters, query, body) with 0 5xx, problem+json 4xx and no writes', { timeout: 600_000 }, async () => {
    const started = Date.now();
    const failures: string[] = [];
    // Every route is fuzzed even after one fails, so a run lists all of them.
    const check = async (label: string, run: () => Promise<void>) => {
      try {
        await run();
      } catch (err) {
        failures.push(`${label}: ${(err as Error).message.split('\n').filter((l) => /Counterexample|Got /.test(l)).join(' ').slice(0, 800)}`);
      }
    };
    for (const route of routes) {
      for (const method of Object.keys(route.handlers) as Method[]) {
        stats.handlers++;
        const label = `${method} /${route.pattern}`;
        const entry = SEEDS[`${method} ${route.pattern}`];
        const seeds = entry?.bodies(fx) ?? [];
        const accepted = new Set(seeds.flatMap((b) => (b && typeof b === 'object' ? Object.keys(b) : [])));
        const bad = (seed: unknown) => badBody(seed, entry?.open, accepted);
        // A garbage body goes along with a bad path or query: it must not matter to a handler that reads none.
        const anyBody = seeds.length ? fc.oneof(...seeds.map(bad)) : badBody({ a: 'b' });

        // 1. One path parameter wrong: every method refuses it.
        if (route.params.length) {
          await check(`${label} path`, () => fc.assert(
            fc.asyncProperty(fc.constantFrom(...route.params.map((p) => p.name)), badId, fc.option(anyBody, { nil: null }), async (name, value, body) => {
              const params = { ...validParams(route), [name]: value };
              const what = `${label} with ${name}=${JSON.stringify(value.slice(0, 40))}${value.length > 40 ? `… (${value.length})` : ''}`;
              await probe(method, true, what, () => call(route, method, params, [], body));
            }),
            { numRuns: RUNS, endOnFailure: true },
          ));
        }

        // 2. Query strings: on GET anything may come (answers < 500, problem+json, no writes); elsewhere a value
        // with NUL or broken Unicode in it must be refused.
        const isGet = method === 'GET';
        const queryValue = isGet ? fc.oneof(badId, fc.constantFrom('-1', '0', '1e400', 'NaN', 'Infinity', 'true', '2026-13', '1', 'vm', 'csv', '99999999999')) : fc.oneof(nul, control);
        await check(`${label} query`, () => fc.assert(
          fc.asyncProperty(fc.array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_KEYS), short), queryValue), { minLength: 1, maxLength: 3 }), async (query) => {
            const what = `${label}?${query.map(([k, v]) => `${k}=${JSON.stringify(v.slice(0, 30))}`).join('&')}`;
            const seed = seeds[0];
            await probe(method, !isGet, what, () => call(route, method, validParams(route), query, seed === undefined ? null : { text: jsonText(seed), describe: 'seed' }));
          }),
          { numRuns: RUNS, endOnFailure: true },
        ));

        // 3. Bodies: a seed with one thing wrong, or no usable JSON at all.
        if (seeds.length) {
          await check(`${label} body`, () => fc.assert(
            fc.asyncProperty(fc.oneof(...seeds.map(bad)), async (body) => {
              const what = `${label} body ${body === null ? '(none)' : `${body.describe}: ${body.text.slice(0, 200)}`}`;
              await probe(method, true, what, () => call(route, method, validParams(route), [], body));
            }),
            { numRuns: RUNS * 3, endOnFailure: true },
          ));
        }
      }
    }
    expect(failures).toEqual([]);
    console.log(`[fuzz] ${routes.length} route files, ${stats.handlers} route × method handlers, ${stats.calls} calls in ${((Date.now() - started) / 1000).toFixed(1)} s (FUZZ_RUNS=${RUNS})`);
  });

  it('every seed body passes validation as it is (so the fuzzer gets past the first check)', async () => {
    for (const [key, seed] of Object.entries(SEEDS)) {
      if (seed.live) continue;
      const [method, pattern] = key.split(' ') as [Method, string];
      const route = routes.find((r) => r.pattern === pattern)!;
      for (const body of seed.bodies(fx)) {
        const r = await call(route, method, validParams(route), [], { text: jsonText(body), describe: 'seed' });
        expect(r.status, `${key}: ${r.text}`).toBeLessThan(500);
        expect([400, 413, 422], `${key}: ${r.text}`).not.toContain(r.status);
      }
    }
  });
});
