// Which app host goes to which upstream port, read from the database: every live instance claims a host per port of
// its spec (names.ts decides who gets a contested one), and a running instance's claims become routes to the ports
// its engine published on the apps address. Only that address, and never the console's own ports on it.
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { assignLabels, askersOf, wantedLabel, type HostClaim } from './names';
import type { IngressSettings } from './settings';

type Endpoint = { port: number; hostIp: string; hostPort: number };

/** A host and where it goes: a published port, or nowhere (null: the app is not running; nginx answers 404). */
export type RouteTarget = { host: string; upstreamPort: number | null; instanceId: string; tenantId: string };

const CLAIM_SELECT = { id: true, createdAt: true, name: true, tenantId: true, spec: true, status: true, endpoints: true, tenant: { select: { slug: true } } } as const;

type ClaimRow = { id: string; createdAt: Date; name: string; spec: unknown; tenant: { slug: string } };

export function portsOf(spec: unknown): number[] {
  const ports = (spec as { ports?: { port: number }[] } | null)?.ports ?? [];
  return ports.map((p) => p.port).filter((p) => Number.isInteger(p));
}

function claimOf(r: ClaimRow): HostClaim {
  return { instanceId: r.id, createdAt: r.createdAt, name: r.name, tenantSlug: r.tenant.slug, ports: portsOf(r.spec) };
}

/** Instances that hold hosts: not deleted, of an organisation not being deleted. */
const LIVE = { deletedAt: null, status: { not: 'deleted' as const }, tenant: { deletingAt: null } };

/** Every host of a live instance: routed to its published port while it runs, else answered 404 by nginx. */
export async function ingressRoutes(db: PrismaClient, s: IngressSettings): Promise<RouteTarget[]> {
  const rows = await db.instance.findMany({ where: LIVE, select: CLAIM_SELECT, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  const labels = assignLabels(rows.map(claimOf).filter((c) => c.ports.length));
  const routes: RouteTarget[] = [];
  for (const r of rows) {
    const mine = labels.get(r.id);
    if (!mine) continue;
    const published = new Map<number, number>();
    for (const e of (r.status === 'running' ? (r.endpoints ?? []) : []) as Endpoint[]) {
      if (e.hostIp === s.upstreamHost && !s.reservedPorts.includes(e.hostPort)) published.set(e.port, e.hostPort);
    }
    for (const [port, label] of mine) routes.push({ host: `${label}.${s.domain}`, upstreamPort: published.get(port) ?? null, instanceId: r.id, tenantId: r.tenantId });
  }
  return routes;
}

/**
 * The https host of each port of these instances (all of one tenant), as the ingress assigns them: compared with
 * every live instance that asks for one of the same hosts. Instance id → container port → host name.
 */
export async function hostsOf(db: PrismaClient, s: IngressSettings, tenantSlug: string, instances: { id: string; createdAt: Date; name: string; spec: unknown }[]): Promise<Map<string, Map<number, string>>> {
  const mine = instances.map((i) => claimOf({ ...i, tenant: { slug: tenantSlug } })).filter((c) => c.ports.length);
  if (!mine.length) return new Map();
  const askers = new Map<string, { name: string; tenantSlug: string }>();
  for (const c of mine) {
    c.ports.forEach((p, i) => {
      const want = wantedLabel(c.name, c.tenantSlug, p, i);
      if (want) for (const a of askersOf(want)) askers.set(`${a.name}\0${a.tenantSlug}`, a);
    });
  }
  const others = askers.size
    ? await db.instance.findMany({
        where: { ...LIVE, id: { notIn: mine.map((c) => c.instanceId) }, OR: [...askers.values()].map((a) => ({ name: a.name, tenant: { slug: a.tenantSlug } })) },
        select: CLAIM_SELECT,
      })
    : [];
  const all = assignLabels([...mine, ...others.map(claimOf)]);
  const out = new Map<string, Map<number, string>>();
  for (const c of mine) {
    const hosts = new Map<number, string>();
    for (const [port, label] of all.get(c.instanceId) ?? []) hosts.set(port, `${label}.${s.domain}`);
    out.set(c.instanceId, hosts);
  }
  return out;
}
