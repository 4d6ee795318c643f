// Tenant isolation on the network, on the real Docker Engine: each tenant's containers share a bridge of their own,
// so they reach each other, but not another tenant's containers, nor services on the host (the host firewall rule
// the console sets at start-up, see lib/providers/docker/host-firewall.ts).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker } from '@/lib/providers/docker/client';
import { ensureHostFirewall } from '@/lib/providers/docker/host-firewall';
import { containerName, tenantNetworkName } from '@/lib/providers/docker/names';
import type { Reconciler } from '@/lib/reconciler/reconciler';
import { createContainer } from '@/lib/instances/create-instance';
import type { TenantContext } from '@/lib/auth/context';
import { containerInput, memberOfNewTenant, seedCatalog } from '../fixtures';
import { execIn, ownConsoleId, provideTenantNetwork, removeOwnObjects, startReconciler, stopReconciler, waitForInstance } from '../docker';

const CONSOLE = ownConsoleId();
const engine = docker();
const tenantIds: string[] = [];
let reconciler: Reconciler;
let hostService: http.Server;

type Placed = { name: string; ip: string; gateway: string };
const placed: Record<'aWeb' | 'aShell' | 'bWeb' | 'bShell', Placed> = {} as never;

async function newTenant(): Promise<TenantContext> {
  const { tenant, ctx } = await memberOfNewTenant();
  tenantIds.push(tenant.id);
  await provideTenantNetwork(engine, tenant.id);
  return ctx;
}

async function place(ctx: TenantContext, input: Record<string, unknown>): Promise<Placed> {
  const { id } = await createContainer(ctx, containerInput(input));
  await waitForInstance(ctx, id, 'running', (i) => i.status === 'running');
  const info = await engine.getContainer(containerName(id)).inspect();
  const net = info.NetworkSettings.Networks[tenantNetworkName(ctx.tenant.id)];
  expect(Object.keys(info.NetworkSettings.Networks)).toEqual([tenantNetworkName(ctx.tenant.id)]); // no other network
  return { name: containerName(id), ip: net.IPAddress, gateway: net.Gateway };
}

beforeAll(async () => {
  expect(ensureHostFirewall()).toBe('host firewall: tenant networks cannot reach host services');
  hostService = http.createServer((_req, res) => res.end('host service\n'));
  await new Promise<void>((r) => hostService.listen(0, '0.0.0.0', r));

  await seedCatalog();
  reconciler = startReconciler(CONSOLE);
  const [a, b] = [await newTenant(), await newTenant()];
  const shell = { imageId: 'docker-shell', ports: [] };
  [placed.aWeb, placed.aShell, placed.bWeb, placed.bShell] = await Promise.all([
    place(a, { name: 'a-web' }),
    place(a, { name: 'a-shell', ...shell }),
    place(b, { name: 'b-web' }),
    place(b, { name: 'b-shell', ...shell }),
  ]);
});

afterAll(async () => {
  await stopReconciler(reconciler);
  hostService?.close();
  await removeOwnObjects(engine, CONSOLE, tenantIds);
});

/**
 * An HTTP GET of host:port from inside a container, with busybox nc (2 s timeout). Not wget: Debian's static
 * busybox wget crashes (SIGSEGV) in these FROM-scratch images, which would pass for "unreachable".
 */
const getFrom = (from: Placed, host: string, port = 8080) =>
  execIn(engine, from.name, ['sh', '-c', 'printf "GET / HTTP/1.0\\r\\n\\r\\n" | nc -w 2 "$0" "$1"', host, String(port)]);

describe('network isolation between tenants', () => {
  it('the two tenants are on different networks and subnets', () => {
    expect(placed.aWeb.gateway).toBe(placed.aShell.gateway);
    expect(placed.bWeb.gateway).toBe(placed.bShell.gateway);
    expect(placed.aWeb.gateway).not.toBe(placed.bWeb.gateway);
  });

  it('a container reaches its own tenant’s web server, but not the other tenant’s (either way)', async () => {
    const [own, aToB, bOwn, bToA] = await Promise.all([
      getFrom(placed.aShell, placed.aWeb.ip),
      getFrom(placed.aShell, placed.bWeb.ip),
      getFrom(placed.bShell, placed.bWeb.ip),
      getFrom(placed.bShell, placed.aWeb.ip),
    ]);
    for (const ok of [own, bOwn]) {
      expect(ok).toMatchObject({ code: 0, stdout: expect.stringMatching(/^HTTP\/1\.[01] 200 OK/) });
      expect(ok.stdout).toContain('Hello from an Overcast container');
    }
    expect(aToB.code, aToB.stderr).not.toBe(0);
    expect(aToB.stdout).toBe('');
    expect(bToA.code, bToA.stderr).not.toBe(0);
    expect(bToA.stdout).toBe('');
  });

  it('a container cannot reach a host service listening on all addresses through its bridge gateway', async () => {
    const port = (hostService.address() as AddressInfo).port;
    const fromHost = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.text());
    expect(fromHost).toBe('host service\n');
    const fromA = await getFrom(placed.aShell, placed.aShell.gateway, port);
    expect(fromA.code, fromA.stderr).not.toBe(0);
    expect(fromA.stdout).toBe('');
    // The same request from the same container does work towards its own tenant (the tool is not the problem).
    expect((await getFrom(placed.aShell, placed.aWeb.ip)).stdout).toContain('Hello from an Overcast container');
  });
});
