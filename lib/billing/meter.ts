// Metering: turns instances' status events into hourly usage records. Each pass continues from where the last one
// stopped (Instance.meteredUntil) and writes, in one transaction, the records of the hours it covered (keyed by
// instance, meter and hour, so writing an hour again replaces it) and the new meteredUntil. A crash before the
// commit leaves both as they were; replaying everything (meteredUntil reset) writes the same records.
import { Prisma, type PrismaClient } from '@/lib/generated/prisma/client';
import type { InstanceStatus } from '@/lib/generated/prisma/enums';
import { ceilDay, floorDay, floorHour, hourlyUsage, type StatusPoint } from './timeline';
import { meterVolumes } from './meter-volumes';
import { meterRegistry } from './meter-registry';

export const METERS = { runtime: 'runtime_seconds', disk: 'disk_gib_seconds', requests: 'requests', gbSeconds: 'gb_seconds' } as const;

/** The kind of a usage record without an instance (SQL over `u`, a UsageRecord): the chart's and the lines' kind. */
export const USAGE_KIND = Prisma.sql`CASE u.provider WHEN 'volumes' THEN 'volume' WHEN 'registry' THEN 'registry' ELSE 'function' END`;

export function usageRecordId(instanceId: string, meter: string, hourStart: Date): string {
  return `${instanceId}:${meter}:${hourStart.toISOString()}`;
}

/** Meters every instance that has unmetered time (optionally only one tenant's). Returns how many it metered. */
export async function meterPass(client: PrismaClient, opts: { now?: Date; tenantId?: string; batch?: number } = {}): Promise<number> {
  const now = opts.now ?? new Date();
  await skipIdle(client, now, opts.tenantId ?? null);
  await meterIdleDisks(client, now, opts.tenantId ?? null);
  const due = await client.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Instance"
    WHERE (${opts.tenantId ?? null}::text IS NULL OR "tenantId" = ${opts.tenantId ?? null})
      AND ("meteredUntil" IS NULL OR ("deletedAt" IS NULL AND "meteredUntil" < ${now}) OR "meteredUntil" < "deletedAt")
    ORDER BY "meteredUntil" ASC NULLS FIRST
    LIMIT ${opts.batch ?? 500}`;
  for (const { id } of due) await meterInstance(client, id, now);
  // Volumes exist apart from instances and are metered on their own (meter-volumes.ts).
  await meterVolumes(client, { now, tenantId: opts.tenantId });
  // Registry storage too, up to now at the level last measured (meter-registry.ts).
  await meterRegistry(client, { now, tenantId: opts.tenantId });
  if (due.length < (opts.batch ?? 500)) meteredTo.set(opts.tenantId ?? ALL, now.getTime());
  return due.length;
}

/** The `now` of this process's last complete pass, per tenant (ALL: a pass over every tenant). */
const meteredTo = new Map<string, number>();
const ALL = '*';

/**
 * Meters the tenant unless a complete pass (the billing loop's, once a minute, or an earlier view's) covered it less
 * than `maxAgeMs` before `now`. For summaries (the dashboard's cost so far) that may be that much behind: a tenant
 * with 10,000 instances costs a pass ~1 s of database time, too much for every page view.
 */
export async function meterIfStale(client: PrismaClient, tenantId: string, now: Date, maxAgeMs: number): Promise<void> {
  const last = Math.max(meteredTo.get(tenantId) ?? -Infinity, meteredTo.get(ALL) ?? -Infinity);
  if (last <= now.getTime() && now.getTime() - last < maxAgeMs) return;
  await meterPass(client, { now, tenantId });
}

/**
 * Moves `meteredUntil` to `now` in one statement for live instances with nothing to meter since then: not running,
 * no disk of their own, and no status change since the start of the hour they were metered to. Metering one of
 * them would recompute that stretch from an unchanged, not-running status and write nothing; done one transaction
 * at a time it cost a tenant with 10,000 stopped containers ~50,000 queries a minute (and every dashboard view).
 */
async function skipIdle(client: PrismaClient, now: Date, tenantId: string | null): Promise<void> {
  await client.$executeRaw`
    UPDATE "Instance" i SET "meteredUntil" = ${now}
    WHERE (${tenantId}::text IS NULL OR i."tenantId" = ${tenantId})
      AND i."deletedAt" IS NULL AND i."meteredUntil" IS NOT NULL AND i."meteredUntil" < ${now}
      AND i.status <> 'running' AND i."diskGib" = 0
      AND NOT EXISTS (SELECT 1 FROM "InstanceEvent" e WHERE e."instanceId" = i.id AND e."createdAt" >= date_trunc('hour', i."meteredUntil"))`;
}

/**
 * Meters, in one transaction of three statements, live instances whose only usage since they were metered is their
 * disk: not running, a disk of their own, no status change since the start of the hour they were metered to, and a
 * last status that leaves the disk in place (what meterInstance would find: no running time, the disk all along).
 * Their hours from that hour's start to `now` are written as meterInstance writes them (same ids, quantities
 * recomputed from the hour's start, so writing again replaces), their days rolled up, and `meteredUntil` moved to
 * `now`. One at a time, a tenant with 3,000 stopped VMs cost ~25 s a pass (and every dashboard view).
 * Rows another metering pass holds are skipped: that one meters them.
 */
async function meterIdleDisks(client: PrismaClient, now: Date, tenantId: string | null): Promise<void> {
  await client.$transaction(async (tx) => {
    const metered = await tx.$queryRaw<{ id: string; from: Date }[]>`
      WITH due AS (
        SELECT i.id, date_trunc('hour', i."meteredUntil") AS "from"
        FROM "Instance" i
        WHERE (${tenantId}::text IS NULL OR i."tenantId" = ${tenantId})
          AND i."deletedAt" IS NULL AND i."meteredUntil" IS NOT NULL AND i."meteredUntil" < ${now}
          AND i.status <> 'running' AND i."diskGib" > 0
          AND NOT EXISTS (SELECT 1 FROM "InstanceEvent" e WHERE e."instanceId" = i.id AND e."createdAt" >= date_trunc('hour', i."meteredUntil"))
          AND (SELECT e."toStatus" FROM "InstanceEvent" e WHERE e."instanceId" = i.id AND e."toStatus" IS NOT NULL
               ORDER BY e."createdAt" DESC, e.id DESC LIMIT 1) NOT IN ('running', 'pending', 'deleted')
        FOR UPDATE OF i SKIP LOCKED),
      usage AS (
        INSERT INTO "UsageRecord" (id, "tenantId", "instanceId", provider, meter, flavor, "cpuMillis", "memoryMib", quantity, "hourStart", "updatedAt")
        SELECT i.id || ':' || ${METERS.disk} || ':' || to_char(h.h, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), i."tenantId", i.id, i.provider, ${METERS.disk},
               f.name, f."cpuMillis", f."memoryMib",
               round(extract(epoch FROM (LEAST(h.h + interval '1 hour', ${now}::timestamp) - h.h))::numeric * i."diskGib", 3), h.h, now()
        FROM due JOIN "Instance" i ON i.id = due.id JOIN "Flavor" f ON f.id = i."flavorId",
             generate_series(due."from", ${now}::timestamp, interval '1 hour') AS h(h)
        WHERE h.h < ${now}::timestamp
        ON CONFLICT (id) DO UPDATE SET quantity = EXCLUDED.quantity, "updatedAt" = EXCLUDED."updatedAt")
      UPDATE "Instance" i SET "meteredUntil" = ${now} FROM due WHERE i.id = due.id
      RETURNING i.id, due."from"`;
    if (!metered.length) return;
    const from = new Date(Math.min(...metered.map((m) => m.from.getTime())));
    await rollUpDays(tx, { instanceIds: metered.map((m) => m.id), from, to: now });
  });
}

export async function meterInstance(client: PrismaClient, instanceId: string, now: Date = new Date()): Promise<void> {
  await client.$transaction(async (tx) => {
    // Locks the row: two console processes metering one instance take turns, the second finds nothing left.
    const rows = await tx.$queryRaw<{ meteredUntil: Date | null; deletedAt: Date | null; createdAt: Date }[]>`
      SELECT "meteredUntil", "deletedAt", "createdAt" FROM "Instance" WHERE id = ${instanceId} FOR UPDATE`;
    const row = rows[0];
    if (!row) return;
    const inst = await tx.instance.findUniqueOrThrow({ where: { id: instanceId }, include: { flavor: true } });
    const until = row.deletedAt && row.deletedAt < now ? row.deletedAt : now;
    // Whole hours are recomputed from their start, so an hour metered halfway is completed, not added to.
    const from = floorHour(row.meteredUntil ?? row.createdAt);
    if (row.meteredUntil && row.meteredUntil >= until) return;

    const before = await tx.instanceEvent.findFirst({
      where: { instanceId, toStatus: { not: null }, createdAt: { lt: from } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: { toStatus: true },
    });
    const points: StatusPoint[] = (
      await tx.instanceEvent.findMany({
        where: { instanceId, toStatus: { not: null }, createdAt: { gte: from, lte: until } },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        select: { createdAt: true, toStatus: true },
      })
    ).map((e) => ({ at: e.createdAt, status: e.toStatus as InstanceStatus }));
    const initialStatus = (before?.toStatus ?? null) as InstanceStatus | null;
    const diskExists = initialStatus !== null && initialStatus !== 'pending' && initialStatus !== 'deleted';
    const hours = hourlyUsage(points, from, until, { status: initialStatus, diskExists });

    const records: Prisma.Sql[] = [];
    const base = { tenantId: inst.tenantId, provider: inst.provider, flavor: inst.flavor.name, cpu: inst.flavor.cpuMillis, mem: inst.flavor.memoryMib };
    for (const h of hours) {
      if (h.runningMs > 0) records.push(record(instanceId, METERS.runtime, h.hourStart, seconds(h.runningMs), base));
      if (h.diskMs > 0 && inst.diskGib > 0) records.push(record(instanceId, METERS.disk, h.hourStart, seconds(h.diskMs * inst.diskGib), base));
    }
    for (let i = 0; i < records.length; i += 500) {
      await tx.$executeRaw`
        INSERT INTO "UsageRecord" (id, "tenantId", "instanceId", provider, meter, flavor, "cpuMillis", "memoryMib", quantity, "hourStart", "updatedAt")
        VALUES ${Prisma.join(records.slice(i, i + 500))}
        ON CONFLICT (id) DO UPDATE SET quantity = EXCLUDED.quantity, "updatedAt" = EXCLUDED."updatedAt"`;
    }
    if (hours.length) await rollUpDays(tx, { instanceId, from, to: until });
    await tx.instance.update({ where: { id: instanceId }, data: { meteredUntil: until } });
  });
}

/**
 * Rewrites the daily sums (UsageDaily) of the UTC days touching [from, to) from the hourly records, for one
 * instance, some instances, one function or one tenant. Idempotent: a day's row is always the sum of that day's hours. A function's
 * rows (instanceId null) are keyed by the function.
 */
export async function rollUpDays(
  client: Prisma.TransactionClient | PrismaClient,
  scope: { instanceId?: string; instanceIds?: string[]; functionId?: string; tenantId?: string; from: Date; to: Date },
): Promise<void> {
  const dayFrom = floorDay(scope.from);
  const dayTo = ceilDay(scope.to);
  await client.$executeRaw`
    INSERT INTO "UsageDaily" (id, "tenantId", "instanceId", "functionId", kind, provider, meter, flavor, "cpuMillis", "memoryMib", day, quantity)
    SELECT COALESCE(u."instanceId", 'fn:' || u."functionId", CASE WHEN u.provider = 'registry' THEN 'reg:' || u."tenantId" ELSE 'vol' END) || ':' || u.meter || ':' || u.flavor || ':' || to_char(date_trunc('day', u."hourStart"), 'YYYY-MM-DD'),
           u."tenantId", u."instanceId", u."functionId", COALESCE(i.kind::text, ${USAGE_KIND}), u.provider, u.meter, u.flavor, u."cpuMillis", u."memoryMib",
           date_trunc('day', u."hourStart"), SUM(u.quantity)
    FROM "UsageRecord" u LEFT JOIN "Instance" i ON i.id = u."instanceId"
    WHERE (${scope.instanceId ?? null}::text IS NULL OR u."instanceId" = ${scope.instanceId ?? null})
      AND (${scope.instanceIds ?? null}::text[] IS NULL OR u."instanceId" = ANY(${scope.instanceIds ?? null}::text[]))
      AND (${scope.functionId ?? null}::text IS NULL OR u."functionId" = ${scope.functionId ?? null})
      AND (${scope.tenantId ?? null}::text IS NULL OR u."tenantId" = ${scope.tenantId ?? null})
      AND u."hourStart" >= ${dayFrom} AND u."hourStart" < ${dayTo}
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
    ON CONFLICT (id) DO UPDATE SET quantity = EXCLUDED.quantity`;
}

/** Milliseconds as an exact decimal string of seconds. */
function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function record(instanceId: string, meter: string, hourStart: Date, quantity: string, b: { tenantId: string; provider: string; flavor: string; cpu: number; mem: number }): Prisma.Sql {
  return Prisma.sql`(${usageRecordId(instanceId, meter, hourStart)}, ${b.tenantId}, ${instanceId}, ${b.provider}, ${meter}, ${b.flavor}, ${b.cpu}, ${b.mem}, ${quantity}::numeric, ${hourStart}, now())`;
}
