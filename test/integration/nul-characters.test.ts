// Issue 12, finding 7 ("NUL characters give 500s"): the reported cases, one by one, through the real route handlers
// and database — a NUL in a path id, env values, an image id, a command, user-data, an SSH key name, function code,
// a lone surrogate, and `amount: true` setting a budget of 1.00. Each is a 400 problem+json with a stable code, and
// nothing is written. A server action's form with a NUL gets a field error instead of a 500.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import { seedVmCatalog } from '@/lib/providers/qemu/seed';
import { seedPriceCatalogs } from '@/lib/billing/seed';
import { runFormAction } from '@/lib/actions';
import * as instances from '@/app/api/v1/tenants/[slug]/instances/route';
import * as instance from '@/app/api/v1/tenants/[slug]/instances/[id]/route';
import * as functions from '@/app/api/v1/tenants/[slug]/functions/route';
import * as sshKeys from '@/app/api/v1/me/ssh-keys/route';
import * as budget from '@/app/api/v1/tenants/[slug]/budget/route';
import { seedCatalog, tenantWith } from '../fixtures';

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('@/lib/auth/auth', () => import('../helpers/auth-mock').then((m) => m.authAs(session)));

type Handler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;
async function call<P>(h: Handler<P>, params: P, method = 'GET', body?: unknown) {
  const req = new Request('http://localhost:3000/api/v1/x', {
    method,
    headers: { origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const res = await h(req, { params: Promise.resolve(params) });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type'), body: text ? JSON.parse(text) : null };
}

async function rows() {
  const [i, f, k, b, a] = await Promise.all([db().instance.count(), db().serverlessFunction.count(), db().sshKey.count(), db().budget.count(), db().auditEvent.count()]);
  return { instances: i, functions: f, sshKeys: k, budgets: b, audit: a };
}

let slug: string;
const container = (over: Record<string, unknown>) => ({ name: 'web', imageId: 'docker-static-web', flavorId: 'docker-nano', ports: [8080], start: false, ...over });
const vm = (over: Record<string, unknown>) => ({ kind: 'vm', name: 'box', imageId: 'qemu-tiny', flavorId: 'qemu-tiny', start: false, ...over });
const CODE = 'export default async function () { return { status: 200, body: "ok" } }';
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl x@y';

beforeAll(async () => {
  await seedCatalog();
  await seedVmCatalog(db());
  await seedPriceCatalogs(db());
  const { tenant, people } = await tenantWith({ owner: 'owner' });
  slug = tenant.slug;
  session.userId = people.owner.userId;
});

describe('NUL and broken Unicode are 400 invalid_characters, not 500, and write nothing', () => {
  it.each([
    { what: 'GET …/tenants/a%00b/instances (a NUL in the slug)', run: () => call(instances.GET, { slug: 'a\u0000b' }), field: 'slug' },
    { what: 'a NUL in an instance id', run: () => call(instance.GET, { slug, id: 'c1\u0000' }), field: 'id' },
    { what: 'a NUL in an env value', run: () => call(instances.POST, { slug }, 'POST', container({ env: [{ name: 'A', value: 'x\u0000y' }] })), field: 'env.0.value' },
    { what: 'a NUL in the image id', run: () => call(instances.POST, { slug }, 'POST', container({ imageId: 'docker-static-web\u0000' })), field: 'imageId' },
    { what: 'a NUL in the command', run: () => call(instances.POST, { slug }, 'POST', container({ command: ['sh', '-c', 'echo\u0000'] })), field: 'command.2' },
    { what: 'a NUL in user-data', run: () => call(instances.POST, { slug }, 'POST', vm({ userData: '#!/bin/sh\n\u0000' })), field: 'userData' },
    { what: 'a NUL in an SSH key name', run: () => call(sshKeys.POST, {}, 'POST', { name: 'lap\u0000top', publicKey: KEY }), field: 'name' },
    { what: 'a NUL in function code', run: () => call(functions.POST, { slug }, 'POST', { name: 'fn', code: CODE.replace('ok', 'o\u0000k') }), field: 'code' },
    { what: 'a lone surrogate in function code (escaped in the JSON)', run: () => call(functions.POST, { slug }, 'POST', `{"name":"fn","code":"export default 1 // \\ud800"}`), field: 'code' },
    { what: 'a NUL in a field name', run: () => call(budget.PUT, { slug }, 'PUT', { amount: 5, 'x\u0000': 1 }), field: 'body' },
  ])('$what', async ({ run, field }) => {
    const before = await rows();
    const r = await run();
    expect(r.status).toBe(400);
    expect(r.type).toBe('application/problem+json');
    expect(r.body).toMatchObject({ code: 'invalid_characters', errors: { [field]: expect.any(String) } });
    expect(await rows()).toEqual(before);
  });
});

describe('types are not coerced', () => {
  it.each([
    { what: 'amount: true (was a budget of 1.00)', body: { amount: true } },
    { what: 'amount: "12" (a string)', body: { amount: '12' } },
    { what: 'amount: 1e400 (Infinity)', body: '{"amount":1e400}' },
    { what: 'amount: -5', body: { amount: -5 } },
    { what: 'blockCreates: "true"', body: { amount: 5, blockCreates: 'true' } },
    { what: 'an unknown field (a typo is not silently dropped)', body: { amount: 5, blockCreate: true } },
  ])('PUT …/budget with $what → 400, no budget', async ({ body }) => {
    const before = await rows();
    const r = await call(budget.PUT, { slug }, 'PUT', body);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'validation_failed' });
    expect(await rows()).toEqual(before);
    expect(await db().budget.count()).toBe(0);
  });

  it('ports as strings and a memory size as a string are refused by the API (forms convert their text first)', async () => {
    const before = await rows();
    expect(await call(instances.POST, { slug }, 'POST', container({ ports: ['8080'] }))).toMatchObject({ status: 400, body: { code: 'validation_failed', errors: { ports: expect.any(String) } } });
    expect(await call(functions.POST, { slug }, 'POST', { name: 'fn', code: CODE, memoryMib: '128' })).toMatchObject({ status: 400, body: { errors: { memoryMib: expect.any(String) } } });
    expect(await rows()).toEqual(before);
  });

  it('a good budget is still set (control)', async () => {
    const r = await call(budget.PUT, { slug }, 'PUT', { amount: 12.5, blockCreates: true });
    expect(r.status).toBe(200);
    expect(await db().budget.findFirstOrThrow()).toMatchObject({ amountMinor: 1250, blockCreates: true });
  });
});

describe('server actions', () => {
  it('a form field with a NUL gets a message next to that field, and the action does not run', async () => {
    const fd = new FormData();
    fd.set('name', 'web');
    fd.set('env', 'A=1\u0000');
    let ran = false;
    const state = await runFormAction(fd, async () => {
      ran = true;
    });
    expect(ran).toBe(false);
    expect(state).toMatchObject({ ok: false, fields: { env: expect.stringMatching(/not allowed/) } });
    // The value shown back in the form no longer holds the NUL.
    expect(state.values?.env).toBe('A=1\uFFFD');
  });
});
