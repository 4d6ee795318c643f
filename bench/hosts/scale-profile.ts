// Where the time goes for an organisation with 10,000 instances (the scale benchmarks' tenant), piece by piece and
// without HTTP: each query the instance list, the instances page and the dashboard make, the reconciler's resync and
// idle tick, and the billing loop's pass, each timed alone (median and p95 of a few runs) with the SQL statements
// it sent and their database time. A tool for a person, not a benchmark (no goal): run it on the embedded database
//   node --conditions react-server --import tsx bench/hosts/scale-profile.ts
// or on a throw-away PostgreSQL database (migrated here):
//   node --conditions react-server --import tsx bench/hosts/scale-profile.ts postgres://…
// Add `--sql` to print every statement with its time, `--only=WORD` to run only the steps whose label starts with it
// (e.g. --only=reconciler, --only=dashboard, --only=list).
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { randomBytes } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const args = process.argv.slice(2);
const showSql = args.includes('--sql');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
let url = args.find((a) => a.startsWith('postgres'));
let stopDatabase = () => {};
if (!url) {
  // The embedded database in a process of its own, as the console runs it (scripts/serve.ts).
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/lib/database-host.ts'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  url = await new Promise<string>((resolve) => readline.createInterface({ input: child.stdout! }).once('line', resolve));
  stopDatabase = () => child.stdin!.end();
} else {
  const { migrate } = await import('../../lib/db/migrate');
  await migrate(url);
}
process.env.DATABASE_URL = url;
process.env.OVERCAST_CONSOLE_ID ??= `scale-profile-${process.pid}`;

const { PrismaClient } = await import('../../lib/generated/prisma/client');
const { EMBEDDED_POOL_SIZE, isEmbeddedUrl } = await import('../../lib/db/embedded-url');
// The process's one client (lib/db/client.ts), made here with query events so that each step's statements are seen.
const client = new PrismaClient({
  adapter: new PrismaPg({ connectionString: url, max: isEmbeddedUrl(url) ? EMBEDDED_POOL_SIZE : 10 }),
  log: [{ emit: 'event', level: 'query' }],
});
(globalThis as unknown as { overcastPrisma?: unknown }).overcastPrisma = client;
let statements: { sql: string; ms: number }[] = [];
client.$on('query', (e) => statements.push({ sql: e.query, ms: e.duration }));

const { seedContainerCatalog } = await import('../../lib/providers/docker/seed');
const { seedVmCatalog } = await import('../../lib/providers/qemu/seed');
const { seedPriceCatalogs } = await import('../../lib/billing/seed');
const { seedScaleInstances, SCALE_INSTANCES } = await import('../benchmarks/scale-instance-list');
const { listInstances } = await import('../../lib/instances/queries');
const { catalogsFor } = await import('../../lib/instances/catalog');
const { tenantOverview } = await import('../../lib/tenants/queries');
const { usageOf } = await import('../../lib/instances/usage');
const { functionUsage } = await import('../../lib/functions/queries');
const { gettingStarted } = await import('../../lib/tenants/getting-started');
const { tenantMonthSummary } = await import('../../lib/billing/service');
const { quotaItems } = await import('../../lib/tenants/quota-view');
const { meterPass } = await import('../../lib/billing/meter');
const { Reconciler } = await import('../../lib/reconciler/reconciler');

await seedContainerCatalog(client);
await seedVmCatalog(client);
await seedPriceCatalogs(client);
const slug = `profile-${randomBytes(3).toString('hex')}`;
const user = await client.user.create({ data: { email: `${slug}@example.test`, name: 'Profile', passwordHash: 'x' } });
const tenant = await client.tenant.create({ data: { name: slug, slug, quota: { create: {} } } });
await client.membership.create({ data: { tenantId: tenant.id, userId: user.id, role: 'owner' } });
let t0 = performance.now();
await seedScaleInstances(client, tenant.id, slug);
console.log(`seeded ${SCALE_INSTANCES} instances in ${Math.round(performance.now() - t0)} ms on ${isEmbeddedUrl(url) ? 'the embedded database' : 'PostgreSQL'}`);
await client.$executeRawUnsafe('ANALYZE');
const ctx = {
  user: { id: user.id, email: user.email, name: user.name, isPlatformAdmin: false },
  tenant: { id: tenant.id, slug, name: tenant.name, status: tenant.status },
  principal: { userId: user.id, isPlatformAdmin: false, role: 'owner' as const },
};

const quantile = (v: number[], q: number) => [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor(q * v.length))]!;
async function time(label: string, fn: () => Promise<unknown>, runs = 7): Promise<void> {
  if (only && !label.startsWith(only)) return;
  await fn(); // warm-up (plans, caches)
  const ms: number[] = [];
  let sql: { sql: string; ms: number }[] = [];
  for (let i = 0; i < runs; i++) {
    statements = [];
    t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
    sql = statements;
  }
  const dbMs = sql.reduce((s, q) => s + q.ms, 0);
  console.log(`${label.padEnd(44)} median ${quantile(ms, 0.5).toFixed(1).padStart(7)} ms  p95 ${quantile(ms, 0.95).toFixed(1).padStart(7)} ms  ${String(sql.length).padStart(5)} statements, ${dbMs.toFixed(0)} ms in them`);
  if (showSql) for (const q of [...sql].sort((a, b) => b.ms - a.ms).slice(0, 8)) console.log(`    ${String(q.ms).padStart(5)} ms  ${q.sql.replace(/\s+/g, ' ').slice(0, 220)}`);
}

const list = (q: Record<string, unknown>) => () => listInstances(ctx, q);
await time('list: first page', list({}));
await time('list: limit=200', list({ limit: '200' }));
const first = await listInstances(ctx, { limit: '1' });
await time('list: next page (cursor)', list({ cursor: first.nextCursor }));
await time('list: page 50, sort=name', list({ page: '50', pageSize: '20', sort: 'name' }));
await time('list: page 1, sort=-status', list({ page: '1', pageSize: '20', sort: '-status' }));
await time('list: kind=vm', list({ kind: 'vm' }));
await time('list: status=stopped&image=…', list({ status: 'stopped', image: 'docker-static-web' }));
await time('list: q=inst-99', list({ q: 'inst-99' }));
await time('instances page: list + catalogs', () => Promise.all([listInstances(ctx, { page: 1, pageSize: 20 }), catalogsFor(['container', 'vm'])]));
await time('dashboard: tenantOverview', () => tenantOverview(tenant.id));
await time('dashboard: usageOf', () => usageOf(ctx));
await time('dashboard: functionUsage', () => functionUsage(ctx));
await time('dashboard: gettingStarted', () => gettingStarted(ctx));
await time('dashboard: tenantMonthSummary (≤60 s stale)', () => tenantMonthSummary(ctx, 60_000));
await time('dashboard: quotaItems', () => quotaItems(tenant.id));
await time('billing loop: meterPass (all tenants)', () => meterPass(client), 3);
const r = new Reconciler(client, { owner: `profile-${process.pid}`, log: () => {} });
await time('reconciler: idle tick (due query)', () => r.tick());
await time('reconciler: resync + the pass it asks for', async () => {
  await r.resync();
  await r.tick();
}, 1);

await client.$disconnect();
stopDatabase();
process.exit(0);
