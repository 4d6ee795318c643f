// Registry storage billed per GiB-month on the real database: measurements at known times (the level measured holds
// until the next one), hours split where a measurement falls inside them, the bill's line, its CSV and chart, the
// forecast of the open month, and the billing and quota APIs — every amount worked out by hand from the seeded list
// price (registry: 0.10 per GiB-month). The measurement of a real registry is in docker-registry-billing.test.ts.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import { seedPriceCatalogs } from '@/lib/billing/seed';
import { meterPass } from '@/lib/billing/meter';
import { computeBill } from '@/lib/billing/bill';
import { billCsv, monthFor } from '@/lib/billing/service';
import { recordRegistryMeasurement, registryHours } from '@/lib/billing/meter-registry';
import { estimate } from '@/lib/billing/estimate';
import { billingCatalogAt } from '@/lib/billing/catalogs';
import { monthOf, monthRange } from '@/lib/billing/timeline';
import { GET as billingRoute } from '@/app/api/v1/tenants/[slug]/billing/route';
import { GET as quotaRoute } from '@/app/api/v1/tenants/[slug]/quota/route';
import { callRoute, callerOf } from '../helpers/route-call';
import { seedCatalog, tenantWith } from '../fixtures';

const session = vi.hoisted(() => ({ caller: (): string | null => null, get userId() { return this.caller(); } }));
vi.mock('@/lib/auth/auth', () => import('../helpers/auth-mock').then((m) => m.authAs(session)));
session.caller = callerOf;

const GIB = 1024 ** 3;

beforeAll(async () => {
  await seedCatalog();
  await seedPriceCatalogs(db());
});

const recorded = (tenantId: string) =>
  db()
    .usageRecord.findMany({ where: { tenantId, provider: 'registry' }, orderBy: { hourStart: 'asc' }, select: { hourStart: true, quantity: true } })
    .then((r) => r.map((u) => [u.hourStart.toISOString(), u.quantity.toFixed()]));

describe('registry storage is metered per hour at the level last measured', () => {
  it('splits hours where measurements fall, in exact GiB-seconds', () => {
    // 1 GiB from 10:20:30 to 11:00 is 2,370 GiB-seconds; 1 byte for 1 s rounds to 0.000001.
    expect(registryHours(GIB, new Date('2026-10-01T10:20:30Z'), new Date('2026-10-01T11:30:00Z'))).toEqual([
      { hourStart: new Date('2026-10-01T10:00:00Z'), gibSeconds: '2370.000000' },
      { hourStart: new Date('2026-10-01T11:00:00Z'), gibSeconds: '1800.000000' },
    ]);
    expect(registryHours(1, new Date('2026-10-01T10:00:00Z'), new Date('2026-10-01T10:00:01Z'))).toEqual([{ hourStart: new Date('2026-10-01T10:00:00Z'), gibSeconds: '0.000000' }]);
    expect(registryHours(1536, new Date('2026-10-01T10:00:00Z'), new Date('2026-10-01T10:10:00Z'))[0].gibSeconds).toBe('0.000858');
    expect(registryHours(0, new Date('2026-10-01T10:00:00Z'), new Date('2026-10-01T12:00:00Z'))).toEqual([]);
  });

  it('bills a month of pushes and deletions to the cent, once however often it is measured or metered', async () => {
    const { tenant } = await tenantWith({ owner: 'owner' });
    // 3 GiB from Oct 1st for 10 days, then 1.5 GiB for 10½ days, then nothing (every image deleted).
    await recordRegistryMeasurement(db(), tenant.id, 3 * GIB, new Date('2026-10-01T00:00:00Z'));
    // Metering passes in between (the bill's) meter up to their moment at the level in force.
    await meterPass(db(), { now: new Date('2026-10-05T10:20:30Z'), tenantId: tenant.id });
    await recordRegistryMeasurement(db(), tenant.id, 1.5 * GIB, new Date('2026-10-11T00:00:00Z'));
    // A measurement older than the last one recorded changes nothing (another console process that was slower).
    await recordRegistryMeasurement(db(), tenant.id, 100 * GIB, new Date('2026-10-10T00:00:00Z'));
    await meterPass(db(), { now: new Date('2026-10-15T07:45:00Z'), tenantId: tenant.id });
    await recordRegistryMeasurement(db(), tenant.id, 0, new Date('2026-10-21T12:00:00Z'));
    await meterPass(db(), { now: new Date('2026-11-22T00:00:00Z'), tenantId: tenant.id });
    await meterPass(db(), { now: new Date('2026-11-22T00:00:00Z'), tenantId: tenant.id });

    const rows = await recorded(tenant.id);
    // 240 hours at 3 GiB then 252 hours at 1.5 GiB; the hour cut by the metering pass at 10:20:30 is whole.
    expect(rows.length).toBe(240 + 252);
    expect(rows.find(([h]) => h === '2026-10-05T10:00:00.000Z')?.[1]).toBe('10800');
    expect(rows.find(([h]) => h === '2026-10-15T07:00:00.000Z')?.[1]).toBe('5400');
    const sum = await db().usageRecord.aggregate({ where: { tenantId: tenant.id, provider: 'registry' }, _sum: { quantity: true } });
    // 3 × 240 × 3600 + 1.5 × 252 × 3600 = 3,952,800 GiB-seconds.
    expect(sum._sum.quantity?.toFixed()).toBe('3952800');

    const bill = await computeBill(db(), tenant.id, '2026-10');
    // 3,952,800 / (744 h × 3600) = 1.4758 GiB-months × 0.10 = 0.1476 → 15 cents.
    expect(bill.lines.map((l) => [l.instanceName, l.kind, l.description, l.provider, l.unit, l.quantity, l.amountMinor])).toEqual([
      ['image registry', 'registry', 'image registry: storage', 'registry', 'disk_gib_month', '1.475806', 15],
    ]);
    expect(bill.totalMinor).toBe(15);
    expect(bill.unpriced).toEqual([]);
    // The chart: one kind, each day priced on its own (3 GiB a day: 3 × 24 / 744 × 0.10 = 0.0097 → 1 cent).
    expect(new Set(bill.byDay.map((d) => d.kind))).toEqual(new Set(['registry']));
    expect(bill.byDay.find((d) => d.day === '2026-10-02')?.amountMinor).toBe(1);
    expect(bill.byDay.some((d) => d.day === '2026-10-25')).toBe(false);
    expect(billCsv(bill).split('\n')[1]).toBe('2026-10,image registry,registry,image registry: storage,disk_gib_month,1.475806,0,0.1,USD,0.15');
  });

  it('forecasts the open month with the level measured now, and the billing and quota APIs show it', async () => {
    const t = await tenantWith({ owner: 'owner', other: 'owner' });
    const b = await tenantWith({ owner: 'owner' });
    const now = new Date();
    const month = monthOf(now);
    // Measured an hour ago (or at the month's start) at 7.3 GiB, the level since.
    const since = new Date(Math.max(monthRange(month).start.getTime(), now.getTime() - 3_600_000));
    const bytes = Math.round(7.3 * GIB);
    await recordRegistryMeasurement(db(), t.tenant.id, bytes, since);
    const view = await monthFor(db(), t.tenant.id, month, now);
    const hoursLeft = Number(((monthRange(month).end.getTime() - now.getTime()) / 3_600_000).toFixed(6));
    const catalog = await billingCatalogAt(now, db());
    const rest = estimate({ items: [{ type: 'storage', provider: 'registry', gib: bytes / GIB, hours: hoursLeft }] }, catalog).monthlyMinor;
    // 7.3 GiB for the rest of the month at 0.10 a GiB-month (730 h): about 0.1 cent an hour.
    expect(Math.abs(rest - Math.round((7.3 * hoursLeft * 10) / 730))).toBeLessThanOrEqual(1);
    expect(view.forecastMinor).toBe(view.totalMinor + rest);

    const api = await callRoute(t.people.owner.userId, billingRoute, { slug: t.tenant.slug });
    expect(api.status).toBe(200);
    const lines = api.body.lines as { provider: string; kind: string; unit: string }[];
    if (now.getTime() > since.getTime()) expect(lines).toContainEqual(expect.objectContaining({ provider: 'registry', kind: 'registry', unit: 'disk_gib_month' }));
    expect(api.body.forecastMinor).toBeGreaterThanOrEqual(rest);
    // The quota: the registry is not running in this test, so the level last measured is shown, with when.
    const quota = await callRoute(t.people.owner.userId, quotaRoute, { slug: t.tenant.slug });
    const item = (quota.body.quota as { key: string; used: number; limit: number; note: string }[]).find((q) => q.key === 'registryBytes')!;
    expect(item.used).toBe(bytes);
    expect(item.limit).toBe(10 * GIB);
    expect(item.note).toMatch(/as measured at/);
    // Another organisation's owner sees neither.
    expect((await callRoute(b.people.owner.userId, billingRoute, { slug: t.tenant.slug })).status).toBe(404);
    expect((await callRoute(b.people.owner.userId, quotaRoute, { slug: t.tenant.slug })).status).toBe(404);
  });
});
