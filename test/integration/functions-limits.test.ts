// Issue 12 finding 4 — "anyone can fill the database through a public function" — the parts that need no
// container: the tenant's log storage limit (new output dropped with one marker, the function unaffected, shown in
// the quota), retention per function (age, size, count) and a deleted function's records going with it while its
// bill stays right. The gateway's side (cap per invocation, rate limits, containers) is in
// docker-functions-limits.test.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { seedPriceCatalogs } from '@/lib/billing/seed';
import { computeBill } from '@/lib/billing/bill';
import { monthOf } from '@/lib/billing/timeline';
import { flushRecorder, recordInvocation, type InvocationRecord } from '@/lib/functions/recorder';
import { retentionPass } from '@/lib/functions/retention';
import { deleteFunction } from '@/lib/functions/delete-function';
import { LINE_OVERHEAD_BYTES, MIB } from '@/lib/functions/log-storage';
import { tenantQuota } from '@/lib/tenants/quota-view';
import type { FnLogLine } from '@/lib/functions/types';
import { contextFor, tenantWith } from '../fixtures';

beforeAll(async () => {
  await seedPriceCatalogs(db());
});

async function fnRow(tenantId: string, name: string) {
  const f = await db().serverlessFunction.create({ data: { tenantId, name, liveName: name } });
  const v = await db().functionVersion.create({ data: { functionId: f.id, tenantId, number: 1, code: 'export default () => ({})', codeSha256: 'x', memoryMib: 128, timeoutMs: 3000 } });
  return { f, v };
}

function inv(tenantId: string, functionId: string, versionId: string, startedAt: Date): InvocationRecord {
  return {
    id: crypto.randomUUID(), tenantId, functionId, versionId, startedAt, durationMs: 5, start: 'warm', coldMs: 0,
    status: 200, outcome: 'ok', memoryMib: 128, requestBytes: 0, responseBytes: 2, error: null, billed: true, billedMs: 4,
  };
}

/** Records `n` invocations of the function, each with `lines` lines of `bytes` bytes, at `at` (+ i ms). */
function record(tenantId: string, fn: { f: { id: string }; v: { id: string } }, n: number, lines: number, bytes: number, at = new Date()) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const started = new Date(at.getTime() + i);
    const r = inv(tenantId, fn.f.id, fn.v.id, started);
    ids.push(r.id);
    const out: FnLogLine[] = Array.from({ length: lines }, (_, k) => ({ at: started.toISOString(), stream: 'stdout', text: `${i}:${k}:`.padEnd(bytes, 'x'), invocationId: r.id }));
    recordInvocation(r, out);
  }
  return ids;
}

/** What the function's lines take, counted the way the limit counts them. */
async function storedBytes(where: { tenantId?: string; functionId?: string }): Promise<number> {
  const rows = await db().functionLog.findMany({ where, select: { text: true } });
  return rows.reduce((n, r) => n + Buffer.byteLength(r.text) + LINE_OVERHEAD_BYTES, 0);
}

describe('functions: log storage, retention and delete (issue 12 finding 4)', () => {
  it('stops storing a tenant’s new console output at its log storage limit, with one marker, without failing the function, and shows it in the quota', async () => {
    const { tenant, people } = await tenantWith({ owner: 'owner' });
    await db().quota.update({ where: { tenantId: tenant.id }, data: { maxFnLogMib: 1 } });
    const fn = await fnRow(tenant.id, 'chatty');
    // 40 invocations × 8 lines × 8 KB ≈ 2.6 MB of output: more than twice the limit.
    const ids = record(tenant.id, fn, 40, 8, 8192);
    await flushRecorder();
    // Every invocation is recorded (the function works); the output stops at the limit.
    expect(await db().functionInvocation.count({ where: { functionId: fn.f.id } })).toBe(40);
    const usage = await db().functionLogUsage.findUniqueOrThrow({ where: { tenantId: tenant.id } });
    const stored = await storedBytes({ tenantId: tenant.id });
    expect(Number(usage.bytes)).toBe(stored);
    expect(stored).toBeLessThanOrEqual(MIB + 1024);
    expect(stored).toBeGreaterThan(MIB - 9 * 1024);
    expect(Number(usage.dropped)).toBeGreaterThan(150);
    const markers = await db().functionLog.findMany({ where: { tenantId: tenant.id, text: { contains: 'log storage (1 MiB) is full' } } });
    expect(markers).toHaveLength(1);
    expect(ids).toContain(markers[0]!.invocationId);

    // More output later: dropped, no second marker; the quota shows the storage in use, its limit and the drops.
    record(tenant.id, fn, 5, 2, 100);
    await flushRecorder();
    expect(await storedBytes({ tenantId: tenant.id })).toBe(stored);
    expect(await db().functionLog.count({ where: { tenantId: tenant.id, text: { contains: 'is full' } } })).toBe(1);
    const quota = await tenantQuota(await contextFor(people.owner.userId, tenant.id));
    expect(quota.find((q) => q.key === 'functionLogBytes')).toMatchObject({ used: stored, limit: MIB, unit: 'bytes', isDefault: false, note: expect.stringContaining('dropped') });
    expect(quota.find((q) => q.key === 'functionRequestsPerSecond')).toMatchObject({ used: null, isDefault: true });

    // Deleting the function gives the room back: new output of another function is stored again.
    await deleteFunction(await contextFor(people.owner.userId, tenant.id), fn.f.id);
    expect(Number((await db().functionLogUsage.findUniqueOrThrow({ where: { tenantId: tenant.id } })).bytes)).toBe(0);
    const other = await fnRow(tenant.id, 'quiet');
    record(tenant.id, other, 1, 1, 10);
    await flushRecorder();
    expect(await db().functionLog.count({ where: { functionId: other.f.id } })).toBe(1);
  });

  it('prunes each function’s invocations and output by age, by size and by number, and recounts the tenant’s storage', async () => {
    const { tenant } = await tenantWith({ owner: 'owner' });
    const old = await fnRow(tenant.id, 'old');
    const big = await fnRow(tenant.id, 'big');
    const busy = await fnRow(tenant.id, 'busy');
    const now = new Date();
    const tenDaysAgo = new Date(now.getTime() - 10 * 86_400_000);
    record(tenant.id, old, 3, 2, 100, tenDaysAgo);
    record(tenant.id, old, 2, 2, 100, now);
    // 40 × 2 KB lines = 80 KB + overhead, the newest first to stay.
    record(tenant.id, big, 40, 1, 2048, now);
    record(tenant.id, busy, 150, 0, 0, now);
    await flushRecorder();
    const limits = { logDays: 7, invocationDays: 9, logMibPerFunction: 32 / 1024, invocationsPerFunction: 100 };
    await retentionPass(now, limits);

    // Age: the old invocations and their output are gone, the recent ones stay.
    expect(await db().functionInvocation.count({ where: { functionId: old.f.id } })).toBe(2);
    expect(await db().functionLog.count({ where: { functionId: old.f.id } })).toBe(4);
    // Size: the newest lines up to 32 KB stay, the oldest went.
    const bigLines = await db().functionLog.findMany({ where: { functionId: big.f.id }, orderBy: { id: 'asc' }, select: { text: true } });
    expect(await storedBytes({ functionId: big.f.id })).toBeLessThanOrEqual(32 * 1024);
    expect(bigLines.length).toBe(Math.floor((32 * 1024) / (2048 + LINE_OVERHEAD_BYTES)));
    expect(bigLines.at(-1)!.text.startsWith('39:0:')).toBe(true);
    // Number: the newest 100 invocations stay.
    const busyRows = await db().functionInvocation.findMany({ where: { functionId: busy.f.id }, select: { startedAt: true } });
    expect(busyRows).toHaveLength(100);
    expect(Math.min(...busyRows.map((r) => r.startedAt.getTime()))).toBe(now.getTime() + 50);
    // The counter is what is really stored.
    expect(Number((await db().functionLogUsage.findUniqueOrThrow({ where: { tenantId: tenant.id } })).bytes)).toBe(await storedBytes({ tenantId: tenant.id }));
  });

  it('deletes a function’s invocations and output with it — also what a request still running records afterwards — and its bill stays the same', async () => {
    const { tenant, people } = await tenantWith({ owner: 'owner' });
    const ctx = await contextFor(people.owner.userId, tenant.id);
    const gone = await fnRow(tenant.id, 'gone');
    const kept = await fnRow(tenant.id, 'kept');
    record(tenant.id, gone, 30, 3, 50);
    record(tenant.id, kept, 2, 1, 50);
    await flushRecorder();
    const month = monthOf(new Date());
    const before = await computeBill(db(), tenant.id, month);
    expect(before.lines.filter((l) => l.functionId === gone.f.id).map((l) => [l.unit, l.quantity])).toEqual([
      ['gb_second', '0.015'],
      ['requests', '30'],
    ]);

    // One invocation still queued when the delete comes: it is billed, then removed with the rest.
    record(tenant.id, gone, 1, 1, 50);
    await deleteFunction(ctx, gone.f.id);
    expect(await db().functionInvocation.count({ where: { functionId: gone.f.id } })).toBe(0);
    expect(await db().functionLog.count({ where: { functionId: gone.f.id } })).toBe(0);
    expect(await db().functionInvocation.count({ where: { functionId: kept.f.id } })).toBe(2);
    expect(await db().functionLog.count({ where: { functionId: kept.f.id } })).toBe(2);
    expect(Number((await db().functionLogUsage.findUniqueOrThrow({ where: { tenantId: tenant.id } })).bytes)).toBe(await storedBytes({ tenantId: tenant.id }));

    // A request that was running during the delete records afterwards: the retention job removes it.
    record(tenant.id, gone, 1, 1, 50);
    await flushRecorder();
    expect(await db().functionInvocation.count({ where: { functionId: gone.f.id } })).toBe(1);
    await retentionPass();
    expect(await db().functionInvocation.count({ where: { functionId: gone.f.id } })).toBe(0);
    expect(await db().functionLog.count({ where: { functionId: gone.f.id } })).toBe(0);

    // The bill counts every invocation that ran, the deleted function's included.
    const after = await computeBill(db(), tenant.id, month);
    expect(after.lines.filter((l) => l.functionId === gone.f.id).map((l) => [l.unit, l.quantity])).toEqual([
      ['gb_second', '0.016'],
      ['requests', '32'],
    ]);
    expect(after.lines.filter((l) => l.functionId === kept.f.id)).toEqual(before.lines.filter((l) => l.functionId === kept.f.id));
  });
});
