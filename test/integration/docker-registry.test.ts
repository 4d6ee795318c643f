// The tenant image registry on the real Docker Engine and Debian's docker 20.10 client: `docker login` with an email
// and an API token, push, the console's listing (API), the registry itself refusing another tenant's push and pull,
// anonymous pulls and a viewer's push; deleting a tag refused while an instance uses it; the Docker driver pulling a
// tenant's image before create (and refusing another tenant's).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import { docker } from '@/lib/providers/docker/client';
import { DockerDriver } from '@/lib/providers/docker/driver';
import { createApiToken } from '@/lib/auth/api-tokens';
import { listImages } from '@/lib/registry/images';
import { garbageCollect } from '@/lib/registry/daemon';
import { quotaItems } from '@/lib/tenants/quota-view';
import type { ContainerInstance } from '@/lib/providers/docker/spec';
import { GET as tokenRoute } from '@/app/api/v1/registry/token/route';
import { GET as imagesRoute } from '@/app/api/v1/tenants/[slug]/images/route';
import { GET as imageRoute, DELETE as deleteImageRoute } from '@/app/api/v1/tenants/[slug]/images/[name]/tags/[tag]/route';
import { addMember, contextFor, createUser, seedCatalog, tenantWith } from '../fixtures';
import { requestTenantDeletion } from '@/lib/admin/tenant-admin';
import { reapDeletingTenants } from '@/lib/admin/tenant-deletion';
import { ownConsoleId, removeOwnObjects, waitFor, httpOk } from '../docker';
import { callRoute, callerOf } from '../helpers/route-call';
import { dockerClient, serveTokenRoute, startTestRegistry, type TestRegistry } from '../registry';

const session = vi.hoisted(() => ({ caller: (): string | null => null, get userId() { return this.caller(); } }));
vi.mock('@/lib/auth/auth', () => import('../helpers/auth-mock').then((m) => m.authAs(session)));
session.caller = callerOf;

const CONSOLE = ownConsoleId();
const engine = docker();
let registry: TestRegistry;
let closeTokens: () => Promise<void>;
let a: Awaited<ReturnType<typeof tenantWith<'owner' | 'viewer'>>>;
let b: Awaited<ReturnType<typeof tenantWith<'owner'>>>;
const clients: ReturnType<typeof dockerClient>[] = [];
const localTags: string[] = [];
let buildDir: string;

async function tokenOf(userId: string, tenantSlug: string, role: 'owner' | 'viewer') {
  const u = await db().user.findUniqueOrThrow({ where: { id: userId } });
  const { secret } = await createApiToken({ id: u.id, email: u.email, name: u.name, isPlatformAdmin: false }, { name: 'registry', tenant: tenantSlug, role });
  return { email: u.email, secret };
}

function client() {
  const c = dockerClient();
  clients.push(c);
  return c;
}

const ref = (slug: string, name: string) => `${registry.settings.address}/${slug}/${name}`;

beforeAll(async () => {
  await seedCatalog();
  const tokens = await serveTokenRoute(tokenRoute as never);
  closeTokens = tokens.close;
  registry = await startTestRegistry(tokens.url);
  a = await tenantWith({ owner: 'owner', viewer: 'viewer' });
  b = await tenantWith({ owner: 'owner' });
  // A second image that shares the built-in static web server's layer and adds one of its own.
  buildDir = fs.mkdtempSync(path.join(os.tmpdir(), 'overcast-build-'));
  fs.writeFileSync(path.join(buildDir, 'Dockerfile'), 'FROM overcast/static-web:1\nCOPY extra.txt /www/extra.txt\n');
  fs.writeFileSync(path.join(buildDir, 'extra.txt'), `made by ${CONSOLE}\n`);
}, 120_000);

afterAll(async () => {
  await removeOwnObjects(engine, CONSOLE, [a?.tenant.id, b?.tenant.id].filter(Boolean) as string[]);
  for (const t of localTags) await engine.getImage(t).remove().catch(() => {});
  for (const c of clients) c.dispose();
  if (buildDir) fs.rmSync(buildDir, { recursive: true, force: true });
  await registry?.stop();
  await closeTokens?.();
});

describe('the registry with docker login, push and pull', () => {
  it('a member pushes with email + API token; the console lists the images, their layers and what they share', async () => {
    const owner = await tokenOf(a.people.owner.userId, a.tenant.slug, 'owner');
    const docker = client();
    const login = await docker.login(registry.settings.address, owner.email, owner.secret);
    expect(login.out).toContain('Login Succeeded');
    const v1 = `${ref(a.tenant.slug, 'web')}:1`;
    const v2 = `${ref(a.tenant.slug, 'web')}:2`;
    localTags.push(v1, v2);
    expect((await docker.cli(['tag', 'overcast/static-web:1', v1])).ok).toBe(true);
    const built = await docker.cli(['build', '-q', '-t', v2, buildDir]);
    expect(built.ok, built.out).toBe(true);
    const t0 = Date.now();
    const pushed = await docker.cli(['push', v1]);
    expect(pushed.ok, pushed.out).toBe(true);
    const pushed2 = await docker.cli(['push', v2]);
    expect(pushed2.ok, pushed2.out).toBe(true);
    console.log(`pushed two small images in ${Date.now() - t0} ms`);

    const ctx = await contextFor(a.people.viewer.userId, a.tenant.id);
    const view = await listImages(ctx);
    expect(view.repositories.map((r) => r.name)).toEqual(['web']);
    const tags = view.repositories[0].tags;
    expect(tags.map((t) => t.tag)).toEqual(['1', '2']);
    const [one, two] = tags;
    expect(one.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(one.ref).toBe(v1);
    expect(one.created).not.toBeNull();
    expect(two.layers.length).toBe(one.layers.length + 1);
    // The base layer is stored once: each image shares it with the other.
    expect(one.layers[0].sharedWith).toEqual(['web:2']);
    expect(two.sharedBytes).toBe(one.layers[0].size);
    expect(view.totals.savedBytes).toBeGreaterThanOrEqual(one.layers[0].size);
    expect(view.totals.storedBytes).toBeLessThan(view.totals.logicalBytes);

    // The API answers the same to the tenant's members, and 404 to another tenant's.
    const listed = await callRoute(a.people.viewer.userId, imagesRoute, { slug: a.tenant.slug });
    expect(listed.status).toBe(200);
    expect((listed.body.repositories as { name: string }[]).map((r) => r.name)).toEqual(['web']);
    const detail = await callRoute(a.people.viewer.userId, imageRoute, { slug: a.tenant.slug, name: 'web', tag: '2' });
    expect(detail.status).toBe(200);
    expect((detail.body.layers as unknown[]).length).toBe(two.layers.length);
    expect((await callRoute(b.people.owner.userId, imagesRoute, { slug: a.tenant.slug })).status).toBe(404);
    expect((await callRoute(b.people.owner.userId, imageRoute, { slug: a.tenant.slug, name: 'web', tag: '1' })).status).toBe(404);
    expect((await callRoute(b.people.owner.userId, deleteImageRoute, { slug: a.tenant.slug, name: 'web', tag: '1' }, { method: 'DELETE' })).status).toBe(404);
    // Under B's own slug there is no such image; B's listing is empty.
    expect((await callRoute(b.people.owner.userId, imageRoute, { slug: b.tenant.slug, name: 'web', tag: '1' })).status).toBe(404);
    const bList = await callRoute(b.people.owner.userId, imagesRoute, { slug: b.tenant.slug });
    expect(bList.body.repositories).toEqual([]);
    // Viewers see but cannot delete.
    const viewerDelete = await callRoute(a.people.viewer.userId, deleteImageRoute, { slug: a.tenant.slug, name: 'web', tag: '2' }, { method: 'DELETE' });
    expect(viewerDelete.status).toBe(403);
  });

  it("another tenant's push and pull, an anonymous pull and a viewer's push are refused by the registry", async () => {
    const other = await tokenOf(b.people.owner.userId, b.tenant.slug, 'owner');
    const intruder = client();
    expect((await intruder.login(registry.settings.address, other.email, other.secret)).out).toContain('Login Succeeded');
    const stolen = `${ref(a.tenant.slug, 'web')}:1`;
    const pull = await intruder.cli(['pull', stolen]);
    expect(pull.ok).toBe(false);
    expect(pull.out).toMatch(/denied|unauthorized|not found/i);
    const planted = `${ref(a.tenant.slug, 'web')}:planted`;
    localTags.push(planted);
    await intruder.cli(['tag', 'overcast/shell:1', planted]);
    const push = await intruder.cli(['push', planted]);
    expect(push.ok).toBe(false);
    expect(push.out).toMatch(/denied|unauthorized/i);

    const anonymous = client();
    const anon = await anonymous.cli(['pull', stolen]);
    expect(anon.ok).toBe(false);
    expect(anon.out).toMatch(/denied|unauthorized|no basic auth/i);

    // Wrong email for the token, and a made-up token: no login.
    const owner = await tokenOf(a.people.owner.userId, a.tenant.slug, 'owner');
    expect((await client().login(registry.settings.address, other.email, owner.secret)).ok).toBe(false);
    expect((await client().login(registry.settings.address, owner.email, `ovc_${'x'.repeat(43)}`)).ok).toBe(false);

    const viewer = await tokenOf(a.people.viewer.userId, a.tenant.slug, 'viewer');
    const reader = client();
    expect((await reader.login(registry.settings.address, viewer.email, viewer.secret)).ok).toBe(true);
    const pulled = await reader.cli(['pull', stolen]);
    expect(pulled.ok, pulled.out).toBe(true);
    const viewerTag = `${ref(a.tenant.slug, 'web')}:viewer`;
    localTags.push(viewerTag);
    await reader.cli(['tag', 'overcast/shell:1', viewerTag]);
    const viewerPush = await reader.cli(['push', viewerTag]);
    expect(viewerPush.ok).toBe(false);
    expect(viewerPush.out).toMatch(/denied|unauthorized/i);

    const ctx = await contextFor(a.people.owner.userId, a.tenant.id);
    expect((await listImages(ctx)).repositories[0].tags.map((t) => t.tag)).toEqual(['1', '2']);
  });

  it('over the registry storage quota a push is refused; the quota shows the storage in use', async () => {
    const items = await quotaItems(a.tenant.id);
    const storage = items.find((i) => i.key === 'registryBytes')!;
    expect(storage.used).toBeGreaterThan(0);
    expect(storage.limit).toBe(10 * 1024 ** 3);
    await db().quota.update({ where: { tenantId: a.tenant.id }, data: { maxRegistryGib: 0 } });
    try {
      const owner = await tokenOf(a.people.owner.userId, a.tenant.slug, 'owner');
      const docker = client();
      expect((await docker.login(registry.settings.address, owner.email, owner.secret)).ok).toBe(true);
      const extra = `${ref(a.tenant.slug, 'other')}:1`;
      localTags.push(extra);
      await docker.cli(['tag', 'overcast/shell:1', extra]);
      const push = await docker.cli(['push', extra]);
      expect(push.ok).toBe(false);
      expect(push.out).toMatch(/denied|unauthorized/i);
      // Pulls still work.
      expect((await docker.cli(['pull', `${ref(a.tenant.slug, 'web')}:1`])).ok).toBe(true);
    } finally {
      await db().quota.update({ where: { tenantId: a.tenant.id }, data: { maxRegistryGib: 10 } });
    }
  });

  it('a suspended tenant gets no registry token', async () => {
    const owner = await tokenOf(b.people.owner.userId, b.tenant.slug, 'owner');
    await db().tenant.update({ where: { id: b.tenant.id }, data: { status: 'suspended' } });
    try {
      expect((await client().login(registry.settings.address, owner.email, owner.secret)).ok).toBe(false);
    } finally {
      await db().tenant.update({ where: { id: b.tenant.id }, data: { status: 'active' } });
    }
  });
});

describe('running a pushed image', () => {
  function driverInstance(id: string, tenantId: string, imageRef: string): ContainerInstance {
    return {
      id,
      tenantId,
      name: 'from-registry',
      engineRef: null,
      image: { ref: imageRef, readOnlyRoot: true },
      flavor: { cpuMillis: 250, memoryMib: 64, diskGib: 0, pidsLimit: 64 },
      ports: [{ port: 8080, protocol: 'tcp' }],
      spec: { env: [], command: [] },
    };
  }

  it('the driver pulls the tenant image before create and the container serves; delete is refused while in use', async () => {
    const imageRef = `${ref(a.tenant.slug, 'web')}:2`;
    // Not in the engine any more: the driver must pull it.
    await engine.getImage(imageRef).remove().catch(() => {});
    const image = await db().image.create({ data: { id: `reg-${CONSOLE}`, provider: 'docker', name: `reg-${CONSOLE}`, ref: imageRef, active: false } });
    const row = await db().instance.create({
      data: { tenantId: a.tenant.id, name: 'from-registry', liveName: 'from-registry', kind: 'container', provider: 'docker', flavorId: 'docker-nano', imageId: image.id, spec: {}, desiredState: 'running' },
    });
    const driver = new DockerDriver();
    const inst = driverInstance(row.id, a.tenant.id, imageRef);
    const t0 = Date.now();
    await driver.create(inst);
    console.log(`pull + create: ${Date.now() - t0} ms`);
    await driver.start(inst);
    const seen = await waitFor('the container to run with its port', async () => {
      const o = await driver.observe(inst);
      return o.exists && o.status === 'running' && o.endpoints.length ? o : false;
    });
    const port = seen.exists ? seen.endpoints[0].hostPort : 0;
    const res = await fetch(`http://127.0.0.2:${port}/extra.txt`, { signal: AbortSignal.timeout(5_000) }).catch(() => null);
    if (res) expect(await res.text()).toContain(CONSOLE);
    else await httpOk(port);

    // In use: the tag (and the image under it) cannot be deleted.
    const ctx = await contextFor(a.people.owner.userId, a.tenant.id);
    const listed = await listImages(ctx);
    expect(listed.repositories[0].tags.find((t) => t.tag === '2')!.usedBy).toEqual([{ id: row.id, name: 'from-registry' }]);
    const refused = await callRoute(a.people.owner.userId, deleteImageRoute, { slug: a.tenant.slug, name: 'web', tag: '2' }, { method: 'DELETE' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('image_in_use');
    expect((await listImages(ctx)).repositories[0].tags.map((t) => t.tag)).toEqual(['1', '2']);

    // Once the instance is gone, the delete goes through and the tag is no longer listed.
    await driver.remove(inst);
    await db().instance.update({ where: { id: row.id }, data: { deletedAt: new Date(), liveName: null } });
    const deleted = await callRoute(a.people.owner.userId, deleteImageRoute, { slug: a.tenant.slug, name: 'web', tag: '2' }, { method: 'DELETE' });
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
    expect(deleted.body.deleted).toEqual(['2']);
    expect((await listImages(ctx)).repositories[0].tags.map((t) => t.tag)).toEqual(['1']);
    const audit = await db().auditEvent.findFirst({ where: { tenantId: a.tenant.id, action: 'image.deleted' } });
    expect(audit?.actorId).toBe(a.people.owner.userId);

    // Garbage collection frees the deleted image's own layer and brings the registry back.
    const gc = await garbageCollect(registry.settings);
    console.log(`garbage collection: ${gc.beforeBytes} → ${gc.afterBytes} bytes in ${gc.ms} ms`);
    expect(gc.afterBytes).toBeLessThan(gc.beforeBytes);
    expect((await listImages(ctx)).repositories[0].tags.map((t) => t.tag)).toEqual(['1']);
  });

  it("the driver refuses to pull another tenant's image", async () => {
    const imageRef = `${ref(a.tenant.slug, 'web')}:1`;
    const driver = new DockerDriver();
    const inst = driverInstance(`foreign-${CONSOLE}`, b.tenant.id, imageRef);
    await expect(driver.create(inst)).rejects.toThrow(/another organisation/);
  });

  it('deleting an organisation deletes its images: a new organisation given the same slug finds none', async () => {
    const gone = await tenantWith({ owner: 'owner' });
    const owner = await tokenOf(gone.people.owner.userId, gone.tenant.slug, 'owner');
    const docker = client();
    expect((await docker.login(registry.settings.address, owner.email, owner.secret)).out).toContain('Login Succeeded');
    const image = `${ref(gone.tenant.slug, 'site')}:1`;
    localTags.push(image);
    expect((await docker.cli(['tag', 'overcast/static-web:1', image])).ok).toBe(true);
    const pushed = await docker.cli(['push', image]);
    expect(pushed.ok, pushed.out).toBe(true);

    const admin = await createUser({ isPlatformAdmin: true });
    await requestTenantDeletion({ id: admin.id, email: admin.email, name: admin.name, isPlatformAdmin: true }, gone.tenant.id, { confirm: gone.tenant.slug, force: true });
    await waitFor('the organisation to be deleted', async () => (await reapDeletingTenants(db(), () => {})).finished.includes(gone.tenant.id), 60_000, 200);

    // Someone else's new organisation takes the freed slug: nothing of the old one's is theirs.
    const heir = await db().tenant.create({ data: { name: 'Heir', slug: gone.tenant.slug, quota: { create: {} } } });
    const heirOwner = await createUser();
    await addMember(heir.id, heirOwner.id, 'owner');
    expect((await listImages(await contextFor(heirOwner.id, heir.id))).repositories).toEqual([]);
    const theirs = await tokenOf(heirOwner.id, heir.slug, 'owner');
    const pulling = client();
    expect((await pulling.login(registry.settings.address, theirs.email, theirs.secret)).out).toContain('Login Succeeded');
    await engine.getImage(image).remove({ force: true }).catch(() => {});
    const pulled = await pulling.cli(['pull', image]);
    expect(pulled.ok, pulled.out).toBe(false);
    expect(pulled.out).toMatch(/manifest unknown|not found/i);
  });
});
