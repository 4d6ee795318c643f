// Issue 12, finding 3 — "no egress policy": tenant and function networks forwarded to the host's LAN, private ranges
// and link-local (169.254.169.254). On the real Docker Engine and the host's real firewall: a stand-in "LAN host"
// and a stand-in metadata address live in a network namespace this test makes (never a real private address); a
// tenant container made by the driver's create path and a function container try to reach them. The policy is
// applied as the console applies it (lib/admin/egress.ts), exceptions go through the admin's setting.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { docker } from '@/lib/providers/docker/client';
import { containerName, tenantNetworkName } from '@/lib/providers/docker/names';
import { parseCidr, overlaps } from '@/lib/providers/docker/subnets';
import { functionNetworkName } from '@/lib/providers/functions/names';
import { FunctionPool } from '@/lib/providers/functions/pool';
import { setFunctionPool } from '@/lib/providers/functions/pool-instance';
import { invokeUrl } from '@/lib/functions/invoke-url';
import { applyEgressFromSettings, getEgressExceptions, setEgressExceptions } from '@/lib/admin/egress';
import { parseEgressLines } from '@/lib/admin/egress-input';
import { applyEgressPolicy, EGRESS_CHAIN, egressPolicy, removeEgressPolicy } from '@/lib/providers/docker/egress-firewall';
import { ensureHostFirewall } from '@/lib/providers/docker/host-firewall';
import { createContainer } from '@/lib/instances/create-instance';
import type { Reconciler } from '@/lib/reconciler/reconciler';
import type { TenantContext, SessionUser } from '@/lib/auth/context';
import { containerInput, createUser, memberOfNewTenant, seedCatalog } from '../fixtures';
import { execIn, ownConsoleId, provideTenantNetwork, removeOwnObjects, startReconciler, stopReconciler, waitForInstance } from '../docker';
import { call, seedFunction, startGateway, startTestPool, type Gateway } from '../functions';

const CONSOLE = ownConsoleId();
const engine = docker();
const METADATA = '169.254.169.254';
/** Ports the stand-in LAN host listens on: one the exception will open, one it will not, and DNS's. */
const OPEN = 8081;
const CLOSED = 8082;
const DNS = 53;

const ns = `ocegr-${process.pid}`;
const hostVeth = `vegr${process.pid}`;
const nsVeth = `vegrn${process.pid}`;
let lan: { subnet: string; host: string; ip: string };
let listener: ChildProcess | undefined;
let metadataRoute = false;
let chainExisted = false;

const tenantIds: string[] = [];
let reconciler: Reconciler;
let pool: FunctionPool | undefined;
let gw: Gateway | undefined;
let admin: SessionUser;
let tenant: TenantContext;
let shell: string;
let web: { ip: string; url: string };

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
const tryIp = (...args: string[]) => {
  try {
    ip(...args);
  } catch {
    // already gone
  }
};

/** Namespaces of earlier runs of this test whose process is gone (killed before its clean-up). */
function sweepStale() {
  for (const line of ip('netns', 'list').split('\n')) {
    const m = /^ocegr-(\d+)\b/.exec(line);
    if (!m) continue;
    try {
      process.kill(Number(m[1]), 0);
    } catch {
      tryIp('netns', 'del', `ocegr-${m[1]}`);
    }
  }
}

/** A /30 in 10.200–250.x.x that no interface of the host is in (tenant networks are in 10.128.0.0/12). */
function freeLanSubnet() {
  const used = Object.values(os.networkInterfaces()).flatMap((a) => (a ?? []).filter((x) => x.family === 'IPv4' && x.cidr).map((x) => parseCidr(x.cidr!)));
  for (;;) {
    const [b, c, d] = [200 + Math.floor(Math.random() * 50), Math.floor(Math.random() * 256), Math.floor(Math.random() * 64) * 4];
    const subnet = `10.${b}.${c}.${d}/30`;
    if (used.some((u) => overlaps(u, parseCidr(subnet)))) continue;
    return { subnet, host: `10.${b}.${c}.${d + 1}`, ip: `10.${b}.${c}.${d + 2}` };
  }
}

/** The stand-in LAN host: a namespace behind a veth, with the metadata address too, and HTTP listeners in it. */
async function startLanHost() {
  sweepStale();
  lan = freeLanSubnet();
  ip('netns', 'add', ns);
  ip('link', 'add', hostVeth, 'type', 'veth', 'peer', 'name', nsVeth, 'netns', ns);
  ip('addr', 'add', `${lan.host}/30`, 'dev', hostVeth);
  ip('link', 'set', hostVeth, 'up');
  ip('-n', ns, 'addr', 'add', `${lan.ip}/30`, 'dev', nsVeth);
  ip('-n', ns, 'addr', 'add', `${METADATA}/32`, 'dev', 'lo');
  ip('-n', ns, 'link', 'set', nsVeth, 'up');
  ip('-n', ns, 'link', 'set', 'lo', 'up');
  ip('route', 'add', `${METADATA}/32`, 'via', lan.ip, 'dev', hostVeth);
  metadataRoute = true;
  const script = `const http = require('http'); const ports = JSON.parse(process.argv[1]); let n = 0;
    for (const p of ports) http.createServer((q, r) => r.end('lan host ' + p + '\\n')).listen(p, '0.0.0.0', () => { if (++n === ports.length) console.log('ready'); });`;
  listener = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', script, JSON.stringify([OPEN, CLOSED, DNS])], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the LAN host’s listener did not start within 10 s')), 10_000);
    listener!.stdout!.on('data', (d) => String(d).includes('ready') && (clearTimeout(timer), resolve()));
    listener!.once('exit', (code) => reject(new Error(`the LAN host’s listener exited (${code})`)));
  });
}

function stopLanHost() {
  if (listener && listener.exitCode === null) listener.kill('SIGKILL');
  if (metadataRoute) tryIp('route', 'del', `${METADATA}/32`, 'via', lan.ip, 'dev', hostVeth);
  tryIp('netns', 'del', ns); // takes the veth pair with it
}

/** An HTTP GET from inside the tenant's shell container (busybox nc, 5 s; a refused one fails at once): "reached" with the answer, or "blocked". */
async function fromContainer(host: string, port: number): Promise<string> {
  const r = await execIn(engine, shell, ['sh', '-c', 'printf "GET / HTTP/1.0\\r\\n\\r\\n" | nc -w 5 "$0" "$1"', host, String(port)]);
  return r.code === 0 && r.stdout ? `reached: ${r.stdout.trim().split('\n').pop()}` : 'blocked';
}

const PROBE = `export default async (req) => {
  const out = {};
  await Promise.all(Object.entries(JSON.parse(req.body)).map(async ([name, u]) => {
    try { const r = await fetch(u, { signal: AbortSignal.timeout(5000) }); out[name] = 'reached: ' + (await r.text()).trim(); }
    catch { out[name] = 'blocked'; }
  }));
  return { body: out };
}`;

/** The same GETs from inside a function container, through the functions gateway. */
async function fromFunction(targets: Record<string, string>): Promise<Record<string, string>> {
  const r = await call(invokeUrl(tenant.tenant.slug, 'prober', gw!.url), { method: 'POST', body: JSON.stringify(targets) });
  expect(r.status, r.body).toBe(200); // the gateway reaches the function container under the policy
  return r.json as Record<string, string>;
}

/** Straight from the host (no policy applies to it): proves the target is up. */
async function fromHost(host: string, port: number): Promise<string> {
  try {
    return `reached: ${(await (await fetch(`http://${host}:${port}/`, { signal: AbortSignal.timeout(3_000) })).text()).trim()}`;
  } catch {
    return 'blocked';
  }
}

const chainPresent = () => {
  try {
    execFileSync('iptables', ['-S', EGRESS_CHAIN], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const jumps = () => execFileSync('iptables', ['-S', 'DOCKER-USER']).toString().split('\n').filter((l) => l.includes(`-j ${EGRESS_CHAIN}`));

beforeAll(async () => {
  chainExisted = chainPresent();
  expect(ensureHostFirewall()).toBe('host firewall: tenant networks cannot reach host services');
  await startLanHost();
  admin = await createUser({ isPlatformAdmin: true });
  await seedCatalog();
  reconciler = startReconciler(CONSOLE);
  const t = await memberOfNewTenant();
  tenant = t.ctx;
  tenantIds.push(t.tenant.id);
  await provideTenantNetwork(engine, t.tenant.id);
  const place = async (input: Record<string, unknown>) => {
    const { id } = await createContainer(tenant, containerInput(input));
    const i = await waitForInstance(tenant, id, 'running', (x) => x.status === 'running');
    const info = await engine.getContainer(containerName(id)).inspect();
    return { name: containerName(id), ip: info.NetworkSettings.Networks[tenantNetworkName(t.tenant.id)]!.IPAddress, endpoints: i.endpoints };
  };
  const [s, w] = await Promise.all([place({ name: 'shell', imageId: 'docker-shell', ports: [] }), place({ name: 'web' })]);
  shell = s.name;
  const ep = w.endpoints[0]!;
  web = { ip: w.ip, url: `http://${ep.hostIp}:${ep.hostPort}/` };
  pool = await startTestPool({ stemCells: 0 });
  gw = await startGateway();
  await seedFunction({ tenantId: t.tenant.id, name: 'prober', timeoutMs: 20_000, code: PROBE });
  // The default policy, as a console applies it at start (no exceptions yet).
  await setEgressExceptions(admin, { exceptions: [] });
});

afterAll(async () => {
  stopLanHost();
  // Leave the host's firewall as it was: a console's policy stays (without this test's exception), none is added.
  if (chainExisted) await applyEgressPolicy(egressPolicy([]));
  else await removeEgressPolicy();
  await gw?.close();
  await pool?.stop();
  setFunctionPool(undefined);
  await stopReconciler(reconciler);
  await removeOwnObjects(engine, CONSOLE, tenantIds);
  await engine.getNetwork(functionNetworkName()).remove().catch(() => {});
});

describe('egress from tenant networks', () => {
  it('a tenant container reaches neither a LAN host nor the metadata address; its own tenant and its published port still work', async () => {
    // Controls: the targets are up (the host reaches them) …
    expect(await fromHost(lan.ip, OPEN)).toBe(`reached: lan host ${OPEN}`);
    expect(await fromHost(METADATA, OPEN)).toBe(`reached: lan host ${OPEN}`);
    const [lanOpen, lanClosed, metadata, ownTenant] = await Promise.all([
      fromContainer(lan.ip, OPEN),
      fromContainer(lan.ip, CLOSED),
      fromContainer(METADATA, OPEN),
      fromContainer(web.ip, 8080),
    ]);
    expect({ lanOpen, lanClosed, metadata }).toEqual({ lanOpen: 'blocked', lanClosed: 'blocked', metadata: 'blocked' });
    // … and the tool works: the same request reaches the tenant's own web container.
    expect(ownTenant).toMatch(/Hello from an Overcast container|<\/html>/);
    const published = await fetch(web.url, { signal: AbortSignal.timeout(3_000) });
    expect(published.status).toBe(200);
  });

  it('a function container reaches neither; the gateway still reaches the function', async () => {
    expect(await fromFunction({ lan: `http://${lan.ip}:${OPEN}/`, metadata: `http://${METADATA}:${OPEN}/` })).toEqual({ lan: 'blocked', metadata: 'blocked' });
  });

  it('an admin exception (CIDR and port) opens exactly that, is audited, and closes again when removed', async () => {
    const auditsBefore = await db().auditEvent.count({ where: { action: 'platform.egress_exceptions_changed' } });
    const view = await setEgressExceptions(admin, { exceptions: parseEgressLines(`${lan.subnet} tcp ${OPEN} # stand-in LAN service`) });
    expect(view.applied).toMatchObject({ ok: true });
    expect(view.exceptions).toEqual([{ cidr: lan.subnet, protocol: 'tcp', ports: [String(OPEN)], note: 'stand-in LAN service' }]);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: 'platform.egress_exceptions_changed' }, orderBy: { createdAt: 'desc' } });
    expect(audit).toMatchObject({ actorId: admin.id, targetId: 'network.egress_exceptions', metadata: { before: [], after: view.exceptions } });
    expect(await db().auditEvent.count({ where: { action: 'platform.egress_exceptions_changed' } })).toBe(auditsBefore + 1);

    const [lanOpen, lanClosed, metadata] = await Promise.all([fromContainer(lan.ip, OPEN), fromContainer(lan.ip, CLOSED), fromContainer(METADATA, OPEN)]);
    expect({ lanOpen, lanClosed, metadata }).toEqual({ lanOpen: `reached: lan host ${OPEN}`, lanClosed: 'blocked', metadata: 'blocked' });
    expect(await fromFunction({ open: `http://${lan.ip}:${OPEN}/`, closed: `http://${lan.ip}:${CLOSED}/` })).toEqual({ open: `reached: lan host ${OPEN}`, closed: 'blocked' });

    await setEgressExceptions(admin, { exceptions: [] });
    expect(await fromContainer(lan.ip, OPEN)).toBe('blocked');
  });

  it('DNS: the host’s resolvers get port 53 only (here the stand-in plays the resolver)', async () => {
    const policy = egressPolicy([]);
    const r = await applyEgressPolicy({ ...policy, resolvers: [lan.ip] });
    expect(r.ok, r.message).toBe(true);
    const [dns, other] = await Promise.all([fromContainer(lan.ip, DNS), fromContainer(lan.ip, OPEN)]);
    expect({ dns, other }).toEqual({ dns: `reached: lan host ${DNS}`, other: 'blocked' });
    await applyEgressFromSettings({ force: true });
    expect(await fromContainer(lan.ip, DNS)).toBe('blocked');
  });

  it('refuses bad exceptions with a clear error and writes nothing', async () => {
    await setEgressExceptions(admin, { exceptions: [{ cidr: '203.0.113.0/24' }] });
    const before = { setting: await getEgressExceptions(), audits: await db().auditEvent.count() };
    const bad: unknown[] = [
      { exceptions: [{ cidr: '10.0.0.5/8' }] },
      { exceptions: [{ cidr: '10.0.0.0/33' }] },
      { exceptions: [{ cidr: '10.0.0.0/8', ports: [0] }] },
      { exceptions: [{ cidr: '10.0.0.0/8', ports: ['90-80'] }] },
      { exceptions: [{ cidr: '10.0.0.0/8', protocol: 'icmp' }] },
      { exceptions: [{ cidr: '10.0.0.0/8; iptables -F' }] },
      { exceptions: [{ cidr: '10.0.0.0/8', note: 'a\nb' }] },
      { exceptions: [{ cidr: '10.0.0.0/8', extra: 1 }] },
      { exceptions: 'all' },
      {},
    ];
    for (const input of bad) {
      const err = await setEgressExceptions(admin, input).catch((e: unknown) => e);
      expect(err, JSON.stringify(input)).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('validation_failed');
    }
    expect(() => parseEgressLines('203.0.113.0/24\n10.1.2.3/8 tcp 80')).toThrow(/Line 2: 10\.1\.2\.3\/8 has bits set beyond its prefix: did you mean 10\.0\.0\.0\/8\?/);
    expect({ setting: await getEgressExceptions(), audits: await db().auditEvent.count() }).toEqual(before);
    await setEgressExceptions(admin, { exceptions: [] });
  });

  it('applying is idempotent and safe from several consoles at once: one jump, one copy of the chain', async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => applyEgressPolicy(egressPolicy([]))));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(jumps()).toHaveLength(1);
    const rules = execFileSync('iptables', ['-S', EGRESS_CHAIN]).toString().split('\n').filter((l) => l.startsWith('-A'));
    expect(rules).toHaveLength(results[0]!.rules);
    console.log(`[egress] re-apply: ${results.map((r) => `${r.ms} ms`).join(', ')} (4 at once, ${results[0]!.rules} rules)`);
  });
});
