// Issue 13's authorization matrix, GENERATED rather than listed: every /api/v1 route and method found on disk
// (test/helpers/api-routes.ts) × every kind of caller — nobody, a browser session (auth-mock) of each role, API tokens
// of each role (and tokens of a lower role than their owner's, a token whose owner's role is lower than the token's,
// a platform admin's organisation token, a platform-admin token), a revoked and an expired token — × the caller's own
// organisation and another one. The expected answer comes from the policy table (lib/auth/policy.ts
// ACTION_MIN_ROLE and can()) through RULES below, which names the policy action of each route and method and fails
// the test for any route it does not classify, so that a new route must be placed in the matrix.
//
// Only the authorization outcome is checked: 401 / 403 / 404 exactly where the policy says, and "allowed" elsewhere
// (any answer that is not 401, not 403, and not the 404 of an organisation or admin area the caller may not see —
// a write may well be refused afterwards by validation or by the resource's state). Refused calls change nothing, so
// they all run first; the allowed ones run after, deletes last.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import { ACTION_MIN_ROLE, can, lowerRole, ROLES, type TenantAction } from '@/lib/auth/policy';
import { hashSecret } from '@/lib/auth/api-tokens';
import { API_ROUTES } from '@/lib/api/openapi/registry';
import { seedVmCatalog } from '@/lib/providers/qemu/seed';
import { createVm } from '@/lib/instances/create-instance';
import { createSnapshot } from '@/lib/instances/snapshots';
import { createFunction } from '@/lib/functions/create-function';
import { deployFunction } from '@/lib/functions/deploy';
import { inviteMember } from '@/lib/tenants/members';
import { createVolume } from '@/lib/volumes/service';
import type { Role } from '@/lib/generated/prisma/enums';
import { loadApiRoutes, METHODS, routePath, type ApiRoute, type Method } from '../helpers/api-routes';
import { SEED_CODE } from '../helpers/api-seeds';
import { addMember, contextFor, createTenant, createUser, seedCatalog, tenantWith } from '../fixtures';
import { ORIGIN } from '../helpers/api-call';

const session = vi.hoisted(() => ({
  caller: (): string | null => null,
  get userId(): string | null {
    return this.caller();
  },
}));
vi.mock('@/lib/auth/auth', () => import('../helpers/auth-mock').then((m) => m.authAs(session)));
const callers = new AsyncLocalStorage<string | null>();
session.caller = () => callers.getStore() ?? null;

/**
 * What decides who may call each route and method: a policy action (a tenant route; lib/auth/policy.ts), or
 * `public` (no credentials), `user` (anyone signed in, tokens included), `session` (a signed-in browser session only:
 * tokens get 403 token_not_allowed), `admin` (platform admins: a session, or a platform-admin token).
 */
type Rule = TenantAction | 'public' | 'user' | 'session' | 'admin';
const RULES: Record<string, Rule> = {
  'GET health': 'public',
  'GET openapi.json': 'public',
  'GET password-resets/[token]': 'public',
  'POST password-resets/[token]': 'public',
  'POST signup': 'public',
  'POST invitations/[token]/accept': 'public',
  'POST estimates': 'user',
  'GET performance': 'user',
  'POST performance/compare': 'user',
  'GET me': 'user',
  'GET me/ssh-keys': 'user',
  'POST me/ssh-keys': 'session',
  'DELETE me/ssh-keys/[id]': 'session',
  'GET me/sessions': 'session',
  'DELETE me/sessions': 'session',
  'DELETE me/sessions/[id]': 'session',
  'GET me/invitations': 'session',
  'DELETE me/invitations/[id]': 'session',
  'POST me/invitations/[id]/accept': 'session',
  'GET me/tokens': 'session',
  'POST me/tokens': 'session',
  'DELETE me/tokens/[id]': 'session',
  'GET tenants/[slug]': 'tenant.read',
  'GET tenants/[slug]/events': 'resource.read',
  'PATCH tenants/[slug]': 'tenant.update',
  'GET tenants/[slug]/audit': 'audit.read',
  'GET tenants/[slug]/billing': 'billing.read',
  'GET tenants/[slug]/billing/csv': 'billing.read',
  'GET tenants/[slug]/billing/invoices': 'billing.read',
  'PUT tenants/[slug]/budget': 'billing.manage',
  'DELETE tenants/[slug]/budget': 'billing.manage',
  'GET tenants/[slug]/catalog': 'resource.read',
  'GET tenants/[slug]/quota': 'quota.read',
  'GET tenants/[slug]/members': 'members.read',
  'POST tenants/[slug]/members': 'members.manage',
  'PATCH tenants/[slug]/members/[id]': 'members.manage',
  'DELETE tenants/[slug]/members/[id]': 'members.manage',
  'DELETE tenants/[slug]/invitations/[id]': 'members.manage',
  'GET tenants/[slug]/instances': 'resource.read',
  // Docker's token endpoint: HTTP Basic (email + API token) decides what the token grants (docker-registry.test.ts).
  'GET registry/token': 'public',
  'GET tenants/[slug]/images': 'resource.read',
  'GET tenants/[slug]/images/[name]/tags/[tag]': 'resource.read',
  'DELETE tenants/[slug]/images/[name]/tags/[tag]': 'resource.delete',
  'POST tenants/[slug]/instances': 'resource.create',
  'GET tenants/[slug]/instances/[id]': 'resource.read',
  'GET tenants/[slug]/search': 'resource.read',
  'DELETE tenants/[slug]/instances/[id]': 'resource.delete',
  'POST tenants/[slug]/instances/[id]/actions': 'resource.operate',
  'PUT tenants/[slug]/instances/[id]/labels': 'resource.create',
  'POST tenants/[slug]/instances/actions': 'resource.stop',
  'GET tenants/[slug]/instances/[id]/logs': 'resource.read',
  'GET tenants/[slug]/instances/[id]/stats': 'resource.read',
  'GET tenants/[slug]/instances/[id]/terminal': 'resource.terminal',
  'POST tenants/[slug]/instances/[id]/deploy': 'resource.operate',
  'POST tenants/[slug]/instances/[id]/rollback': 'resource.operate',
  'GET tenants/[slug]/instances/[id]/versions': 'resource.read',
  'GET tenants/[slug]/instances/[id]/snapshots': 'resource.read',
  'POST tenants/[slug]/instances/[id]/snapshots': 'resource.operate',
  'DELETE tenants/[slug]/instances/[id]/snapshots/[snapshotId]': 'resource.delete',
  'POST tenants/[slug]/instances/[id]/snapshots/[snapshotId]/restore': 'resource.operate',
  'GET tenants/[slug]/functions': 'resource.read',
  'POST tenants/[slug]/functions': 'resource.create',
  'GET tenants/[slug]/functions/[id]': 'resource.read',
  'PATCH tenants/[slug]/functions/[id]': 'function.deploy',
  'DELETE tenants/[slug]/functions/[id]': 'resource.delete',
  'POST tenants/[slug]/functions/actions': 'resource.delete',
  'PUT tenants/[slug]/functions/[id]/labels': 'resource.create',
  'POST tenants/[slug]/functions/[id]/deploy': 'function.deploy',
  'POST tenants/[slug]/functions/[id]/rollback': 'function.deploy',
  'POST tenants/[slug]/functions/[id]/test': 'function.invoke',
  'POST tenants/[slug]/functions/[id]/token': 'function.token',
  'GET tenants/[slug]/functions/[id]/logs': 'resource.read',
  'GET tenants/[slug]/functions/[id]/stats': 'resource.read',
  'GET tenants/[slug]/functions/[id]/always-on': 'resource.read',
  'GET tenants/[slug]/functions/[id]/versions': 'resource.read',
  'GET tenants/[slug]/functions/[id]/versions/[versionId]': 'resource.read',
  'GET tenants/[slug]/instances/[id]/volumes': 'resource.read',
  'GET tenants/[slug]/volumes': 'resource.read',
  'POST tenants/[slug]/volumes': 'resource.create',
  'GET tenants/[slug]/volumes/[volumeId]': 'resource.read',
  'PATCH tenants/[slug]/volumes/[volumeId]': 'resource.operate',
  'DELETE tenants/[slug]/volumes/[volumeId]': 'resource.delete',
  'POST tenants/[slug]/volumes/[volumeId]/attach': 'resource.operate',
  'POST tenants/[slug]/volumes/[volumeId]/detach': 'resource.operate',
  'GET tenants/[slug]/volumes/[volumeId]/snapshots': 'resource.read',
  'POST tenants/[slug]/volumes/[volumeId]/snapshots': 'resource.operate',
  'DELETE tenants/[slug]/volumes/[volumeId]/snapshots/[snapshotId]': 'resource.delete',
  'POST tenants/[slug]/volumes/[volumeId]/snapshots/[snapshotId]/restore': 'resource.operate',
  'GET tenants/[slug]/builds': 'resource.read',
  'POST tenants/[slug]/builds': 'resource.create',
  'GET tenants/[slug]/builds/[id]': 'resource.read',
  'GET tenants/[slug]/builds/[id]/log': 'resource.read',
  'POST tenants/[slug]/builds/[id]/cancel': 'resource.stop',
};

/** The admin area has one rule for all its routes: platform admins only (a new admin route is placed by its path). */
function ruleOf(key: string): Rule | undefined {
  return key.split(' ')[1]!.startsWith('admin/') ? 'admin' : RULES[key];
}

/** Bodies that get a write past its parsing to the authorization check without changing anything when allowed: the
 * instance is stopped already, so `stop` is refused by its state (409) after the role check. Other writes get `{}`:
 * authorized first, then refused by validation. */
const BODIES: Record<string, unknown> = {
  'POST tenants/[slug]/instances/[id]/actions': { action: 'stop' },
  // The matrix's instance is a VM: authorized, then refused (invalid_state: VMs are not deployed by image).
  'POST tenants/[slug]/instances/[id]/deploy': { image: 'overcast/static-web:1' },
  // Stop (allowed to members) of an id that is no instance here: authorized, then that id answers not_found.
  'POST tenants/[slug]/instances/actions': { action: 'stop', ids: ['c000000000000000000000000'] },
  // Delete (members and above) of an id that is no function here: authorized, then that id answers not_found.
  'POST tenants/[slug]/functions/actions': { action: 'delete', ids: ['c000000000000000000000000'] },
};

type Caller = {
  label: string;
  /** A browser session of this user. */
  session?: string;
  /** An API token secret. */
  bearer?: string;
  /** The role the caller acts with in the own organisation (null: none), or every right (platform admin). */
  role: Role | null;
  platformAdmin: boolean;
  kind: 'none' | 'session' | 'token' | 'dead-token';
};

type Expected = { status: 401 | 403 | 404; code: string } | 'allowed';

/** The policy's answer for a caller, a rule, and whether the organisation in the path is the caller's own. */
function expected(rule: Rule, c: Caller, own: boolean): Expected {
  if (c.kind === 'dead-token') return { status: 401, code: 'invalid_token' };
  if (rule === 'public') return 'allowed';
  if (c.kind === 'none') return { status: 401, code: 'unauthenticated' };
  if (rule === 'user') return 'allowed';
  if (rule === 'session') return c.kind === 'session' ? 'allowed' : { status: 403, code: 'token_not_allowed' };
  if (rule === 'admin') return c.platformAdmin ? 'allowed' : { status: 404, code: 'not_found' };
  if (c.platformAdmin) return 'allowed';
  if (!own || !c.role) return { status: 404, code: 'not_found' };
  return can({ userId: 'x', isPlatformAdmin: false, role: c.role }, rule, { status: 'active' }) ? 'allowed' : { status: 403, code: 'forbidden' };
}

/** Gate answers: the organisation or admin area is not the caller's (answered like a missing one, but it is not one). */
function gateTitle(rule: Rule): string | undefined {
  if (rule === 'admin') return 'No such page.';
  return rule in ACTION_MIN_ROLE ? 'No such tenant.' : undefined;
}

let routes: ApiRoute[];
let callersList: Caller[];
let own: { slug: string; ids: Record<string, string> };
let other: { slug: string };

async function token(userId: string, tenantId: string | null, role: Role | null, opts: { platformAdmin?: boolean; revoked?: boolean; expired?: boolean } = {}): Promise<string> {
  const secret = `ovc_${randomBytes(32).toString('base64url')}`;
  await db().apiToken.create({
    data: {
      userId,
      tenantId,
      role,
      name: `matrix-${role ?? 'pa'}`,
      platformAdmin: opts.platformAdmin ?? false,
      secretHash: hashSecret(secret),
      prefix: secret.slice(0, 12),
      revokedAt: opts.revoked ? new Date() : null,
      expiresAt: opts.expired ? new Date(Date.now() - 1000) : null,
    },
  });
  return secret;
}

beforeAll(async () => {
  await seedCatalog();
  await seedVmCatalog(db());
  const { tenant, people } = await tenantWith({ owner: 'owner', admin: 'admin', member: 'member', viewer: 'viewer', target: 'viewer' });
  const otherTenant = await createTenant();
  const otherOwner = await createUser();
  await addMember(otherTenant.id, otherOwner.id, 'owner');
  // A platform admin, member (viewer) of the own organisation, and another user.
  const pa = await createUser({ isPlatformAdmin: true });
  await addMember(tenant.id, pa.id, 'viewer');

  const ctx = await contextFor(people.owner.userId, tenant.id);
  const vm = await createVm(ctx, { name: 'mx-vm', imageId: 'qemu-tiny', flavorId: 'qemu-tiny', ports: [80], start: false });
  await db().instance.update({ where: { id: vm.id }, data: { status: 'stopped', desiredState: 'stopped' } });
  const snap = await createSnapshot(ctx, vm.id, { name: 'snap-1' });
  await db().instanceSnapshot.update({ where: { id: snap.id }, data: { status: 'ready' } });
  const fn = await createFunction(ctx, { name: 'mx-fn', code: SEED_CODE });
  await deployFunction(ctx, fn.id, { code: SEED_CODE.replace('ok', 'ok2') });
  await inviteMember(ctx, { email: `mx-${tenant.slug}@example.test`, role: 'member' });
  const invitation = await db().invitation.findFirstOrThrow({ where: { tenantId: tenant.id } });
  // A volume (a row: no reconciler runs here) and a finished build, so their reads find something.
  const volume = await createVolume(ctx, { name: 'mx-vol', sizeGib: 1 });
  const build = await db().build.create({
    data: { tenantId: tenant.id, number: 1, source: 'git', gitUrl: 'https://example.test/app.git', repository: 'app', tag: '1', status: 'failed', finishedAt: new Date() },
  });
  own = {
    slug: tenant.slug,
    ids: {
      instances: vm.id,
      snapshots: snap.id,
      functions: fn.id,
      versions: fn.versionId,
      members: people.target.membershipId,
      invitations: invitation.id,
      volumes: volume.id,
      builds: build.id,
    },
  };
  other = { slug: otherTenant.slug };

  const sessionOf = (label: string, userId: string, role: Role | null, platformAdmin = false): Caller => ({ label, session: userId, role, platformAdmin, kind: 'session' });
  const tokenOf = async (label: string, userId: string, tokenRole: Role, userRole: Role): Promise<Caller> => ({
    label,
    bearer: await token(userId, tenant.id, tokenRole),
    role: lowerRole(tokenRole, userRole),
    platformAdmin: false,
    kind: 'token',
  });
  callersList = [
    { label: 'nobody', role: null, platformAdmin: false, kind: 'none' },
    ...ROLES.map((r) => sessionOf(`session ${r}`, people[r].userId, r)),
    sessionOf('session platform admin', pa.id, 'viewer', true),
    ...(await Promise.all(ROLES.map((r) => tokenOf(`token ${r} of a ${r}`, people[r].userId, r, r)))),
    // Tokens of a lower role than their owner's never do more than their role.
    ...(await Promise.all(ROLES.filter((r) => r !== 'owner').map((r) => tokenOf(`token ${r} of an owner`, people.owner.userId, r, 'owner')))),
    // A token made when its owner was owner, the owner since demoted to viewer: it acts as a viewer.
    await tokenOf('token owner of a (demoted) viewer', people.viewer.userId, 'owner', 'viewer'),
    // A platform admin's organisation token: its organisation's role only, never the admin area.
    await tokenOf('token viewer of a platform admin', pa.id, 'viewer', 'viewer'),
    { label: 'platform-admin token', bearer: await token(pa.id, null, null, { platformAdmin: true }), role: null, platformAdmin: true, kind: 'token' },
    { label: 'revoked token', bearer: await token(people.owner.userId, tenant.id, 'owner', { revoked: true }), role: null, platformAdmin: false, kind: 'dead-token' },
    { label: 'expired token', bearer: await token(people.owner.userId, tenant.id, 'owner', { expired: true }), role: null, platformAdmin: false, kind: 'dead-token' },
  ];
  routes = await loadApiRoutes();
});

type Cell = { key: string; route: ApiRoute; method: Method; rule: Rule; caller: Caller; own: boolean; want: Expected };

function paramsFor(route: ApiRoute, ownTenant: boolean): Record<string, string> {
  return Object.fromEntries(
    route.params.map((p) => [p.name, p.name === 'slug' ? (ownTenant ? own.slug : other.slug) : (own.ids[p.after] ?? own.ids[p.name.replace(/Id$/, 's')] ?? 'c000000000000000000000000')]),
  );
}

async function send(cell: Cell): Promise<{ status: number; code?: string; title?: string }> {
  const params = paramsFor(cell.route, cell.own);
  const headers: Record<string, string> = { 'x-forwarded-for': '127.0.0.1' };
  if (cell.caller.bearer) headers.authorization = `Bearer ${cell.caller.bearer}`;
  else headers.origin = ORIGIN;
  let body: string | undefined;
  if (cell.method !== 'GET') {
    body = JSON.stringify(BODIES[cell.key] ?? {});
    headers['content-type'] = 'application/json';
  }
  const abort = new AbortController();
  const req = new Request(`${ORIGIN}${routePath(cell.route, params)}`, { method: cell.method, headers, body, signal: abort.signal });
  const handler = cell.route.handlers[cell.method]!;
  const res = await callers.run(cell.caller.session ?? null, () => handler(req, { params: Promise.resolve(params) }));
  // Streams (logs, stats) are not read: only their status counts.
  const isProblem = (res.headers.get('content-type') ?? '').includes('problem+json');
  const problem = isProblem ? ((await res.json()) as { code?: string; title?: string }) : undefined;
  abort.abort();
  await res.body?.cancel().catch(() => {});
  return { status: res.status, code: problem?.code, title: problem?.title };
}

function outcomeMatches(cell: Cell, got: { status: number; code?: string; title?: string }): boolean {
  const { want } = cell;
  const gate = gateTitle(cell.rule);
  if (want === 'allowed') return got.status !== 401 && got.status !== 403 && !(got.status === 404 && got.title === gate);
  if (got.status !== want.status || got.code !== want.code) return false;
  // A refused organisation or admin area answers the gate's 404, not that of a missing resource.
  return want.status !== 404 || got.title === gate;
}

describe('authorization matrix: every route × method × caller × own/other organisation (issue 13)', () => {
  it('classifies every route and method (a new route must be added to RULES), consistently with the OpenAPI access', () => {
    const keys = routes.flatMap((r) => METHODS.filter((m) => r.handlers[m]).map((m) => `${m} ${r.pattern}`));
    const unclassified = keys.filter((k) => !ruleOf(k));
    expect(unclassified, 'add these to RULES in test/integration/auth-matrix.test.ts').toEqual([]);
    expect(Object.keys(RULES).filter((k) => !keys.includes(k)), 'RULES names routes that do not exist').toEqual([]);
    for (const key of keys) {
      const rule = ruleOf(key)!;
      const access = API_ROUTES[key]?.access;
      const fromRule = rule in ACTION_MIN_ROLE ? 'tenant' : rule;
      expect(access, key).toBe(fromRule);
      if (fromRule === 'tenant') expect(key, 'a tenant action on a route without the organisation in its path').toContain('tenants/[slug]');
    }
  });

  it('answers exactly what the policy says, for sessions and tokens of every role', { timeout: 240_000 }, async () => {
    const cells: Cell[] = [];
    for (const route of routes) {
      for (const method of METHODS) {
        if (!route.handlers[method]) continue;
        const key = `${method} ${route.pattern}`;
        const rule = ruleOf(key)!;
        const tenantRoute = route.pattern.startsWith('tenants/[slug]');
        for (const caller of callersList) {
          for (const ownTenant of tenantRoute ? [true, false] : [true]) {
            cells.push({ key, route, method, rule, caller, own: ownTenant, want: expected(rule, caller, ownTenant) });
          }
        }
      }
    }
    // Refusals first (they change nothing, so every target still exists for them); then allowed calls, with the
    // ones that remove things last and "sign out everywhere" at the very end.
    const rank = (c: Cell) => (c.want !== 'allowed' ? 0 : c.key === 'DELETE me/sessions' ? 3 : c.method === 'DELETE' ? 2 : 1);
    cells.sort((a, b) => rank(a) - rank(b));

    const failures: string[] = [];
    const counts = { allowed: 0, refused: 0 };
    const check = async (cell: Cell) => {
      const got = await send(cell);
      counts[cell.want === 'allowed' ? 'allowed' : 'refused']++;
      if (!outcomeMatches(cell, got)) {
        const want = cell.want === 'allowed' ? 'allowed (not 401/403/gate 404)' : `${cell.want.status} ${cell.want.code}`;
        failures.push(`${cell.key} · ${cell.caller.label} · ${cell.own ? 'own' : 'other'} organisation: want ${want}, got ${got.status} ${got.code ?? ''} ${got.title ?? ''}`);
      }
    };
    // Refusals change nothing: a few at a time. Allowed calls may change what the next one finds: one by one.
    const refusals = cells.filter((c) => rank(c) === 0);
    for (let i = 0; i < refusals.length; i += 8) await Promise.all(refusals.slice(i, i + 8).map(check));
    for (const cell of cells.filter((c) => rank(c) > 0)) await check(cell);
    expect(failures).toEqual([]);
    // The matrix is really generated from the routes and callers (not a handful of rows).
    expect(counts.refused).toBeGreaterThan(500);
    expect(counts.allowed).toBeGreaterThan(300);
  });
});
