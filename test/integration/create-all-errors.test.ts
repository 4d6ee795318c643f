// Every field's error in one answer (issue 14): a create request with several bad fields gets one problem+json
// whose `errors` name all of them — a bad variable or bad code no longer hides the name, ports or timeout — and
// writes nothing. One bad field keeps its own stable code (conflict for a taken name, invalid_code for code).
// Real route handlers and database; only Auth.js's session lookup is replaced.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import * as instances from '@/app/api/v1/tenants/[slug]/instances/route';
import * as functions from '@/app/api/v1/tenants/[slug]/functions/route';
import { seedVmCatalog } from '@/lib/providers/qemu/seed';
import { containerInput, instanceCounts, seedCatalog, tenantWith } from '../fixtures';

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('@/lib/auth/auth', () => import('../helpers/auth-mock').then((m) => m.authAs(session)));

const CODE = 'export default async function () { return { status: 200, body: "ok" } }';

type Handler = (req: Request, ctx: { params: Promise<{ slug: string }> }) => Promise<Response>;
async function post(h: Handler, slug: string, body: unknown) {
  const res = await h(new Request('http://console.test/api/v1/x', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }), {
    params: Promise.resolve({ slug }),
  });
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as { code: string; errors?: Record<string, string>; line?: number } };
}

let slug: string;
let otherSlug: string;

beforeAll(async () => {
  await seedCatalog();
  await seedVmCatalog(db());
  const { tenant, people } = await tenantWith({ member: 'member' });
  const other = await tenantWith({ owner: 'owner' });
  slug = tenant.slug;
  otherSlug = other.tenant.slug;
  session.userId = people.member.userId;
  expect((await post(instances.POST, slug, containerInput({ name: 'taken' }))).status).toBe(202);
  expect((await post(functions.POST, slug, { name: 'taken-fn', code: CODE })).status).toBe(201);
});

async function functionCount() {
  return db().serverlessFunction.count();
}

describe('POST …/instances answers every field error at once', () => {
  it('a container: name, image, flavor, ports and variables together, nothing written', async () => {
    const before = await instanceCounts();
    const res = await post(instances.POST, slug, {
      name: 'Bad Name',
      imageId: 'docker-nope',
      flavorId: 'docker-huge',
      ports: [70000],
      env: [{ name: '1BAD', value: 'x' }],
    });
    expect(res.status).toBe(400);
    expect(res.type).toContain('application/problem+json');
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors).toMatchObject({
      name: expect.stringMatching(/lowercase/),
      imageId: expect.stringMatching(/images offered/),
      flavorId: expect.stringMatching(/flavors offered/),
      ports: expect.stringMatching(/1 to 65535/),
      env: expect.stringMatching(/Variable names/),
    });
    expect(await instanceCounts()).toEqual(before);
  });

  it('a taken name is reported with the other errors (and alone keeps its conflict code)', async () => {
    const both = await post(instances.POST, slug, containerInput({ name: 'taken', ports: [0] }));
    expect(both.status).toBe(400);
    expect(both.body.errors).toMatchObject({ name: expect.stringMatching(/already used/), ports: expect.stringMatching(/1 to 65535/) });
    const alone = await post(instances.POST, slug, containerInput({ name: 'taken' }));
    expect(alone.status).toBe(409);
    expect(alone.body.code).toBe('conflict');
    // The same name is free in another organisation: names are per tenant.
    session.userId = (await db().membership.findFirstOrThrow({ where: { tenant: { slug: otherSlug } } })).userId;
    try {
      expect((await post(instances.POST, otherSlug, containerInput({ name: 'taken', start: false }))).status).toBe(202);
    } finally {
      session.userId = (await db().membership.findFirstOrThrow({ where: { tenant: { slug } } })).userId;
    }
  });

  it('a VM: name, hostname, user-data, a flavor too small for the image and a bad pasted key together', async () => {
    const before = await instanceCounts();
    const res = await post(instances.POST, slug, {
      kind: 'vm',
      name: 'Bad VM',
      imageId: 'debian-12',
      flavorId: 'qemu-tiny',
      hostname: 'Not_A_Host',
      userData: 'x'.repeat(16 * 1024 + 1),
      sshPublicKeys: ['not a key'],
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(Object.keys(res.body.errors ?? {})).toEqual(expect.arrayContaining(['name', 'hostname', 'userData', 'flavorId', 'sshPublicKeys']));
    expect(res.body.errors?.flavorId).toMatch(/needs at least 256 MiB/);
    expect(await instanceCounts()).toEqual(before);
  });
});

describe('POST …/functions answers every field error at once', () => {
  it('bad code no longer hides the name, timeout and variables; the code’s line is still given', async () => {
    const before = await functionCount();
    const res = await post(functions.POST, slug, {
      name: 'Bad Fn',
      timeoutMs: 5,
      env: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }],
      code: 'export default async function () {\n  return {\n}',
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors).toMatchObject({
      name: expect.stringMatching(/lowercase/),
      timeoutMs: expect.any(String),
      env: expect.stringMatching(/only once/),
      code: expect.stringMatching(/^Line 3:/),
    });
    expect(res.body.line).toBe(3);
    expect(await functionCount()).toBe(before);
  });

  it('bad code alone keeps invalid_code; a taken name with a bad timeout names both', async () => {
    const code = await post(functions.POST, slug, { name: 'fine-fn', code: 'export const x = 1' });
    expect(code.status).toBe(422);
    expect(code.body.code).toBe('invalid_code');
    const both = await post(functions.POST, slug, { name: 'taken-fn', timeoutMs: 999_999, code: CODE });
    expect(both.status).toBe(400);
    expect(both.body.errors).toMatchObject({ name: expect.stringMatching(/already used/), timeoutMs: expect.any(String) });
  });
});
