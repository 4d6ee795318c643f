// Issue 12 finding 1 (tenant content never served from the console's site), what the console shows: links to
// published ports, the ssh line and function invoke URLs use the apps address (OVERCAST_APPS_HOST by default, another
// site than the console), and a platform admin can set its public names — validated, audited, never the console's
// own host name. Real route handlers and database; only Auth.js's session lookup is replaced.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import { appsPort, env } from '@/lib/env';
import { seedVmCatalog } from '@/lib/providers/qemu/seed';
import { createVm } from '@/lib/instances/create-instance';
import * as apps from '@/app/api/v1/admin/settings/apps/route';
import { GET as instanceRoute } from '@/app/api/v1/tenants/[slug]/instances/[id]/route';
import * as functions from '@/app/api/v1/tenants/[slug]/functions/route';
import { contextFor, createUser, seedCatalog, tenantWith } from '../fixtures';

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('@/lib/auth/auth', () => import('../helpers/auth-mock').then((m) => m.authAs(session)));

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl test@example';
let fx: { t: Awaited<ReturnType<typeof tenantWith<'member'>>>; adminId: string; vmId: string };

async function put(userId: string, body: unknown, host = 'localhost:3000') {
  session.userId = userId;
  const res = await apps.PUT(new Request('http://localhost:3000/api/v1/admin/settings/apps', { method: 'PUT', headers: { host, 'content-type': 'application/json' }, body: JSON.stringify(body) }), { params: Promise.resolve({}) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { errors?: Record<string, string> } };
}

async function shown() {
  session.userId = fx.t.people.member.userId;
  const inst = (await (await instanceRoute(new Request('http://localhost:3000/'), { params: Promise.resolve({ slug: fx.t.tenant.slug, id: fx.vmId }) })).json()) as {
    endpoints: { port: number; url: string }[];
    ssh: { host: string; command: string };
  };
  const fns = (await (await functions.GET(new Request('http://localhost:3000/'), { params: Promise.resolve({ slug: fx.t.tenant.slug }) })).json()) as { functions: { invokeUrl: string }[] };
  return { url: inst.endpoints.find((e) => e.port === 80)!.url, ssh: inst.ssh.command, fn: fns.functions[0]!.invokeUrl };
}

beforeAll(async () => {
  await seedCatalog();
  await seedVmCatalog(db());
  const t = await tenantWith({ member: 'member' });
  const admin = await createUser({ isPlatformAdmin: true });
  const ctx = await contextFor(t.people.member.userId, t.tenant.id);
  const { id } = await createVm(ctx, { name: 'web', imageId: 'debian-12', flavorId: 'qemu-small', ports: [80], sshPublicKeys: [KEY] });
  // What the reconciler records when the driver observes the VM running (host ports chosen by QEMU on the apps address).
  await db().instance.update({
    where: { id },
    data: { status: 'running', endpoints: [{ port: 22, protocol: 'tcp', hostIp: env().OVERCAST_APPS_HOST, hostPort: 40222 }, { port: 80, protocol: 'tcp', hostIp: env().OVERCAST_APPS_HOST, hostPort: 40280 }] },
  });
  await db().serverlessFunction.create({ data: { tenantId: t.tenant.id, name: 'hello', liveName: 'hello' } });
  fx = { t, adminId: admin.id, vmId: id };
});

afterAll(async () => {
  await db().setting.deleteMany({ where: { key: 'apps.address' } });
});

describe('what the console shows', () => {
  it('by default: the apps address, not the console’s host', async () => {
    const s = await shown();
    expect(env().OVERCAST_APPS_HOST).toBe('127.0.0.2');
    expect(s.url).toBe('http://127.0.0.2:40280/');
    expect(s.ssh).toBe('ssh -p 40222 overcast@127.0.0.2');
    expect(s.fn).toBe(`http://127.0.0.2:${appsPort()}/fn/${fx.t.tenant.slug}/hello`);
  });

  it('after a platform admin sets the public names: those, and the change is audited', async () => {
    const auditBefore = await db().auditEvent.count({ where: { action: 'platform.apps_address_changed' } });
    const res = await put(fx.adminId, { host: 'Apps.Example.NET', functionsBaseUrl: 'https://fn.example.net/' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ host: 'apps.example.net', functionsBaseUrl: 'https://fn.example.net' });
    const s = await shown();
    expect(s.url).toBe('http://apps.example.net:40280/');
    expect(s.ssh).toBe('ssh -p 40222 overcast@apps.example.net');
    expect(s.fn).toBe(`https://fn.example.net/fn/${fx.t.tenant.slug}/hello`);
    expect(await db().auditEvent.count({ where: { action: 'platform.apps_address_changed', actorId: fx.adminId } })).toBe(auditBefore + 1);

    // Back to the defaults: the functions base follows the apps host and port.
    const reset = await put(fx.adminId, { host: null, functionsBaseUrl: '' });
    expect(reset.body).toMatchObject({ host: '127.0.0.2', functionsBaseUrl: `http://127.0.0.2:${appsPort()}` });
  });

  it('refuses bad or console-site values with a field error and changes nothing', async () => {
    await put(fx.adminId, { host: 'apps.example.net', functionsBaseUrl: null });
    const before = { setting: await db().setting.findUnique({ where: { key: 'apps.address' } }), audit: await db().auditEvent.count() };
    const rows: { body: unknown; field: string; reason: string; host?: string }[] = [
      { body: { host: 'http://apps.example.net' }, field: 'host', reason: 'a URL where a host name goes' },
      { body: { host: 'apps.example.net:8080' }, field: 'host', reason: 'a port' },
      { body: { host: 'a b' }, field: 'host', reason: 'a space' },
      { body: { host: 'localhost' }, field: 'host', reason: 'the console’s own host name' },
      { body: { host: 'console.example.com' }, field: 'host', reason: 'the console’s name behind a proxy', host: 'console.example.com' },
      { body: { functionsBaseUrl: 'http://localhost:3001' }, field: 'functionsBaseUrl', reason: 'functions on the console’s host' },
      { body: { functionsBaseUrl: 'ftp://fn.example.net' }, field: 'functionsBaseUrl', reason: 'not http(s)' },
      { body: { functionsBaseUrl: 'x'.repeat(5000) }, field: 'functionsBaseUrl', reason: 'not a URL at all (was a 500: the path check parsed it anyway)' },
      { body: { functionsBaseUrl: 'https://fn.example.net/base' }, field: 'functionsBaseUrl', reason: 'a path' },
      { body: { functionsBaseUrl: 'https://u:p@fn.example.net' }, field: 'functionsBaseUrl', reason: 'credentials' },
      { body: { host: 42 }, field: 'host', reason: 'a number' },
      { body: { host: 'apps.example.net', extra: true }, field: 'extra', reason: 'an unknown field' },
    ];
    for (const r of rows) {
      const res = await put(fx.adminId, r.body, r.host);
      expect(res.status, r.reason).toBe(400);
      expect(res.body.code, r.reason).toBe('validation_failed');
      expect(Object.keys(res.body.errors ?? {}), r.reason).toContain(r.field);
    }
    expect((await put(fx.adminId, ['x'])).status).toBe(400);
    expect({ setting: await db().setting.findUnique({ where: { key: 'apps.address' } }), audit: await db().auditEvent.count() }).toEqual(before);
  });

  it('is only for platform admins (others: not found)', async () => {
    const res = await put(fx.t.people.member.userId, { host: 'evil.example' });
    expect(res.status).toBe(404);
    expect((await db().setting.findUnique({ where: { key: 'apps.address' } }))?.value).toMatchObject({ host: 'apps.example.net' });
  });
});
