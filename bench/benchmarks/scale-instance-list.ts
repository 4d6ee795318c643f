// A large tenant: 10,000 instances (rows seeded straight into the throw-away console's database, as if created and
// stopped, each with the events a create and a stop leave), then the instance list API as a client pages and filters
// it. Goal: p95 ≤ 50 ms. The harness's goal is on the median of the samples, so each sample is one round's p95.
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { standaloneClient } from '@/lib/db/standalone';
import type { BenchConsole } from '../lib/console';
import { quantile as percentile, round, summarize } from '../lib/stats';
import type { BenchContext, Benchmark } from '../lib/types';

export const SCALE_INSTANCES = 10_000;
const REQUESTS_PER_ROUND = 40;

export type ScaleTenant = { slug: string; tenantId: string; client: PrismaClient; seedMs: number };
let seeded: Promise<ScaleTenant> | undefined;

/** The console's embedded database, as its own processes reach it (a Unix socket in the data directory). */
function databaseUrl(c: BenchConsole): string {
  return `postgres://postgres@localhost/postgres?host=${encodeURIComponent(path.resolve(c.dataDir, 'db'))}`;
}

/**
 * An organisation of the bench user's with SCALE_INSTANCES stopped instances, made once per run (the scale
 * benchmarks share it) and removed when the run ends, so that no later benchmark works next to it.
 */
export function scaleTenant(ctx: BenchContext): Promise<ScaleTenant> {
  seeded ??= (async () => {
    const c = await ctx.console();
    const client = standaloneClient(databaseUrl(c));
    ctx.defer('scale tenant client', () => client.$disconnect());
    const owner = await client.membership.findFirstOrThrow({ where: { tenantId: c.tenantId }, select: { userId: true } });
    const slug = `scale-${randomBytes(3).toString('hex')}`;
    const tenant = await client.tenant.create({ data: { name: `Scale ${slug}`, slug, quota: { create: {} } } });
    await client.membership.create({ data: { tenantId: tenant.id, userId: owner.userId, role: 'owner' } });
    const t = tenant.id;
    ctx.defer('scale tenant rows', async () => {
      await client.$executeRawUnsafe(`DELETE FROM "InstanceEvent" WHERE "tenantId" = '${t}'`);
      await client.$executeRawUnsafe(`DELETE FROM "Instance" WHERE "tenantId" = '${t}'`);
    });
    const t0 = performance.now();
    await seedScaleInstances(client, t, slug);
    const seedMs = performance.now() - t0;
    ctx.log(`seeded organisation ${slug}: ${SCALE_INSTANCES} instances and ${SCALE_INSTANCES * 4} events in ${Math.round(seedMs)} ms`);
    return { slug, tenantId: t, client, seedMs };
  })();
  return seeded;
}

/**
 * Writes SCALE_INSTANCES stopped instances (and the events a create and a stop leave) for tenant `t`, straight into
 * the database (also used by bench/hosts/scale-profile.ts).
 */
export async function seedScaleInstances(client: PrismaClient, t: string, slug: string): Promise<void> {
  // Created over the last 28 days, a third of them VMs, stopped, metered up to now (as the console's billing loop
  // keeps them). They have no engine objects, which the reconciler would make (a stopped instance keeps its
  // container or disk): each row is leased to a process that does not exist, so the reconciler leaves them (and the
  // engines) alone; its resync reads them in its one query of the live rows and asks nothing of them.
  await client.$executeRawUnsafe(`
    INSERT INTO "Instance" (id, "tenantId", name, "liveName", kind, provider, "flavorId", "imageId", "diskGib", spec, "desiredState", status, "createdAt", "updatedAt", "observedGeneration", "meteredUntil", "leaseOwner", "leaseUntil")
    SELECT 'scale-${slug}-' || g, '${t}', 'inst-' || g, 'inst-' || g,
           (CASE WHEN g % 3 = 0 THEN 'vm' ELSE 'container' END)::"InstanceKind",
           CASE WHEN g % 3 = 0 THEN 'qemu' ELSE 'docker' END,
           CASE WHEN g % 3 = 0 THEN 'qemu-tiny' ELSE 'docker-small' END,
           CASE WHEN g % 3 = 0 THEN 'qemu-tiny' ELSE 'docker-static-web' END,
           CASE WHEN g % 3 = 0 THEN 1 ELSE 0 END,
           '{"ports":[{"port":8080,"protocol":"tcp"}],"env":[],"command":[]}'::jsonb, 'stopped', 'stopped',
           now() - (g || ' minutes')::interval * 4, now(), 1, now(), 'scale-bench-seed', now() + interval '1 day'
    FROM generate_series(1, ${SCALE_INSTANCES}) g`);
  await client.$executeRawUnsafe(`
    INSERT INTO "InstanceEvent" (id, "instanceId", "tenantId", type, "fromStatus", "toStatus", message, "createdAt")
    SELECT 'scale-ev-${slug}-' || g || '-' || e, 'scale-${slug}-' || g, '${t}',
           (ARRAY['requested','creating','running','stopped'])[e],
           NULL, (ARRAY['pending','creating','running','stopped'])[e]::"InstanceStatus", 'seeded',
           now() - (g || ' minutes')::interval * 4 + (e || ' seconds')::interval
    FROM generate_series(1, ${SCALE_INSTANCES}) g, generate_series(1, 4) e`);
}

/** The requests a client makes of a large list: first pages, the next page, sorted pages, filters, a search. */
function listPaths(slug: string, cursor: string | null): string[] {
  const base = `/api/v1/tenants/${slug}/instances`;
  return [
    base,
    `${base}?limit=200`,
    ...(cursor ? [`${base}?cursor=${encodeURIComponent(cursor)}`] : []),
    `${base}?page=50&pageSize=20&sort=name`,
    `${base}?page=1&pageSize=20&sort=-status`,
    `${base}?kind=vm`,
    `${base}?status=stopped&image=docker-static-web`,
    `${base}?q=inst-99`,
  ];
}

export const benchmark: Benchmark = {
  name: 'scale.instance-list',
  description: `GET /api/v1/tenants/{slug}/instances (pages, sorts, filters, search) for an organisation with ${SCALE_INSTANCES.toLocaleString('en-US')} instances: p95 per round`,
  goal: { kind: 'time', maxMs: 50 },
  iterations: 10,
  warmup: 1,
  async run(ctx) {
    const c = await ctx.console();
    const { slug, seedMs } = await scaleTenant(ctx);
    const first = await c.api.expect<{ nextCursor: string | null; total: number }>(200, 'GET', `/api/v1/tenants/${slug}/instances`);
    if (first.total !== SCALE_INSTANCES) throw new Error(`the list counts ${first.total} instances, not ${SCALE_INSTANCES}`);
    const paths = listPaths(slug, first.nextCursor);
    const samples: number[] = [];
    const all: number[] = [];
    const byPath = new Map<string, number[]>();
    for (let i = 0; i < ctx.warmup + ctx.iterations; i++) {
      const round: number[] = [];
      for (let k = 0; k < REQUESTS_PER_ROUND; k++) {
        const p = paths[k % paths.length]!;
        const t0 = performance.now();
        const r = await c.api.request('GET', p);
        const ms = performance.now() - t0;
        if (r.status !== 200) throw new Error(`GET ${p}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
        round.push(ms);
        if (i >= ctx.warmup) {
          all.push(ms);
          byPath.set(p, [...(byPath.get(p) ?? []), ms]);
        }
      }
      const p95 = percentile([...round].sort((a, b) => a - b), 0.95);
      ctx.log(`${i < ctx.warmup ? 'warm-up' : `${i - ctx.warmup + 1}/${ctx.iterations}`}: p95 ${p95.toFixed(1)} ms over ${round.length} requests`);
      if (i >= ctx.warmup) samples.push(p95);
    }
    const overall = summarize(all);
    const sorted = [...all].sort((a, b) => a - b);
    return {
      samples,
      notes: [
        `each sample is the p95 of one round of ${REQUESTS_PER_ROUND} sequential requests from the bench process (same machine, keep-alive off: fetch), cycling through: ${paths.map((p) => p.replace(/^\/api\/v1\/tenants\/[^/]+/, '…')).join(', ')}`,
        `all ${all.length} requests: median ${round(overall.median)} ms, p95 ${round(percentile(sorted, 0.95))} ms, p99 ${round(percentile(sorted, 0.99))} ms`,
        `per request: ${[...byPath].map(([p, v]) => `${p.replace(/^\/api\/v1\/tenants\/[^/]+\/instances/, '') || '(first page)'} p95 ${round(percentile([...v].sort((a, b) => a - b), 0.95))}`).join('; ')}`,
        `seeding (rows written to the embedded database directly) took ${Math.round(seedMs)} ms; the console's reconciler compares its engines' listings with the live rows every 30 s (one query), and its billing loop meters once a minute, so some requests overlap those`,
      ],
      extra: { instances: SCALE_INSTANCES, all: { ...overall, p95: round(percentile(sorted, 0.95)) } },
    };
  },
};
