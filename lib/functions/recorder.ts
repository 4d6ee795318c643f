// Writes what the gateway observed — invocations, the functions' console output and their usage — in batches, so
// that no request waits for the database. One transaction per flush: invocation rows, log lines and the hourly
// usage increments (UsageRecord per function, meter and hour, deterministic ids) commit together or not at all,
// and a failed flush is retried as a whole (what a retry finds already written is not counted again). Kept on
// globalThis (one buffer per process, whichever bundle records).
import 'server-only';
import { db, Prisma } from '@/lib/db/client';
import { METERS, rollUpDays } from '@/lib/billing/meter';
import { floorHour } from '@/lib/billing/timeline';
import { admitLogs } from './log-storage';
import { recordSamples } from '@/lib/performance/samples';
import { functionSamples } from '@/lib/performance/function-samples';
import { publishChange } from '@/lib/live/changes';
import type { FnLogLine, InvocationOutcome, StartKind } from './types';

export const FUNCTIONS_PROVIDER = 'functions';
/**
 * At most a second late, in batches of up to 5,000: each flush costs the database a transaction and the daily
 * roll-up, so at a few thousand requests a second, batches of 500 every 250 ms cost it three times the CPU.
 */
const FLUSH_MS = 1_000;
const FLUSH_AT = 5_000;
/** Beyond this many unwritten rows (the database is down), the oldest are dropped and counted. */
const MAX_BUFFER = 50_000;

export type InvocationRecord = {
  id: string;
  tenantId: string;
  functionId: string;
  versionId: string;
  startedAt: Date;
  durationMs: number;
  start: StartKind;
  coldMs: number;
  status: number;
  outcome: InvocationOutcome;
  memoryMib: number;
  requestBytes: number;
  responseBytes: number;
  error: string | null;
  /** Whether the function ran (and is billed): not for requests refused before reaching a container. */
  billed: boolean;
  /** The part of durationMs that is billed (the run, not the cold start nor the queue). */
  billedMs: number;
};

type LogRecord = { tenantId: string; functionId: string; versionId: string; line: FnLogLine };

type State = {
  invocations: InvocationRecord[];
  logs: LogRecord[];
  timer: NodeJS.Timeout | undefined;
  flushing: Promise<void> | undefined;
  dropped: number;
  /** Failed flushes in a row, and when the next may start (a database that is down is not hammered). */
  failures: number;
  retryAt: number;
  listeners: Map<string, Set<() => void>>;
};

const KEY = Symbol.for('overcast.functions.recorder');

function state(): State {
  const g = globalThis as unknown as Record<symbol, State | undefined>;
  return (g[KEY] ??= { invocations: [], logs: [], timer: undefined, flushing: undefined, dropped: 0, failures: 0, retryAt: 0, listeners: new Map() });
}

/** Text PostgreSQL stores: it refuses NUL characters. */
function pgText(t: string): string {
  return t.includes('\0') ? t.replaceAll('\0', '') : t;
}

/**
 * Queues one invocation and its console output; written within FLUSH_MS. What the tenant's code shaped (its output,
 * its error text, the status it returned) is made storable here: one row the database refuses would hold back every
 * tenant's records.
 */
export function recordInvocation(inv: InvocationRecord, logs: FnLogLine[]): void {
  const s = state();
  s.invocations.push({
    ...inv,
    status: Number.isInteger(inv.status) && inv.status >= 0 && inv.status < 1000 ? inv.status : 0,
    error: inv.error === null ? null : pgText(String(inv.error)),
  });
  for (const line of logs) {
    const at = new Date(line.at);
    s.logs.push({
      tenantId: inv.tenantId,
      functionId: inv.functionId,
      versionId: inv.versionId,
      line: { ...line, at: Number.isNaN(at.getTime()) ? inv.startedAt.toISOString() : at.toISOString(), text: pgText(String(line.text)) },
    });
  }
  if (s.invocations.length + s.logs.length >= FLUSH_AT && Date.now() >= s.retryAt) void flushRecorder().catch(() => {});
  else schedule(s);
}

function schedule(s: State): void {
  if (s.timer) return;
  s.timer = setTimeout(() => {
    s.timer = undefined;
    flushRecorder().catch((err) => console.error(`[functions] could not record invocations (will retry): ${(err as Error).message}`));
  }, Math.max(FLUSH_MS, s.retryAt - Date.now()));
  s.timer.unref?.();
}

/** Writes everything queued so far, in batches (waits for a flush in progress first). Rejects if the database refused it. */
export async function flushRecorder(): Promise<void> {
  const s = state();
  for (;;) {
    // One flush at a time in the process: each one's daily roll-up must see the usage the one before it added.
    while (s.flushing) await s.flushing.catch(() => {});
    if (!s.invocations.length && !s.logs.length) return;
    await flushBatch(s);
  }
}

/** Writes the oldest FLUSH_AT invocations with their console output (or, with none left, the output left over). */
function flushBatch(s: State): Promise<void> {
  const invocations = s.invocations.splice(0, FLUSH_AT);
  const ids = new Set(invocations.map((i) => i.id));
  const logs: LogRecord[] = [];
  const rest: LogRecord[] = [];
  for (const l of s.logs) (!invocations.length || l.line.invocationId === null || ids.has(l.line.invocationId) ? logs : rest).push(l);
  s.logs = rest;
  s.flushing = write(invocations, logs)
    .then(() => {
      s.failures = 0;
      s.retryAt = 0;
      notify(s, new Set([...invocations.map((i) => i.functionId), ...logs.map((l) => l.functionId)]));
      // Platform figures (cold starts, warm overhead) after the batch is safe; a failure here loses only samples.
      void recordSamples(db(), functionSamples(invocations)).catch((err: Error) => console.error(`[functions] could not record performance samples: ${err.message}`));
      // Today's counts on the functions list: its watchers look again (one notice per function and flush).
      const tenantOf = new Map(invocations.map((i) => [i.functionId, i.tenantId]));
      for (const [id, tenantId] of tenantOf) publishChange({ kind: 'function', id, tenantId });
    })
    .catch((err) => {
      // Put them back in front of what arrived meanwhile; drop the oldest beyond the cap; try again after 1, 2, 4 …
      // up to 30 s.
      s.invocations.unshift(...invocations);
      s.logs.unshift(...logs);
      const over = s.invocations.length + s.logs.length - MAX_BUFFER;
      if (over > 0) {
        s.dropped += over;
        s.logs.splice(0, Math.min(over, s.logs.length));
        s.invocations.splice(0, Math.max(0, s.invocations.length + s.logs.length - MAX_BUFFER));
      }
      s.failures++;
      s.retryAt = Date.now() + Math.min(30_000, 1000 * 2 ** (s.failures - 1));
      schedule(s);
      throw err;
    })
    .finally(() => (s.flushing = undefined));
  return s.flushing;
}

type Usage = { tenantId: string; functionId: string; hour: Date; requests: number; gbSeconds: number };

/** Billed usage per function and hour: requests, and GB-seconds at 1 ms granularity (duration rounded up). */
export function usageOf(invocations: InvocationRecord[]): Usage[] {
  const out = new Map<string, Usage>();
  for (const i of invocations) {
    if (!i.billed) continue;
    const hour = floorHour(i.startedAt);
    const key = `${i.functionId}|${hour.getTime()}`;
    let u = out.get(key);
    if (!u) out.set(key, (u = { tenantId: i.tenantId, functionId: i.functionId, hour, requests: 0, gbSeconds: 0 }));
    u.requests += 1;
    u.gbSeconds += (Math.ceil(i.billedMs) / 1000) * (i.memoryMib / 1024);
  }
  return [...out.values()];
}

export function functionUsageId(functionId: string, meter: string, hourStart: Date): string {
  return `fn:${functionId}:${meter}:${hourStart.toISOString()}`;
}

/** A timestamp as PostgreSQL's `timestamp` reads it: UTC wall time, as Prisma stores a DateTime. */
function utc(d: Date): string {
  return d.toISOString().slice(0, -1);
}

/**
 * Inserts the invocations not yet written and returns their ids. One statement with a column of values per array
 * (unnest): a busy gateway writes thousands of rows a second, and a row-per-parameter insert through the ORM cost
 * more CPU than the invocations themselves.
 */
async function insertInvocations(tx: Prisma.TransactionClient, invocations: InvocationRecord[]): Promise<Set<string>> {
  if (!invocations.length) return new Set();
  const col = <T>(f: (i: InvocationRecord) => T) => invocations.map(f);
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "FunctionInvocation" (id, "tenantId", "functionId", "versionId", "startedAt", "durationMs", start, cold, "coldMs", status, outcome, "memoryMib", "requestBytes", "responseBytes", error)
    SELECT * FROM unnest(
      ${col((i) => i.id)}::text[], ${col((i) => i.tenantId)}::text[], ${col((i) => i.functionId)}::text[], ${col((i) => i.versionId)}::text[],
      ${col((i) => utc(i.startedAt))}::timestamp(3)[], ${col((i) => i.durationMs)}::float8[], ${col((i) => i.start)}::text[],
      ${col((i) => i.start !== 'warm')}::boolean[], ${col((i) => i.coldMs)}::float8[], ${col((i) => i.status)}::int4[], ${col((i) => i.outcome)}::text[],
      ${col((i) => i.memoryMib)}::int4[], ${col((i) => i.requestBytes)}::int4[], ${col((i) => i.responseBytes)}::int4[], ${col((i) => i.error)}::text[])
    ON CONFLICT (id) DO NOTHING
    RETURNING id`;
  return new Set(rows.map((r) => r.id));
}

async function insertLogs(tx: Prisma.TransactionClient, logs: LogRecord[]): Promise<void> {
  if (!logs.length) return;
  const col = <T>(f: (l: LogRecord) => T) => logs.map(f);
  await tx.$executeRaw`
    INSERT INTO "FunctionLog" ("tenantId", "functionId", "versionId", "invocationId", at, stream, text)
    SELECT * FROM unnest(
      ${col((l) => l.tenantId)}::text[], ${col((l) => l.functionId)}::text[], ${col((l) => l.versionId)}::text[], ${col((l) => l.line.invocationId)}::text[],
      ${col((l) => utc(new Date(l.line.at)))}::timestamp(3)[], ${col((l) => l.line.stream)}::text[], ${col((l) => l.line.text)}::text[])`;
}

async function write(invocations: InvocationRecord[], logs: LogRecord[]): Promise<void> {
  await db().$transaction(async (tx) => {
    // A flush that committed but was seen as failed (a lost reply) is retried whole: only the invocations this
    // transaction really inserts count, so their usage and console output are added once, never twice.
    // (Lines of no invocation would be written again; none are recorded without one today.)
    const inserted = await insertInvocations(tx, invocations);
    // Only what fits in each tenant's log storage is written (the function goes on working when it is full).
    const fresh = logs.filter((l) => l.line.invocationId === null || inserted.has(l.line.invocationId));
    await insertLogs(tx, await admitLogs(tx, fresh, (first, text) => ({ ...first, line: { ...first.line, stream: 'stderr', text } })));
    const usage = usageOf(invocations.filter((i) => inserted.has(i.id)));
    if (usage.length) {
      const rows = usage.flatMap((u) => [
        Prisma.sql`(${functionUsageId(u.functionId, METERS.requests, u.hour)}, ${u.tenantId}, NULL, ${u.functionId}, ${FUNCTIONS_PROVIDER}, ${METERS.requests}, ${String(u.requests)}::numeric, ${u.hour}, now())`,
        Prisma.sql`(${functionUsageId(u.functionId, METERS.gbSeconds, u.hour)}, ${u.tenantId}, NULL, ${u.functionId}, ${FUNCTIONS_PROVIDER}, ${METERS.gbSeconds}, ${u.gbSeconds.toFixed(6)}::numeric, ${u.hour}, now())`,
      ]);
      await tx.$executeRaw`
        INSERT INTO "UsageRecord" (id, "tenantId", "instanceId", "functionId", provider, meter, quantity, "hourStart", "updatedAt")
        VALUES ${Prisma.join(rows)}
        ON CONFLICT (id) DO UPDATE SET quantity = "UsageRecord".quantity + EXCLUDED.quantity, "updatedAt" = EXCLUDED."updatedAt"`;
      for (const fid of new Set(usage.map((u) => u.functionId))) {
        const hours = usage.filter((u) => u.functionId === fid).map((u) => u.hour.getTime());
        await rollUpDays(tx, { functionId: fid, from: new Date(Math.min(...hours)), to: new Date(Math.max(...hours) + 1) });
      }
    }
  }, { maxWait: 10_000, timeout: 60_000 }); // a full batch on a busy embedded database takes more than the defaults
}

function notify(s: State, functionIds: Set<string>): void {
  for (const id of functionIds) for (const l of s.listeners.get(id) ?? []) l();
}

/** Calls `listener` after each flush that wrote something of `functionId`. Returns the unsubscribe. */
export function onRecorded(functionId: string, listener: () => void): () => void {
  const s = state();
  let set = s.listeners.get(functionId);
  if (!set) s.listeners.set(functionId, (set = new Set()));
  set.add(listener);
  return () => {
    set.delete(listener);
    if (!set.size) s.listeners.delete(functionId);
  };
}
