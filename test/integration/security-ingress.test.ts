// The ingress against hostile tenants (issue 17): a host name reaches only its own app's published port — never the
// console, never another tenant's app, not even by naming an app so that its host collides with another tenant's;
// unknown hosts and the console's own names get nginx's 404; the X-Forwarded-* headers an app sees are nginx's,
// whatever the client sent. Real nginx (a private instance of the test's own) and the real database.
import http from 'node:http';
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { createContainer } from '@/lib/instances/create-instance';
import { getInstance } from '@/lib/instances/queries';
import { ingressRoutes } from '@/lib/ingress/routes';
import { syncIngress } from '@/lib/ingress/sync';
import type { TenantContext } from '@/lib/auth/context';
import { containerInput, memberOfNewTenant, seedCatalog } from '../fixtures';
import { httpsGet, startTestIngress, type TestIngress } from '../ingress';

let ingress: TestIngress;
const apps: { server: http.Server; port: number; seen: http.IncomingHttpHeaders[] }[] = [];
let console_: http.Server;
let consolePort: number;

/** An app that answers with its own name and the headers it was sent. */
async function app(name: string, host: string) {
  const seen: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.headers);
    res.end(JSON.stringify({ app: name, headers: req.headers }));
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  const a = { server, port: (server.address() as net.AddressInfo).port, seen };
  apps.push(a);
  return a;
}

/** Records the instance as running with `port` published at `hostIp:hostPort` (what the reconciler would write). */
async function running(id: string, hostPort: number, hostIp = ingress.settings.upstreamHost, port = 8080) {
  await db().instance.update({ where: { id }, data: { status: 'running', desiredState: 'running', endpoints: [{ port, protocol: 'tcp', hostIp, hostPort }] } });
}

async function tenant(slug: string): Promise<TenantContext> {
  const { tenant: t, ctx } = await memberOfNewTenant();
  await db().tenant.update({ where: { id: t.id }, data: { slug } });
  return { ...ctx, tenant: { ...ctx.tenant, slug } };
}

const body = (r: Awaited<ReturnType<typeof httpsGet>>) => ('body' in r ? (JSON.parse(r.body) as { app: string; headers: Record<string, string> }) : null);

let victim: { ctx: TenantContext; id: string; host: string };
let squatter: { ctx: TenantContext; id: string };
let neighbour: { ctx: TenantContext; id: string; host: string };

beforeAll(async () => {
  await seedCatalog();
  ingress = await startTestIngress();
  console_ = http.createServer((_req, res) => res.end('CONSOLE'));
  await new Promise<void>((r) => console_.listen(0, '127.0.0.1', r));
  consolePort = (console_.address() as net.AddressInfo).port;
  const sfx = Date.now().toString(36);
  // Tenant "b-<sfx>" runs app "a"; tenant "<sfx>" names its app "a-b" later, so that both ask for "a-b-<sfx>".
  const v = await tenant(`b-${sfx}`);
  const va = await app('victim', ingress.settings.upstreamHost);
  const { id: vid } = await createContainer(v, containerInput({ name: 'a' }));
  await running(vid, va.port);
  victim = { ctx: v, id: vid, host: `a-b-${sfx}.localhost` };
  const s = await tenant(sfx);
  const sa = await app('squatter', ingress.settings.upstreamHost);
  const { id: sid } = await createContainer(s, containerInput({ name: 'a-b' }));
  await running(sid, sa.port);
  squatter = { ctx: s, id: sid };
  const n = await tenant(`n-${sfx}`);
  const na = await app('neighbour', ingress.settings.upstreamHost);
  const { id: nid } = await createContainer(n, containerInput({ name: 'web' }));
  await running(nid, na.port);
  neighbour = { ctx: n, id: nid, host: `web-n-${sfx}.localhost` };
  expect(await syncIngress(db())).toMatchObject({ reloaded: true });
}, 120_000);

afterAll(async () => {
  await ingress?.stop();
  for (const a of apps) a.server.close();
  console_?.close();
});

describe('ingress: host names reach only their own app', () => {
  it('a later app whose name collides with another tenant’s host does not take it: it gets a host of its own', async () => {
    const r = await httpsGet(ingress, victim.host);
    expect(body(r)?.app).toBe('victim');
    const routes = await ingressRoutes(db(), ingress.settings);
    expect(routes.filter((x) => x.host === victim.host)).toEqual([expect.objectContaining({ instanceId: victim.id })]);
    const own = routes.find((x) => x.instanceId === squatter.id)!;
    expect(own.host).toBe(`${squatter.id}p8080.localhost`);
    expect(body(await httpsGet(ingress, own.host))?.app).toBe('squatter');
    // The API shows each the host it really has.
    expect((await getInstance(victim.ctx, victim.id)).endpoints[0].httpsUrl).toBe(`https://${victim.host}:${ingress.settings.port}/`);
    expect((await getInstance(squatter.ctx, squatter.id)).endpoints[0].httpsUrl).toBe(`https://${own.host}:${ingress.settings.port}/`);
  });

  it('a stopped app keeps its host: the squatter does not get it meanwhile (nginx answers 404)', async () => {
    await db().instance.update({ where: { id: victim.id }, data: { status: 'stopped', desiredState: 'stopped', endpoints: [] } });
    await syncIngress(db());
    const r = await httpsGet(ingress, victim.host);
    expect(r).toMatchObject({ status: 404, headers: expect.objectContaining({ server: 'nginx' }) });
    await running(victim.id, apps[0].port);
    await syncIngress(db());
    expect(body(await httpsGet(ingress, victim.host))?.app).toBe('victim');
  });

  it('unknown hosts, the console’s names and addresses get nginx’s 404, never the console or an app', async () => {
    const names = ['nobody-here.localhost', 'localhost', '127.0.0.1', `127.0.0.1:${consolePort}`, `localhost:${consolePort}`, ingress.settings.upstreamHost, 'localhost.', `${victim.host}.evil.example`];
    for (const host of names) {
      // *.localhost cannot have a wildcard certificate browsers accept: unknown names are checked without TLS verification.
      const r = await httpsGet(ingress, host, { sni: 'nobody-here.localhost', ...{ agent: false } }).catch((e: Error) => ({ error: e.message }));
      const unverified = 'error' in r ? await unverifiedGet(host) : r;
      expect(unverified, host).toMatchObject({ status: 404 });
      expect('body' in unverified && unverified.body).not.toContain('CONSOLE');
    }
  });

  it('the Host header decides, not the TLS name: an app’s certificate cannot be used to reach the console or another host', async () => {
    const r = await httpsGet(ingress, 'localhost', { sni: victim.host });
    expect(r).toMatchObject({ status: 404 });
    // Another tenant's host asked for over a connection named after the victim's: routed by its own Host, to its own app.
    expect(body(await httpsGet(ingress, neighbour.host, { sni: victim.host }))?.app).toBe('neighbour');
  });

  it('X-Forwarded-* and Forwarded are set by nginx, whatever the client sent', async () => {
    const r = await httpsGet(ingress, neighbour.host, {
      headers: { 'x-forwarded-for': '6.6.6.6', 'x-forwarded-host': 'console.example', 'x-forwarded-proto': 'http', 'x-real-ip': '6.6.6.6', forwarded: 'for=6.6.6.6;host=console.example' },
    });
    const h = body(r)!.headers;
    expect(h['x-forwarded-for']).toBe('127.0.0.1');
    expect(h['x-real-ip']).toBe('127.0.0.1');
    expect(h['x-forwarded-host']).toBe(neighbour.host);
    expect(h['x-forwarded-proto']).toBe('https');
    expect(h.forwarded).toBe(`for=127.0.0.1;proto=https;host=${neighbour.host}`);
    expect(h.host).toBe(neighbour.host);
  });

  it('a route never leads off the apps address or to the console’s ports on it, whatever an endpoint row says', async () => {
    // A forged or stale endpoint: the console's address, or the functions gateway's port on the apps address.
    await running(neighbour.id, consolePort, '127.0.0.1');
    let routes = await ingressRoutes(db(), ingress.settings);
    expect(routes.find((x) => x.instanceId === neighbour.id)).toMatchObject({ upstreamPort: null });
    await running(neighbour.id, ingress.settings.reservedPorts[0]);
    routes = await ingressRoutes(db(), ingress.settings);
    expect(routes.find((x) => x.instanceId === neighbour.id)).toMatchObject({ upstreamPort: null });
    await syncIngress(db());
    expect(await httpsGet(ingress, neighbour.host)).toMatchObject({ status: 404 });
    await running(neighbour.id, apps[2].port);
    await syncIngress(db());
    expect(body(await httpsGet(ingress, neighbour.host))?.app).toBe('neighbour');
  });

  it('an organisation being deleted loses its hosts at once', async () => {
    await db().tenant.update({ where: { id: neighbour.ctx.tenant.id }, data: { deletingAt: new Date() } });
    await syncIngress(db());
    expect(await httpsGet(ingress, neighbour.host)).toMatchObject({ status: 404 });
  });
});

/** The same request without checking the certificate (as `curl -k`). */
async function unverifiedGet(host: string) {
  const https = await import('node:https');
  return new Promise<{ status: number; body: string } | { error: string }>((resolve) => {
    const req = https.request({ host: '127.0.0.1', port: ingress.settings.port, servername: 'nobody-here.localhost', rejectUnauthorized: false, agent: false, headers: { host } }, (res) => {
      let b = '';
      res.on('data', (c) => (b += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: b }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    req.end();
  });
}
