// Retention of functions' invocations and console output: per function, lines older than
// OVERCAST_FN_LOG_RETENTION_DAYS or beyond OVERCAST_FN_LOG_MAX_MIB_PER_FUNCTION (the oldest go first), invocations
// older than OVERCAST_FN_INVOCATION_RETENTION_DAYS or beyond OVERCAST_FN_MAX_INVOCATIONS_PER_FUNCTION, and whatever a
// deleted function still has (a request that finished after the delete). A periodic job of every console process
// (every step is idempotent), deleting in small batches: the embedded database serves one statement at a time, and
// one huge delete would stall every user's request behind it. Billing never reads these rows (usage is metered into
// UsageRecord as invocations are recorded), so pruning them changes no bill.
import 'server-only';
import { db } from '@/lib/db/client';
import { env } from '@/lib/env';
import { giveBack, LINE_OVERHEAD_BYTES, MIB, recountLogUsage } from './log-storage';

const BATCH = 5_000;
const DAY_MS = 86_400_000;

export type RetentionReport = { logs: number; invocations: number };

/** A timestamp as the `timestamp(3)` columns hold it (UTC wall time, as Prisma writes a DateTime). */
function ts(d: Date): string {
  return d.toISOString().slice(0, -1);
}

/** Deletes up to BATCH rows per statement until `step` deletes fewer; returns how many in all. */
async function inBatches(step: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await step();
    total += n;
    if (n < BATCH) return total;
  }
}

/** The logs and invocations of one function, all of them (it was deleted); its tenant's log storage is given back. */
export async function purgeFunctionRecords(tenantId: string, functionId: string): Promise<RetentionReport> {
  let freed = 0;
  const logs = await inBatches(async () => {
    const rows = await db().$queryRaw<{ n: bigint; bytes: bigint | null }[]>`
      WITH d AS (
        DELETE FROM "FunctionLog" WHERE id IN (SELECT id FROM "FunctionLog" WHERE "functionId" = ${functionId} AND "tenantId" = ${tenantId} ORDER BY id LIMIT ${BATCH})
        RETURNING octet_length(text) AS b
      ) SELECT count(*)::int8 AS n, sum(b + ${LINE_OVERHEAD_BYTES}::int8)::int8 AS bytes FROM d`;
    freed += Number(rows[0]?.bytes ?? 0);
    return Number(rows[0]?.n ?? 0);
  });
  await giveBack(db(), tenantId, freed);
  const invocations = await inBatches(() =>
    db().$executeRaw`
      DELETE FROM "FunctionInvocation" WHERE id IN (SELECT id FROM "FunctionInvocation" WHERE "functionId" = ${functionId} AND "tenantId" = ${tenantId} LIMIT ${BATCH})`,
  );
  return { logs, invocations };
}

export type RetentionLimits = { logDays: number; invocationDays: number; logMibPerFunction: number; invocationsPerFunction: number };

export function retentionLimits(): RetentionLimits {
  const e = env();
  return {
    logDays: e.OVERCAST_FN_LOG_RETENTION_DAYS,
    invocationDays: e.OVERCAST_FN_INVOCATION_RETENTION_DAYS,
    logMibPerFunction: e.OVERCAST_FN_LOG_MAX_MIB_PER_FUNCTION,
    invocationsPerFunction: e.OVERCAST_FN_MAX_INVOCATIONS_PER_FUNCTION,
  };
}

/** One pass of retention over every function; then each tenant's log storage is recounted. */
export async function retentionPass(now = new Date(), limits: RetentionLimits = retentionLimits()): Promise<RetentionReport> {
  const client = db();
  let logs = 0;
  let invocations = 0;

  // Functions deleted lately: what was recorded after their delete.
  const deleted = await client.serverlessFunction.findMany({ where: { deletedAt: { gt: new Date(now.getTime() - DAY_MS) } }, select: { id: true, tenantId: true } });
  for (const f of deleted) {
    const r = await purgeFunctionRecords(f.tenantId, f.id);
    logs += r.logs;
    invocations += r.invocations;
  }

  // Age.
  const logCutoff = new Date(now.getTime() - limits.logDays * DAY_MS);
  logs += await inBatches(() => client.$executeRaw`DELETE FROM "FunctionLog" WHERE id IN (SELECT id FROM "FunctionLog" WHERE at < ${ts(logCutoff)}::timestamp(3) LIMIT ${BATCH})`);
  const invCutoff = new Date(now.getTime() - limits.invocationDays * DAY_MS);
  invocations += await inBatches(
    () => client.$executeRaw`DELETE FROM "FunctionInvocation" WHERE id IN (SELECT id FROM "FunctionInvocation" WHERE "startedAt" < ${ts(invCutoff)}::timestamp(3) LIMIT ${BATCH})`,
  );

  // Size of each function's console output: the newest lines up to the limit stay.
  const maxBytes = Math.floor(limits.logMibPerFunction * MIB);
  const over = await client.$queryRaw<{ functionId: string; cut: bigint }[]>`
    SELECT "functionId", max(id) AS cut FROM (
      SELECT "functionId", id, sum(octet_length(text) + ${LINE_OVERHEAD_BYTES}::int8) OVER (PARTITION BY "functionId" ORDER BY id DESC) AS kept
      FROM "FunctionLog"
    ) t WHERE kept > ${maxBytes}::int8 GROUP BY "functionId"`;
  for (const o of over) {
    logs += await inBatches(
      () => client.$executeRaw`DELETE FROM "FunctionLog" WHERE id IN (SELECT id FROM "FunctionLog" WHERE "functionId" = ${o.functionId} AND id <= ${o.cut} ORDER BY id LIMIT ${BATCH})`,
    );
  }

  // Number of each function's invocations: the newest ones stay.
  const max = limits.invocationsPerFunction;
  const many = await client.$queryRaw<{ functionId: string }[]>`
    SELECT "functionId" FROM "FunctionInvocation" GROUP BY "functionId" HAVING count(*) > ${max}`;
  for (const m of many) {
    const [edge] = await client.$queryRaw<{ startedAt: Date; id: string }[]>`
      SELECT "startedAt", id FROM "FunctionInvocation" WHERE "functionId" = ${m.functionId} ORDER BY "startedAt" DESC, id DESC OFFSET ${max} LIMIT 1`;
    if (!edge) continue;
    invocations += await inBatches(
      () => client.$executeRaw`
        DELETE FROM "FunctionInvocation" WHERE id IN (
          SELECT id FROM "FunctionInvocation" WHERE "functionId" = ${m.functionId} AND ("startedAt" < ${ts(edge.startedAt)}::timestamp(3) OR ("startedAt" = ${ts(edge.startedAt)}::timestamp(3) AND id <= ${edge.id})) LIMIT ${BATCH})`,
    );
  }

  await recountLogUsage();
  return { logs, invocations };
}

/** Runs retention every OVERCAST_FN_RETENTION_EVERY_SECONDS (first soon after start). Returns the stop. */
export function startFunctionRetention(): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const run = async () => {
    try {
      const r = await retentionPass();
      if (r.logs || r.invocations) console.log(`[functions] retention removed ${r.logs} log line(s) and ${r.invocations} invocation(s)`);
    } catch (err) {
      console.error(`[functions] retention pass failed: ${(err as Error).message}`);
    }
    if (!stopped) {
      timer = setTimeout(run, env().OVERCAST_FN_RETENTION_EVERY_SECONDS * 1000);
      timer.unref?.();
    }
  };
  timer = setTimeout(run, 30_000);
  timer.unref?.();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
