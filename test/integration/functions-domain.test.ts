// The functions domain against the real database: create (quota, names, code checks), deploy (immutable versions;
// a bad deploy writes nothing and the previous version stays active), rollback, settings (secrets kept masked),
// token rotation and delete — each with its audit event, each refusal leaving every row as it was.
import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { db } from '@/lib/db/client';
import { createFunction } from '@/lib/functions/create-function';
import { deployFunction } from '@/lib/functions/deploy';
import { rollbackFunction } from '@/lib/functions/rollback';
import { updateFunctionSettings } from '@/lib/functions/update-settings';
import { rotateFunctionToken } from '@/lib/functions/rotate-token';
import { deleteFunction } from '@/lib/functions/delete-function';
import { getFunction, getFunctionVersion, listFunctions } from '@/lib/functions/queries';
import { SECRET_MASK } from '@/lib/instances/spec';
import { openFunctionEnv } from '@/lib/secrets/fields';
import type { TenantContext } from '@/lib/auth/context';
import { contextFor, errorOf, memberOfNewTenant, tenantWith, uniqueSuffix } from '../fixtures';

const ORIGIN = 'http://console.test';
const code = (body: string) => `export default async function (req) {\n  return { status: 200, headers: {}, body: ${JSON.stringify(body)} };\n}\n`;
const input = (o: Record<string, unknown> = {}) => ({ name: `fn-${uniqueSuffix()}`, code: code('hi'), ...o });
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Every row a function write may touch, to prove that a refused call wrote nothing. */
async function fnCounts() {
  const [functions, versions, audit, live] = await Promise.all([
    db().serverlessFunction.count(),
    db().functionVersion.count(),
    db().auditEvent.count(),
    db().serverlessFunction.findMany({ orderBy: { id: 'asc' }, select: { id: true, activeVersionId: true, tokenHash: true, access: true, updatedAt: true } }),
  ]);
  return { functions, versions, audit, live };
}

let ctx: TenantContext;
let tenantId: string;
beforeAll(async () => {
  const t = await memberOfNewTenant();
  ctx = t.ctx;
  tenantId = t.tenant.id;
});

describe('create', () => {
  it('writes the function and version 1 (active) with an audit event; public functions have no token', async () => {
    const created = await createFunction(ctx, input({ name: 'hello', memoryMib: 256, timeoutMs: 5000, env: [{ name: 'GREETING', value: 'hi' }] }));
    expect(created).toMatchObject({ name: 'hello', versionNumber: 1, token: null });
    const fn = await db().serverlessFunction.findUniqueOrThrow({ where: { id: created.id }, include: { versions: true } });
    expect(fn).toMatchObject({ tenantId, liveName: 'hello', access: 'public', tokenHash: null, activeVersionId: created.versionId, runtime: 'nodejs' });
    expect(fn.versions).toHaveLength(1);
    expect(fn.versions[0]).toMatchObject({ number: 1, memoryMib: 256, timeoutMs: 5000, codeSha256: sha256(code('hi')), env: [{ name: 'GREETING', value: 'hi', secret: false }] });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { targetId: created.id } });
    expect(audit).toMatchObject({ tenantId, actorId: ctx.user.id, action: 'function.created', targetType: 'function' });
  });

  it('applies the defaults: 128 MiB, 3 s, public', async () => {
    const created = await createFunction(ctx, input());
    const v = await db().functionVersion.findUniqueOrThrow({ where: { id: created.versionId } });
    expect(v).toMatchObject({ memoryMib: 128, timeoutMs: 3000 });
  });

  it('a private function gets a token once; only its sha256 is stored', async () => {
    const created = await createFunction(ctx, input({ access: 'token' }));
    expect(created.token).toMatch(/^\S{20,}$/);
    const fn = await db().serverlessFunction.findUniqueOrThrow({ where: { id: created.id } });
    expect(fn.tokenHash).toBe(sha256(created.token!));
    const detail = await getFunction(ctx, created.id, ORIGIN);
    expect(JSON.stringify(detail)).not.toContain(created.token!);
    expect(detail.hasToken).toBe(true);
  });

  const bad: { reason: string; o: Record<string, unknown>; code: string; field: string; msg: RegExp }[] = [
    { reason: 'an upper-case name', o: { name: 'Hello' }, code: 'validation_failed', field: 'name', msg: /lowercase/ },
    { reason: 'a name starting with a digit', o: { name: '1fn' }, code: 'validation_failed', field: 'name', msg: /starting with a letter/ },
    { reason: 'a name of 41 characters', o: { name: 'a'.repeat(41) }, code: 'validation_failed', field: 'name', msg: /1–40/ },
    { reason: 'a name ending with a hyphen', o: { name: 'fn-' }, code: 'validation_failed', field: 'name', msg: /hyphen/ },
    { reason: 'an empty name', o: { name: '' }, code: 'validation_failed', field: 'name', msg: /Enter a name/ },
    { reason: 'memory not offered (100 MiB)', o: { memoryMib: 100 }, code: 'validation_failed', field: 'memoryMib', msg: /64, 128, 256, 512, 1024/ },
    { reason: 'memory above 1024 MiB', o: { memoryMib: 2048 }, code: 'validation_failed', field: 'memoryMib', msg: /Memory is one of/ },
    { reason: 'a 99 ms timeout', o: { timeoutMs: 99 }, code: 'validation_failed', field: 'timeoutMs', msg: /100 ms to 60 s/ },
    { reason: 'a 61 s timeout', o: { timeoutMs: 61_000 }, code: 'validation_failed', field: 'timeoutMs', msg: /100 ms to 60 s/ },
    { reason: 'an unknown access mode', o: { access: 'private' }, code: 'validation_failed', field: 'access', msg: /public or token/ },
    { reason: 'a runtime other than nodejs', o: { runtime: 'python' }, code: 'validation_failed', field: 'runtime', msg: /nodejs/ },
    { reason: 'an env name with a dash', o: { env: [{ name: 'A-B', value: '1' }] }, code: 'validation_failed', field: 'env', msg: /letters, digits and _/ },
    { reason: 'an env name twice', o: { env: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }] }, code: 'validation_failed', field: 'env', msg: /only once/ },
    { reason: 'a masked value for a new secret', o: { env: [{ name: 'K', value: SECRET_MASK, secret: true }] }, code: 'validation_failed', field: 'env', msg: /Enter a value for K/ },
    { reason: 'no code', o: { code: '' }, code: 'validation_failed', field: 'code', msg: /Enter the function/ },
    { reason: 'a syntax error', o: { code: 'export default function () {\n  return {\n}' }, code: 'invalid_code', field: 'code', msg: /^Line 3: SyntaxError/ },
    { reason: 'no default export', o: { code: 'export function handler() {}' }, code: 'invalid_code', field: 'code', msg: /no default export/ },
    { reason: 'code over 256 KiB', o: { code: `export default () => ({});\n//${'x'.repeat(256 * 1024)}` }, code: 'code_too_large', field: 'code', msg: /at most 256 KiB/ },
  ];
  it.each(bad)('refuses $reason ($code on $field) and writes nothing', async ({ o, code: errCode, field, msg }) => {
    const before = await fnCounts();
    const err = await errorOf(() => createFunction(ctx, input(o)));
    expect(err.code).toBe(errCode);
    expect(err.fields[field]).toMatch(msg);
    expect(await fnCounts()).toEqual(before);
  });

  it('refuses a name already live in the tenant (conflict on name), but another tenant may use it', async () => {
    await createFunction(ctx, input({ name: 'taken' }));
    const before = await fnCounts();
    const err = await errorOf(() => createFunction(ctx, input({ name: 'taken' })));
    expect(err).toMatchObject({ code: 'conflict', fields: { name: expect.stringMatching(/already used/) } });
    expect(await fnCounts()).toEqual(before);
    const other = await memberOfNewTenant();
    await expect(createFunction(other.ctx, input({ name: 'taken' }))).resolves.toMatchObject({ name: 'taken' });
  });

  it('enforces maxFunctions (deleted functions do not count), even for creates racing each other', async () => {
    const { ctx: c, tenant } = await memberOfNewTenant();
    await db().quota.update({ where: { tenantId: tenant.id }, data: { maxFunctions: 2 } });
    const first = await createFunction(c, input());
    await createFunction(c, input());
    const before = await fnCounts();
    const err = await errorOf(() => createFunction(c, input()));
    expect(err).toMatchObject({ code: 'quota_exceeded', message: 'Over quota: This would make 3 functions; the quota is 2.' });
    expect(await fnCounts()).toEqual(before);
    await deleteFunction(c, first.id);
    // Two at once for the one free place: exactly one wins.
    const results = await Promise.allSettled([createFunction(c, input()), createFunction(c, input())]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await db().serverlessFunction.count({ where: { tenantId: tenant.id, deletedAt: null } })).toBe(2);
  });

  it('viewers may not create (forbidden, nothing written)', async () => {
    const { tenant, people } = await tenantWith({ viewer: 'viewer' });
    const viewer = await contextFor(people.viewer.userId, tenant.id);
    const before = await fnCounts();
    expect((await errorOf(() => createFunction(viewer, input()))).code).toBe('forbidden');
    expect(await fnCounts()).toEqual(before);
  });
});

describe('deploy and rollback', () => {
  it('each deploy adds an immutable version and makes it active; rollback points back without copying', async () => {
    const f = await createFunction(ctx, input({ memoryMib: 512, env: [{ name: 'K', value: 's3cret', secret: true }] }));
    const d2 = await deployFunction(ctx, f.id, { code: code('v2') });
    expect(d2.versionNumber).toBe(2);
    const v2 = await db().functionVersion.findUniqueOrThrow({ where: { id: d2.versionId } });
    // Settings are carried from the active version when the deploy does not give them.
    expect(v2).toMatchObject({ memoryMib: 512, timeoutMs: 3000, env: [{ name: 'K', value: expect.stringMatching(/^enc:v1:/), secret: true }], note: 'deploy', code: code('v2') });
    expect(openFunctionEnv(f.id, v2.env)).toEqual([{ name: 'K', value: 's3cret', secret: true }]);
    const d3 = await deployFunction(ctx, f.id, { code: code('v3'), timeoutMs: 1000 });
    expect(d3.versionNumber).toBe(3);
    const v1Before = await db().functionVersion.findUniqueOrThrow({ where: { id: f.versionId } });
    const back = await rollbackFunction(ctx, f.id, { versionId: f.versionId });
    expect(back).toEqual({ versionId: f.versionId, versionNumber: 1 });
    expect((await db().serverlessFunction.findUniqueOrThrow({ where: { id: f.id } })).activeVersionId).toBe(f.versionId);
    expect(await db().functionVersion.count({ where: { functionId: f.id } })).toBe(3);
    expect(await db().functionVersion.findUniqueOrThrow({ where: { id: f.versionId } })).toEqual(v1Before);
    const detail = await getFunction(ctx, f.id, ORIGIN);
    expect(detail.active).toMatchObject({ number: 1, code: code('hi') });
    expect(detail.versions.map((v) => [v.number, v.active, v.note])).toEqual([
      [3, false, 'deploy'],
      [2, false, 'deploy'],
      [1, true, 'created'],
    ]);
    const actions = (await db().auditEvent.findMany({ where: { targetId: f.id }, orderBy: { createdAt: 'asc' } })).map((a) => a.action);
    expect(actions).toEqual(['function.created', 'function.deployed', 'function.deployed', 'function.rolled_back']);
  });

  it('a deploy with a syntax error writes no version: the previous one stays active (invalid_code with its line)', async () => {
    const f = await createFunction(ctx, input());
    const before = await fnCounts();
    const err = await errorOf(() => deployFunction(ctx, f.id, { code: 'export default async function (req) {\n  return { status: 200 \n  body: 1 }\n}' }));
    expect(err.code).toBe('invalid_code');
    expect(err.fields.code).toMatch(/^Line 3: SyntaxError: Unexpected token/);
    expect(await fnCounts()).toEqual(before);
    expect((await getFunction(ctx, f.id, ORIGIN)).active?.number).toBe(1);
  });

  it('concurrent deploys get distinct numbers', async () => {
    const f = await createFunction(ctx, input());
    const r = await Promise.all([1, 2, 3, 4].map((i) => deployFunction(ctx, f.id, { code: code(`c${i}`) })));
    expect(r.map((d) => d.versionNumber).sort()).toEqual([2, 3, 4, 5]);
  });

  it('rollback refuses the active version, another function’s version and a made-up id', async () => {
    const f = await createFunction(ctx, input());
    const g = await createFunction(ctx, input());
    const before = await fnCounts();
    expect(await errorOf(() => rollbackFunction(ctx, f.id, { versionId: f.versionId }))).toMatchObject({ code: 'invalid_state' });
    expect(await errorOf(() => rollbackFunction(ctx, f.id, { versionId: g.versionId }))).toMatchObject({ code: 'validation_failed', fields: { versionId: expect.any(String) } });
    expect(await errorOf(() => rollbackFunction(ctx, f.id, { versionId: 'nope' }))).toMatchObject({ code: 'validation_failed' });
    expect(await errorOf(() => rollbackFunction(ctx, f.id, {}))).toMatchObject({ code: 'validation_failed', fields: { versionId: 'Choose a version.' } });
    expect(await fnCounts()).toEqual(before);
  });
});

describe('settings, token, delete', () => {
  it('memory, timeout or env make a new version with the same code; a masked secret keeps its value', async () => {
    const f = await createFunction(ctx, input({ env: [{ name: 'API_KEY', value: 'hunter2', secret: true }, { name: 'MODE', value: 'a' }] }));
    const detail = await getFunction(ctx, f.id, ORIGIN);
    expect(detail.active?.env).toEqual([
      { name: 'API_KEY', value: SECRET_MASK, secret: true },
      { name: 'MODE', value: 'a', secret: false },
    ]);
    expect(JSON.stringify(detail)).not.toContain('hunter2');
    // The UI sends back what it was shown: the mask for the secret.
    const r = await updateFunctionSettings(ctx, f.id, { memoryMib: 1024, env: [...detail.active!.env.slice(0, 1), { name: 'MODE', value: 'b', secret: false }] });
    expect(r).toMatchObject({ versionNumber: 2, token: null, changed: ['memoryMib', 'env'] });
    const v2 = await db().functionVersion.findFirstOrThrow({ where: { functionId: f.id, number: 2 } });
    expect(v2).toMatchObject({ memoryMib: 1024, note: 'settings', code: code('hi') });
    expect(openFunctionEnv(f.id, v2.env)).toEqual([{ name: 'API_KEY', value: 'hunter2', secret: true }, { name: 'MODE', value: 'b', secret: false }]);
    expect(JSON.stringify(await getFunctionVersion(ctx, f.id, v2.id))).not.toContain('hunter2');
  });

  it('an unchanged setting writes nothing; out-of-range ones are refused next to the field', async () => {
    const f = await createFunction(ctx, input());
    const before = await fnCounts();
    expect(await updateFunctionSettings(ctx, f.id, { memoryMib: 128, concurrency: 10 })).toEqual({ versionNumber: null, token: null, changed: [] });
    expect(await fnCounts()).toEqual(before);
    for (const [o, field] of [[{ concurrency: 0 }, 'concurrency'], [{ maxScale: 11 }, 'maxScale'], [{ idleSeconds: 5 }, 'idleSeconds'], [{ timeoutMs: 'x' }, 'timeoutMs'], [{}, '_']] as const) {
      const err = await errorOf(() => updateFunctionSettings(ctx, f.id, o));
      expect(err.code, JSON.stringify(o)).toBe('validation_failed');
      expect(err.fields[field], JSON.stringify(o)).toBeTruthy();
    }
    expect(await fnCounts()).toEqual(before);
  });

  it('access token: switching makes a token, rotating replaces it, switching back forgets it', async () => {
    const f = await createFunction(ctx, input());
    expect((await errorOf(() => rotateFunctionToken(ctx, f.id))).code).toBe('invalid_state');
    const on = await updateFunctionSettings(ctx, f.id, { access: 'token', maxScale: 2 });
    expect(on.changed).toEqual(['access', 'maxScale']);
    expect(on.versionNumber).toBeNull();
    const row1 = await db().serverlessFunction.findUniqueOrThrow({ where: { id: f.id } });
    expect(row1).toMatchObject({ access: 'token', maxScale: 2, tokenHash: sha256(on.token!) });
    const { token } = await rotateFunctionToken(ctx, f.id);
    expect(token).not.toBe(on.token);
    expect((await db().serverlessFunction.findUniqueOrThrow({ where: { id: f.id } })).tokenHash).toBe(sha256(token));
    await updateFunctionSettings(ctx, f.id, { access: 'public' });
    expect(await db().serverlessFunction.findUniqueOrThrow({ where: { id: f.id } })).toMatchObject({ access: 'public', tokenHash: null });
    const actions = (await db().auditEvent.findMany({ where: { targetId: f.id }, orderBy: { createdAt: 'asc' } })).map((a) => a.action);
    expect(actions).toEqual(['function.created', 'function.settings_changed', 'function.token_rotated', 'function.settings_changed']);
  });

  it('delete frees the name, hides the function and keeps its versions', async () => {
    const f = await createFunction(ctx, input({ name: 'short-lived' }));
    await deleteFunction(ctx, f.id);
    expect(await db().serverlessFunction.findUniqueOrThrow({ where: { id: f.id } })).toMatchObject({ liveName: null, deletedAt: expect.any(Date) });
    expect(await db().functionVersion.count({ where: { functionId: f.id } })).toBe(1);
    expect((await errorOf(() => getFunction(ctx, f.id, ORIGIN))).code).toBe('not_found');
    expect((await listFunctions(ctx, ORIGIN)).functions.map((x) => x.id)).not.toContain(f.id);
    expect((await errorOf(() => deleteFunction(ctx, f.id))).code).toBe('not_found');
    const again = await createFunction(ctx, input({ name: 'short-lived' }));
    expect(again.id).not.toBe(f.id);
  });
});

describe('list', () => {
  it('shows status, active version, invoke URL and today’s invocations and errors', async () => {
    const { ctx: c, tenant } = await memberOfNewTenant();
    const f = await createFunction(c, input({ name: 'counted' }));
    const now = new Date();
    const yesterday = new Date(now.getTime() - 86_400_000 - 60_000);
    const row = (id: string, startedAt: Date, outcome: string) => ({
      id,
      tenantId: tenant.id,
      functionId: f.id,
      versionId: f.versionId,
      startedAt,
      durationMs: 3,
      start: 'warm',
      cold: false,
      status: outcome === 'ok' ? 200 : 500,
      outcome,
      memoryMib: 128,
    });
    await db().functionInvocation.createMany({
      data: [row(`i1-${f.id}`, now, 'ok'), row(`i2-${f.id}`, now, 'error'), row(`i3-${f.id}`, now, 'ok'), row(`i4-${f.id}`, yesterday, 'ok')],
    });
    const [item] = (await listFunctions(c, ORIGIN)).functions;
    expect(item).toMatchObject({
      name: 'counted',
      status: 'ready',
      activeVersion: { number: 1, memoryMib: 128 },
      invokeUrl: `${ORIGIN}/fn/${tenant.slug}/counted`,
      today: { invocations: now.getUTCHours() === 0 && now.getUTCMinutes() < 2 ? expect.any(Number) : 3, errors: 1 },
    });
  });
});
