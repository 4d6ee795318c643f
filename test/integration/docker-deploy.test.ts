// Running the tenant's own software on the real Docker Engine: a container from an image in the tenant's namespace
// with its run settings observed inside; unknown images, missing tags and other tenants' namespaces refused before
// anything is written; an HTTP health check (healthy → running; turning unhealthy → restarted and shown why); and
// deploy of a new version and rollback, each served by the published port. Another tenant reaches none of it.
import { env } from '@/lib/env';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { docker } from '@/lib/providers/docker/client';
import { containerName } from '@/lib/providers/docker/names';
import type { Reconciler } from '@/lib/reconciler/reconciler';
import { createContainer } from '@/lib/instances/create-instance';
import { deployInstance, listVersions, rollbackInstance } from '@/lib/instances/versions';
import { getInstance } from '@/lib/instances/queries';
import type { TenantContext } from '@/lib/auth/context';
import { errorOf, instanceCounts, memberOfNewTenant, seedCatalog } from '../fixtures';
import { httpOk, ownConsoleId, provideTenantNetwork, removeOwnObjects, startReconciler, stopReconciler, waitFor, waitForInstance } from '../docker';
import { buildTestApp, removeImages } from '../helpers/app-images';

const CONSOLE = ownConsoleId();
const engine = docker();
let reconciler: Reconciler;
let ctx: TenantContext;
let other: TenantContext;
let tenantId: string;
let otherId: string;
let app1: string;
let app2: string;
let otherApp: string;

beforeAll(async () => {
  await seedCatalog();
  ({ tenant: { id: tenantId }, ctx } = await memberOfNewTenant());
  ({ tenant: { id: otherId }, ctx: other } = await memberOfNewTenant());
  await provideTenantNetwork(engine, tenantId);
  app1 = await buildTestApp(engine, `${ctx.tenant.slug}/app`, '1', 'one');
  app2 = await buildTestApp(engine, `${ctx.tenant.slug}/app`, '2', 'two');
  otherApp = await buildTestApp(engine, `${other.tenant.slug}/secret`, '1', 'theirs');
  reconciler = startReconciler(CONSOLE);
}, 120_000);

afterAll(async () => {
  await stopReconciler(reconciler);
  await removeOwnObjects(engine, CONSOLE, [tenantId, otherId]);
  await removeImages(engine, [app1, app2, otherApp]);
});

async function get(port: number, path: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`http://${env().OVERCAST_APPS_HOST}:${port}${path}`, { signal: AbortSignal.timeout(3000) });
  return { status: res.status, body: await res.text() };
}

const base = (name: string, extra: Record<string, unknown> = {}) => ({ name, flavorId: 'docker-small', ports: [8080], ...extra });
const running = (i: { status: string; endpoints: unknown[] }) => i.status === 'running' && i.endpoints.length === 1;

describe('a container from the tenant’s own image', () => {
  it('runs with the entrypoint, command, working dir, user and env asked for, observed inside', async () => {
    const { id } = await createContainer(
      ctx,
      base('custom', { image: app1, entrypoint: ['node'], command: ['app.js', 'extra-arg'], workingDir: '/app', user: '4321:4321', env: [{ name: 'GREETING', value: 'hello' }] }),
    );
    const inst = await waitForInstance(ctx, id, 'running', running, 40_000);
    expect(inst.image).toMatchObject({ id: 'docker-own-image', name: app1, ref: app1 });
    expect(inst.spec).toMatchObject({ imageRef: app1, entrypoint: ['node'], command: ['app.js', 'extra-arg'], workingDir: '/app', user: '4321:4321' });
    await httpOk(inst.endpoints[0]!.hostPort);
    const info = JSON.parse((await get(inst.endpoints[0]!.hostPort, '/info')).body);
    expect(info).toEqual({ version: 'one', cwd: '/app', uid: 4321, gid: 4321, argv: ['/app/app.js', 'extra-arg'], greeting: 'hello' });
    // Whoever it runs as, the hardening stays.
    const c = await engine.getContainer(containerName(id)).inspect();
    expect(c.HostConfig).toMatchObject({ CapDrop: ['ALL'], SecurityOpt: ['no-new-privileges'], ReadonlyRootfs: true });
    expect(c.Config.Image).toBe(app1);
  });

  it('refuses, before anything is written: an unknown image, a missing tag, another tenant’s image, a malformed one', async () => {
    const before = await instanceCounts();
    const unknown = await errorOf(() => createContainer(ctx, base('nope', { image: `${ctx.tenant.slug}/nothing:1` })));
    expect(unknown).toMatchObject({ code: 'image_not_found', fields: { image: `No image ${ctx.tenant.slug}/nothing:1: push or build it first.` } });
    const tag = await errorOf(() => createContainer(ctx, base('nope', { image: `${ctx.tenant.slug}/app:9` })));
    expect(tag).toMatchObject({ code: 'image_not_found', fields: { image: `${ctx.tenant.slug}/app has no tag “9” (it has: 1, 2).` } });
    // It exists in the engine, but it is not this tenant's: refused all the same, saying nothing of it.
    const theirs = await errorOf(() => createContainer(ctx, base('nope', { image: otherApp })));
    expect(theirs.code).toBe('image_not_allowed');
    expect(theirs.fields.image).toContain(`${ctx.tenant.slug}/`);
    expect((await errorOf(() => createContainer(ctx, base('nope', { image: `${other.tenant.slug}/nothing:1` })))).code).toBe('image_not_allowed');
    // The console's own namespace is nobody's, beyond the catalogue's images.
    expect((await errorOf(() => createContainer(ctx, base('nope', { image: 'overcast/fn-node:20' })))).code).toBe('image_not_allowed');
    expect((await errorOf(() => createContainer(ctx, base('nope', { image: 'Not A Ref!' })))).fields.image).toMatch(/image reference is/);
    expect((await errorOf(() => createContainer(ctx, base('nope', { image: app1, imageId: 'docker-node' })))).fields.imageId).toMatch(/not both/);
    expect(await instanceCounts()).toEqual(before);
  });

  it('refuses bad run settings next to each field', async () => {
    const err = await errorOf(() =>
      createContainer(ctx, base('bad', { image: app1, workingDir: 'relative', user: 'bad user', healthCheck: { type: 'http', port: 0, path: 'healthz' } })),
    );
    expect(err.code).toBe('validation_failed');
    expect(Object.keys(err.fields)).toEqual(expect.arrayContaining(['workingDir', 'user', 'healthCheck.port', 'healthCheck.path']));
  });
});

describe('health checks', () => {
  it('HTTP: shown starting while the app boots, then healthy and running', async () => {
    const { id } = await createContainer(
      ctx,
      base('healthy', { image: app1, env: [{ name: 'LISTEN_DELAY_MS', value: '2500' }], healthCheck: { type: 'http', port: 8080, path: '/healthz', intervalS: 1, timeoutS: 2, retries: 2, startPeriodS: 30 } }),
    );
    const starting = await waitForInstance(ctx, id, 'starting its health check', (i) => i.health === 'starting', 30_000);
    expect(starting.status).toBe('creating');
    expect(starting.statusReason).toBe('Waiting for the health check: GET /healthz on port 8080');
    const inst = await waitForInstance(ctx, id, 'healthy and running', (i) => running(i) && i.health === 'healthy', 30_000);
    expect(inst.statusReason).toBeNull();
    const c = await engine.getContainer(containerName(id)).inspect();
    // The probe is the console's read-only busybox; the root stays read-only.
    expect(c.Mounts).toEqual([expect.objectContaining({ Type: 'volume', Destination: '/.overcast', RW: false })]);
  });

  it('an app that turns unhealthy is restarted with backoff, and the instance says why', async () => {
    const { id } = await createContainer(
      ctx,
      base('sickly', { image: app1, env: [{ name: 'FAIL_AFTER_MS', value: '2000' }], healthCheck: { type: 'http', port: 8080, path: '/healthz', intervalS: 1, timeoutS: 2, retries: 2, startPeriodS: 0 } }),
    );
    await waitForInstance(ctx, id, 'healthy first', (i) => i.health === 'healthy', 30_000);
    const startedAt = (await engine.getContainer(containerName(id)).inspect()).State.StartedAt;
    const sick = await waitForInstance(ctx, id, 'unhealthy', (i) => i.health === 'unhealthy', 30_000);
    expect(sick.status).toBe('error');
    expect(sick.statusReason).toMatch(/^unhealthy: GET \/healthz returned 500 2 times/);
    await waitFor('the container to be restarted', async () => (await engine.getContainer(containerName(id)).inspect()).State.StartedAt !== startedAt, 30_000);
    const events = await db().instanceEvent.findMany({ where: { instanceId: id, type: 'unhealthy' } });
    expect(events[0]?.message).toMatch(/^unhealthy: GET \/healthz returned 500 2 times; restarting in \d+ s$/);
  });
});

describe('deploy and roll back', () => {
  let id: string;

  it('deploying another version replaces the container: the new image serves on the same instance', async () => {
    ({ id } = await createContainer(ctx, base('web', { image: app1, healthCheck: { type: 'tcp', port: 8080, intervalS: 1, timeoutS: 2, retries: 3, startPeriodS: 5 } })));
    const first = await waitForInstance(ctx, id, 'running', (i) => running(i) && i.health === 'healthy', 40_000);
    expect((await httpOk(first.endpoints[0]!.hostPort)).body).toBe('one\n');
    const oldRef = first.events.length && (await engine.getContainer(containerName(id)).inspect()).Id;

    expect(await deployInstance(ctx, id, { image: app2 })).toEqual({ version: 2, image: app2 });
    const inst = await waitForInstance(ctx, id, 'running version 2', (i) => running(i) && i.image.ref === app2 && i.observedGeneration === i.generation && i.health === 'healthy', 40_000);
    const served = await waitFor('version two to answer', async () => {
      const r = await get(inst.endpoints[0]!.hostPort, '/').catch(() => null);
      return r?.body === 'two\n' && r;
    });
    expect(served.status).toBe(200);
    const c = await engine.getContainer(containerName(id)).inspect();
    expect(c.Id).not.toBe(oldRef);
    expect(c.Config.Image).toBe(app2);
    const versions = await listVersions(ctx, id);
    expect(versions.map((v) => [v.number, v.image, v.cause, v.current])).toEqual([
      [2, app2, 'deploy', true],
      [1, app1, 'create', false],
    ]);
    expect(versions[0]!.createdBy).toBe(ctx.user.email);
    const audit = await db().auditEvent.findFirst({ where: { targetId: id, action: 'instance.deployed' } });
    expect(audit?.metadata).toMatchObject({ version: 2, image: app2 });
  });

  it('rolling back deploys the previous version again, as version 3', async () => {
    expect(await rollbackInstance(ctx, id, {})).toEqual({ version: 3, image: app1 });
    const inst = await waitForInstance(ctx, id, 'running version 1 again', (i) => running(i) && i.image.ref === app1 && i.observedGeneration === i.generation, 40_000);
    await waitFor('version one to answer', async () => (await get(inst.endpoints[0]!.hostPort, '/').catch(() => null))?.body === 'one\n');
    const versions = await listVersions(ctx, id);
    expect(versions[0]).toMatchObject({ number: 3, image: app1, cause: 'rollback', rolledBackTo: 1, current: true });
    expect(await db().auditEvent.count({ where: { targetId: id, action: 'instance.rolled_back' } })).toBe(1);
  });

  it('refuses a deploy of an unknown tag or another tenant’s image, and a rollback to the current version, changing nothing', async () => {
    const before = await db().instance.findUniqueOrThrow({ where: { id } });
    expect((await errorOf(() => deployInstance(ctx, id, { image: `${ctx.tenant.slug}/app:7` }))).code).toBe('image_not_found');
    expect((await errorOf(() => deployInstance(ctx, id, { image: otherApp }))).code).toBe('image_not_allowed');
    expect((await errorOf(() => rollbackInstance(ctx, id, { version: 3 }))).fields.version).toBe('Version 3 is the current one.');
    expect((await errorOf(() => rollbackInstance(ctx, id, { version: 42 }))).fields.version).toBe('There is no version 42 of this instance.');
    const after = await db().instance.findUniqueOrThrow({ where: { id } });
    expect(after.generation).toBe(before.generation);
    expect(await db().instanceVersion.count({ where: { instanceId: id } })).toBe(3);
  });

  it('another tenant can neither deploy, roll back nor list the versions of it (not_found, nothing written)', async () => {
    const before = await db().instance.findUniqueOrThrow({ where: { id } });
    for (const call of [() => deployInstance(other, id, { image: 'overcast/static-web:1' }), () => rollbackInstance(other, id, {}), () => listVersions(other, id)]) {
      expect(await errorOf(call)).toMatchObject({ code: 'not_found', message: 'No such instance.' });
    }
    const after = await db().instance.findUniqueOrThrow({ where: { id } });
    expect([after.generation, after.imageId, after.spec]).toEqual([before.generation, before.imageId, before.spec]);
    expect(await db().instanceVersion.count({ where: { instanceId: id } })).toBe(3);
    expect((await getInstance(ctx, id)).image.ref).toBe(app1);
  });
});
