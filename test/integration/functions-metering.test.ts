// Metering of functions: the recorder writes invocations and their usage (requests, GB-seconds at 1 ms granularity)
// per function and hour in one transaction; the daily sums follow; the month's bill has a line per function and
// unit, priced with the billing list's function prices and free allowances.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { seedPriceCatalogs } from '@/lib/billing/seed';
import { rollUpDays } from '@/lib/billing/meter';
import { computeBill } from '@/lib/billing/bill';
import { flushRecorder, functionUsageId, recordInvocation, type InvocationRecord } from '@/lib/functions/recorder';
import { createTenant } from '../fixtures';

beforeAll(async () => {
  await seedPriceCatalogs(db());
});

async function fnRow(tenantId: string, name: string) {
  const f = await db().serverlessFunction.create({ data: { tenantId, name, liveName: name } });
  const v = await db().functionVersion.create({ data: { functionId: f.id, tenantId, number: 1, code: 'export default () => ({})', codeSha256: 'x', memoryMib: 1024, timeoutMs: 3000 } });
  return { f, v };
}

function inv(tenantId: string, functionId: string, versionId: string, at: string, billedMs: number, billed = true): InvocationRecord {
  return {
    id: crypto.randomUUID(), tenantId, functionId, versionId, startedAt: new Date(at), durationMs: billedMs + 1, start: 'warm', coldMs: 0,
    status: billed ? 200 : 429, outcome: billed ? 'ok' : 'throttled', memoryMib: 1024, requestBytes: 0, responseBytes: 2, error: null, billed, billedMs,
  };
}

describe('functions metering', () => {
  it('records requests and GB-seconds per function and hour, adds later flushes to the same rows, and bills a line per function and unit', async () => {
    const tenant = await createTenant();
    const alpha = await fnRow(tenant.id, 'alpha');
    const beta = await fnRow(tenant.id, 'beta');
    const t = tenant.id;
    const first = inv(t, alpha.f.id, alpha.v.id, '2026-10-05T10:10:00Z', 1000.2);
    const firstLog = { at: '2026-10-05T10:10:00Z', stream: 'stdout' as const, text: 'hi', invocationId: first.id };
    recordInvocation(first, [firstLog]);
    recordInvocation(inv(t, alpha.f.id, alpha.v.id, '2026-10-05T10:20:00Z', 1000.2), []);
    await flushRecorder();
    // A flush that committed but whose reply was lost is retried whole: nothing of it counts twice.
    recordInvocation(first, [firstLog]);
    await flushRecorder();
    recordInvocation(inv(t, alpha.f.id, alpha.v.id, '2026-10-05T10:59:59Z', 1000.2), []);
    recordInvocation(inv(t, alpha.f.id, alpha.v.id, '2026-10-05T11:00:00Z', 1000.2), []);
    recordInvocation(inv(t, beta.f.id, beta.v.id, '2026-10-05T11:30:00Z', 0.3), []);
    recordInvocation(inv(t, beta.f.id, beta.v.id, '2026-10-05T11:31:00Z', 0, false), []); // refused: not billed
    await flushRecorder();

    const rows = await db().usageRecord.findMany({ where: { tenantId: t }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.id, r.functionId, r.instanceId, r.provider, r.meter, Number(r.quantity)])).toEqual(
      [
        [functionUsageId(alpha.f.id, 'gb_seconds', new Date('2026-10-05T10:00:00Z')), alpha.f.id, null, 'functions', 'gb_seconds', 3.003],
        [functionUsageId(alpha.f.id, 'gb_seconds', new Date('2026-10-05T11:00:00Z')), alpha.f.id, null, 'functions', 'gb_seconds', 1.001],
        [functionUsageId(alpha.f.id, 'requests', new Date('2026-10-05T10:00:00Z')), alpha.f.id, null, 'functions', 'requests', 3],
        [functionUsageId(alpha.f.id, 'requests', new Date('2026-10-05T11:00:00Z')), alpha.f.id, null, 'functions', 'requests', 1],
        [functionUsageId(beta.f.id, 'gb_seconds', new Date('2026-10-05T11:00:00Z')), beta.f.id, null, 'functions', 'gb_seconds', 0.001],
        [functionUsageId(beta.f.id, 'requests', new Date('2026-10-05T11:00:00Z')), beta.f.id, null, 'functions', 'requests', 1],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    expect(await db().functionInvocation.count({ where: { tenantId: t } })).toBe(6);
    // Every field round-trips (the rows are written with one statement of arrays, not through the ORM).
    const stored = await db().functionInvocation.findUniqueOrThrow({ where: { id: first.id } });
    const fields = ['id', 'tenantId', 'functionId', 'versionId', 'startedAt', 'durationMs', 'start', 'coldMs', 'status', 'outcome', 'memoryMib', 'requestBytes', 'responseBytes', 'error'] as const;
    expect(stored).toEqual({ ...Object.fromEntries(fields.map((k) => [k, first[k]])), cold: false });
    const refused = await db().functionInvocation.findFirstOrThrow({ where: { tenantId: t, outcome: 'throttled' } });
    expect([refused.status, refused.error, refused.startedAt.toISOString()]).toEqual([429, null, '2026-10-05T11:31:00.000Z']);
    expect(await db().functionLog.findMany({ where: { tenantId: t }, select: { invocationId: true, at: true, stream: true, text: true, versionId: true } })).toEqual([
      { invocationId: first.id, at: new Date(firstLog.at), stream: 'stdout', text: 'hi', versionId: alpha.v.id },
    ]);
    const daily = await db().usageDaily.findMany({ where: { tenantId: t, functionId: alpha.f.id } });
    expect(daily.map((d) => [d.meter, d.kind, Number(d.quantity)]).sort()).toEqual([['gb_seconds', 'function', 4.004], ['requests', 'function', 4]]);

    // Beta gets busy later in the month (as metered hours would add up), beyond the free allowances.
    await db().usageRecord.createMany({
      data: [
        { id: functionUsageId(beta.f.id, 'requests', new Date('2026-10-20T08:00:00Z')), tenantId: t, functionId: beta.f.id, provider: 'functions', meter: 'requests', quantity: '2000000', hourStart: new Date('2026-10-20T08:00:00Z') },
        { id: functionUsageId(beta.f.id, 'gb_seconds', new Date('2026-10-20T08:00:00Z')), tenantId: t, functionId: beta.f.id, provider: 'functions', meter: 'gb_seconds', quantity: '500000', hourStart: new Date('2026-10-20T08:00:00Z') },
      ],
    });
    await rollUpDays(db(), { tenantId: t, from: new Date('2026-10-01T00:00:00Z'), to: new Date('2026-11-01T00:00:00Z') });
    const bill = await computeBill(db(), t, '2026-10');
    // Free: 1M requests and 400,000 GB-s a month, used up in line order (alpha first).
    // beta requests: 2,000,001 − (1,000,000 − 4) = 1,000,005 × 0.15 / 1M = 0.15 → 15; beta compute: 500,000.001 −
    // (400,000 − 4.004) = 100,004.005 × 0.0000125 = 1.25005 → 125.
    expect(bill.lines.map((l) => [l.instanceName, l.functionId, l.kind, l.unit, l.quantity, l.amountMinor])).toEqual([
      ['alpha', alpha.f.id, 'function', 'gb_second', '4.004', 0],
      ['alpha', alpha.f.id, 'function', 'requests', '4', 0],
      ['beta', beta.f.id, 'function', 'gb_second', '500000.001', 125],
      ['beta', beta.f.id, 'function', 'requests', '2000001', 15],
    ]);
    expect(bill.totalMinor).toBe(140);
    expect(bill.byDay.filter((d) => d.kind === 'function').map((d) => d.day)).toEqual(['2026-10-05', '2026-10-20']);
  });

  it('stores what tenant code shaped (NUL characters, a broken timestamp, a bad status) and writes big backlogs in batches', async () => {
    const tenant = await createTenant();
    const { f, v } = await fnRow(tenant.id, 'odd');
    const odd = { ...inv(tenant.id, f.id, v.id, '2026-10-06T10:00:00Z', 5), status: Number.NaN, error: 'bad\0byte' };
    recordInvocation(odd, [{ at: 'not a time', stream: 'stdout', text: 'nul\0here', invocationId: odd.id }]);
    // More than one batch (5,000): the last one's output must still be written with it.
    const many = Array.from({ length: 5_002 }, (_, i) => inv(tenant.id, f.id, v.id, '2026-10-06T11:00:00Z', 1 + (i % 3)));
    for (const m of many.slice(0, -1)) recordInvocation(m, []);
    const last = many.at(-1)!;
    recordInvocation(last, [{ at: '2026-10-06T11:00:00.500Z', stream: 'stderr', text: 'the last one', invocationId: last.id }]);
    await flushRecorder();

    const stored = await db().functionInvocation.findUniqueOrThrow({ where: { id: odd.id } });
    expect([stored.status, stored.error]).toEqual([0, 'badbyte']);
    expect(await db().functionLog.findMany({ where: { functionId: f.id }, orderBy: { at: 'asc' }, select: { invocationId: true, at: true, text: true } })).toEqual([
      { invocationId: odd.id, at: new Date('2026-10-06T10:00:00Z'), text: 'nulhere' },
      { invocationId: last.id, at: new Date('2026-10-06T11:00:00.500Z'), text: 'the last one' },
    ]);
    expect(await db().functionInvocation.count({ where: { functionId: f.id } })).toBe(5_003);
    const requests = await db().usageRecord.findUniqueOrThrow({ where: { id: functionUsageId(f.id, 'requests', new Date('2026-10-06T11:00:00Z')) } });
    expect(Number(requests.quantity)).toBe(5_002);
  });
});
