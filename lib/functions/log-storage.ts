// What a tenant's functions' console output takes in the database, against its limit (Quota.maxFnLogMib, else
// OVERCAST_FN_LOG_MIB_PER_TENANT). The recorder admits lines under a row lock on the tenant's counter, inside its
// flush: once the tenant is full, new lines are dropped (one marker line when it becomes full, then a count) and the
// function goes on working. Retention and deletes give room back; the retention job recounts exactly.
import 'server-only';
import { db, Prisma } from '@/lib/db/client';
import { env } from '@/lib/env';
import type { FnLogLine } from './types';

/** What a stored line costs besides its text (row header, columns, index entries), so that tiny lines count too. */
export const LINE_OVERHEAD_BYTES = 64;

export const MIB = 1024 * 1024;

export function lineCost(text: string): number {
  return Buffer.byteLength(text) + LINE_OVERHEAD_BYTES;
}

export type AdmittableLine = { tenantId: string; functionId: string; versionId: string; line: FnLogLine };

/**
 * The lines that fit in their tenants' log storage, with the counters moved on (call inside the transaction that
 * inserts them). Lines beyond a tenant's room are dropped; the first drop after the tenant had room adds one marker.
 */
export async function admitLogs<T extends AdmittableLine>(tx: Prisma.TransactionClient, lines: T[], marker: (first: T, text: string) => T): Promise<T[]> {
  if (!lines.length) return lines;
  const tenants = [...new Set(lines.map((l) => l.tenantId))].sort();
  await tx.$executeRaw`
    INSERT INTO "FunctionLogUsage" ("tenantId", bytes, dropped, "updatedAt")
    SELECT t, 0, 0, now() FROM unnest(${tenants}::text[]) AS t
    ON CONFLICT ("tenantId") DO NOTHING`;
  // Locked in a fixed order (two consoles flushing the same tenants never deadlock).
  const rows = await tx.$queryRaw<{ tenantId: string; bytes: bigint; dropped: bigint; maxFnLogMib: number | null }[]>`
    SELECT u."tenantId", u.bytes, u.dropped, q."maxFnLogMib"
    FROM "FunctionLogUsage" u LEFT JOIN "Quota" q ON q."tenantId" = u."tenantId"
    WHERE u."tenantId" = ANY(${tenants}::text[])
    ORDER BY u."tenantId"
    FOR UPDATE OF u`;
  const room = new Map<string, { left: number; wasFull: boolean; added: number; dropped: number; firstDropped?: T; limitMib: number }>();
  for (const r of rows) {
    const limitMib = r.maxFnLogMib ?? env().OVERCAST_FN_LOG_MIB_PER_TENANT;
    room.set(r.tenantId, { left: limitMib * MIB - Number(r.bytes), wasFull: r.dropped > BigInt(0), added: 0, dropped: 0, limitMib });
  }
  const out: T[] = [];
  for (const l of lines) {
    const t = room.get(l.tenantId)!;
    const cost = lineCost(l.line.text);
    // Once one line of a tenant is dropped in this batch, the later ones are too (no gaps in what is kept).
    if (t.dropped || cost > t.left) {
      t.dropped++;
      t.firstDropped ??= l;
      continue;
    }
    t.left -= cost;
    t.added += cost;
    out.push(l);
  }
  for (const t of room.values()) {
    if (!t.dropped || t.wasFull) continue;
    const m = marker(t.firstDropped!, `[overcast] The organisation's function log storage (${t.limitMib} MiB) is full: new console output is dropped until retention or deleted functions make room.`);
    t.added += lineCost(m.line.text);
    out.push(m);
  }
  const ids = [...room.keys()];
  await tx.$executeRaw`
    UPDATE "FunctionLogUsage" u SET bytes = u.bytes + a.added, dropped = u.dropped + a.dropped, "updatedAt" = now()
    FROM unnest(${ids}::text[], ${ids.map((id) => room.get(id)!.added)}::int8[], ${ids.map((id) => room.get(id)!.dropped)}::int8[]) AS a(id, added, dropped)
    WHERE u."tenantId" = a.id`;
  return out;
}

/** Lowers a tenant's counter by what was just deleted (never below zero). */
export async function giveBack(client: Prisma.TransactionClient | ReturnType<typeof db>, tenantId: string, bytes: number): Promise<void> {
  if (bytes <= 0) return;
  await client.$executeRaw`UPDATE "FunctionLogUsage" SET bytes = GREATEST(0, bytes - ${bytes}::int8), "updatedAt" = now() WHERE "tenantId" = ${tenantId}`;
}

/**
 * Sets every tenant's counter to what its lines really take, and clears the drop count of tenants with room again.
 * The counters are locked first, so a flush in progress finishes before the count and one that starts waits.
 */
export async function recountLogUsage(): Promise<void> {
  await db().$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT "tenantId" FROM "FunctionLogUsage" ORDER BY "tenantId" FOR UPDATE`;
      await tx.$executeRaw`
        WITH counted AS (
          SELECT "tenantId", sum(octet_length(text) + ${LINE_OVERHEAD_BYTES}::int8)::int8 AS bytes FROM "FunctionLog" GROUP BY "tenantId"
        ), every AS (
          SELECT u."tenantId", COALESCE(c.bytes, 0) AS bytes FROM "FunctionLogUsage" u LEFT JOIN counted c USING ("tenantId")
          UNION SELECT c."tenantId", c.bytes FROM counted c
        )
        INSERT INTO "FunctionLogUsage" ("tenantId", bytes, dropped, "updatedAt")
        SELECT "tenantId", bytes, 0, now() FROM every
        ON CONFLICT ("tenantId") DO UPDATE SET bytes = EXCLUDED.bytes, "updatedAt" = now(),
          dropped = CASE WHEN EXCLUDED.bytes < COALESCE((SELECT q."maxFnLogMib" FROM "Quota" q WHERE q."tenantId" = EXCLUDED."tenantId"), ${env().OVERCAST_FN_LOG_MIB_PER_TENANT}::int8) * ${MIB}::int8
            THEN 0 ELSE "FunctionLogUsage".dropped END`;
    },
    { maxWait: 10_000, timeout: 120_000 },
  );
}

export type LogStorage = { bytes: number; limitBytes: number; dropped: number };

/** A tenant's log storage: used, limit, and lines dropped since it was last full. */
export async function tenantLogStorage(tenantId: string): Promise<LogStorage> {
  const [u, q] = await Promise.all([
    db().functionLogUsage.findUnique({ where: { tenantId } }),
    db().quota.findUnique({ where: { tenantId }, select: { maxFnLogMib: true } }),
  ]);
  return { bytes: Number(u?.bytes ?? 0), limitBytes: (q?.maxFnLogMib ?? env().OVERCAST_FN_LOG_MIB_PER_TENANT) * MIB, dropped: Number(u?.dropped ?? 0) };
}
