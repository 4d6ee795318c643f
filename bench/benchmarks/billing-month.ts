// The month's bill of a large tenant: 10,000 instances and 1,000,000 hourly usage records (with their daily sums,
// as the meter writes them), priced by lib/billing/bill.ts on a fresh embedded database. Goal: ≤ 500 ms.
import { openEmbeddedDatabase } from '@/lib/db/embedded';
import { migrate } from '@/lib/db/migrate';
import { standaloneClient } from '@/lib/db/standalone';
import { seedContainerCatalog } from '@/lib/providers/docker/seed';
import { seedPriceCatalogs } from '@/lib/billing/seed';
import { rollUpDays } from '@/lib/billing/meter';
import { computeBill } from '@/lib/billing/bill';
import type { BenchContext, Benchmark } from '../lib/types';

const INSTANCES = 10_000;
const RECORDS = 1_000_000;
const MONTH = '2026-10';

export const benchmark: Benchmark = {
  name: 'billing.month',
  description: `bill of a month with ${INSTANCES.toLocaleString('en-US')} instances and ${RECORDS.toLocaleString('en-US')} usage records (embedded database)`,
  goal: { kind: 'time', maxMs: 500 },
  iterations: 7,
  warmup: 1,
  async run(ctx: BenchContext) {
    const database = await openEmbeddedDatabase();
    ctx.defer('billing.month database', () => database.close());
    await migrate(database.url);
    const client = standaloneClient(database.url);
    ctx.defer('billing.month client', () => client.$disconnect());
    await seedContainerCatalog(client);
    await seedPriceCatalogs(client);
    const tenant = await client.tenant.create({ data: { name: 'Large', slug: 'large', quota: { create: {} } } });
    const t0 = performance.now();
    await client.$executeRawUnsafe(`
      INSERT INTO "Instance" (id, "tenantId", name, kind, provider, "flavorId", "imageId", spec, "desiredState", status, "updatedAt")
      SELECT 'bench-' || g, '${tenant.id}', 'inst-' || g, 'container', 'docker', 'docker-small', 'docker-static-web', '{}'::jsonb, 'running', 'running', now()
      FROM generate_series(1, ${INSTANCES}) g`);
    // Each instance runs 100 consecutive hours, starting at a different hour of the month per instance (so the
    // month's days are all used, as by a tenant whose instances come and go).
    await client.$executeRawUnsafe(`
      INSERT INTO "UsageRecord" (id, "tenantId", "instanceId", provider, meter, flavor, "cpuMillis", "memoryMib", quantity, "hourStart", "updatedAt")
      SELECT 'u' || g, '${tenant.id}', 'bench-' || (g % ${INSTANCES} + 1), 'docker', 'runtime_seconds', 'c1.small', 500, 256, 3600,
             timestamp '${MONTH}-01' + (((g % ${INSTANCES}) % 644 + g / ${INSTANCES}) || ' hours')::interval, now()
      FROM generate_series(0, ${RECORDS - 1}) g`);
    await rollUpDays(client, { tenantId: tenant.id, from: new Date(`${MONTH}-01T00:00:00Z`), to: new Date('2026-11-01T00:00:00Z') });
    ctx.log(`seeded ${INSTANCES} instances, ${RECORDS} records and their daily sums in ${Math.round(performance.now() - t0)} ms`);

    const samples: number[] = [];
    let lines = 0;
    let total = 0;
    for (let i = 0; i < ctx.warmup + ctx.iterations; i++) {
      const s = performance.now();
      const bill = await computeBill(client, tenant.id, MONTH);
      const ms = performance.now() - s;
      if (i >= ctx.warmup) samples.push(ms);
      lines = bill.lines.length;
      total = bill.totalMinor;
    }
    return {
      samples,
      notes: ['computeBill: the month\'s lines, total and cost by day, on the embedded PGlite (the default database)', `${lines} lines, total ${total} minor units`],
      extra: { lines, totalMinor: total },
    };
  },
};
