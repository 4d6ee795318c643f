// The ingress on the real engine: a container's published port answers at its https host through nginx (the
// certificate verified against the console's CA), stop and delete take the host away (nginx's 404), and a second
// tenant's same-named app gets a host of its own. The reconciler (in this process) writes nginx's routes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker } from '@/lib/providers/docker/client';
import type { Reconciler } from '@/lib/reconciler/reconciler';
import { createContainer } from '@/lib/instances/create-instance';
import { requestInstanceAction } from '@/lib/instances/operate';
import { getInstance } from '@/lib/instances/queries';
import { ingressRoutes } from '@/lib/ingress/routes';
import { db } from '@/lib/db/client';
import type { TenantContext } from '@/lib/auth/context';
import { containerInput, memberOfNewTenant, seedCatalog } from '../fixtures';
import { ownConsoleId, provideTenantNetwork, removeOwnObjects, startReconciler, stopReconciler, waitFor, waitForInstance } from '../docker';
import { httpsGet, startTestIngress, type TestIngress } from '../ingress';

const CONSOLE = ownConsoleId();
const engine = docker();
let reconciler: Reconciler;
let ingress: TestIngress;
const tenants: { id: string; slug: string; ctx: TenantContext }[] = [];

beforeAll(async () => {
  await seedCatalog();
  ingress = await startTestIngress();
  for (let i = 0; i < 2; i++) {
    const { tenant, ctx } = await memberOfNewTenant();
    await provideTenantNetwork(engine, tenant.id);
    tenants.push({ id: tenant.id, slug: ctx.tenant.slug, ctx });
  }
  reconciler = startReconciler(CONSOLE);
}, 120_000);

afterAll(async () => {
  await stopReconciler(reconciler);
  await removeOwnObjects(engine, CONSOLE, tenants.map((t) => t.id));
  await ingress?.stop();
});

const answers = (host: string, status: number) => {
  let last: unknown;
  return waitFor(() => `https://${host} to answer ${status} (last: ${JSON.stringify(last)?.slice(0, 300)})`, async () => {
    const r = await httpsGet(ingress, host);
    last = r;
    return 'status' in r && r.status === status && r;
  }, 20_000, 200);
};

describe('https URLs through the ingress', () => {
  const name = 'shop';
  let first: string;
  let second: string;

  it('a running container with a published port answers at https://<name>-<tenant>.localhost, TLS verified against the console CA', async () => {
    const [a] = tenants;
    ({ id: first } = await createContainer(a.ctx, containerInput({ name })));
    const inst = await waitForInstance(a.ctx, first, 'running with an https URL', (i) => i.status === 'running' && !!i.endpoints[0]?.httpsUrl, 30_000);
    const host = `${name}-${a.slug}.localhost`;
    expect(inst.endpoints[0].httpsUrl).toBe(`https://${host}:${ingress.settings.port}/`);
    const res = await answers(host, 200);
    expect('body' in res && res.body).toContain('Hello from an Overcast container');
    // Through the route the reconciler wrote: the container's own published port, on the apps address.
    const routes = await ingressRoutes(db(), ingress.settings);
    expect(routes.filter((r) => r.instanceId === first)).toEqual([
      { host, upstreamPort: inst.endpoints[0].hostPort, instanceId: first, tenantId: a.id },
    ]);
  });

  it('a second tenant’s app of the same name gets a host of its own, and each host reaches its own container', async () => {
    const [a, b] = tenants;
    ({ id: second } = await createContainer(b.ctx, containerInput({ name })));
    const inst = await waitForInstance(b.ctx, second, 'running with an https URL', (i) => i.status === 'running' && !!i.endpoints[0]?.httpsUrl, 30_000);
    const hostB = `${name}-${b.slug}.localhost`;
    expect(inst.endpoints[0].httpsUrl).toBe(`https://${hostB}:${ingress.settings.port}/`);
    await answers(hostB, 200);
    await answers(`${name}-${a.slug}.localhost`, 200);
    const routes = await ingressRoutes(db(), ingress.settings);
    const byHost = new Map(routes.map((r) => [r.host, r]));
    expect(byHost.get(hostB)).toMatchObject({ instanceId: second, tenantId: b.id, upstreamPort: inst.endpoints[0].hostPort });
    expect(byHost.get(`${name}-${a.slug}.localhost`)).toMatchObject({ instanceId: first, tenantId: a.id });
  });

  it('stop → the host is gone (404 from nginx); start → it answers again', async () => {
    const [a, b] = tenants;
    const host = `${name}-${a.slug}.localhost`;
    await requestInstanceAction(a.ctx, first, { action: 'stop' });
    await waitForInstance(a.ctx, first, 'stopped', (i) => i.status === 'stopped');
    const gone = await answers(host, 404);
    expect('headers' in gone && gone.headers.server).toBe('nginx');
    // The other tenant's app is untouched.
    await answers(`${name}-${b.slug}.localhost`, 200);
    await requestInstanceAction(a.ctx, first, { action: 'start' });
    await waitForInstance(a.ctx, first, 'running', (i) => i.status === 'running' && !!i.endpoints[0]?.httpsUrl);
    await answers(host, 200);
  });

  it('delete → the host is gone for good', async () => {
    const [a, b] = tenants;
    await requestInstanceAction(a.ctx, first, { action: 'delete' });
    await waitFor('the instance to be deleted', async () => (await db().instance.findUnique({ where: { id: first } }))?.status === 'deleted', 30_000);
    const gone = await answers(`${name}-${a.slug}.localhost`, 404);
    expect('headers' in gone && gone.headers.server).toBe('nginx');
    expect((await ingressRoutes(db(), ingress.settings)).some((r) => r.instanceId === first)).toBe(false);
    await answers(`${name}-${b.slug}.localhost`, 200);
    expect((await getInstance(b.ctx, second)).endpoints[0].httpsUrl).toContain(b.slug);
  });
});
