// Metering, the monthly bill, invoices and budgets on the real database, with status histories written at known
// times, so every amount below is worked out by hand from the seeded list prices (docker: 0.02 per vCPU-hour,
// 0.0025 per GiB-hour of memory).
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { seedContainerCatalog } from '@/lib/providers/docker/seed';
import { seedPriceCatalogs } from '@/lib/billing/seed';
import { seedVmCatalog } from '@/lib/providers/qemu/seed';
import { meterPass } from '@/lib/billing/meter';
import { computeBill } from '@/lib/billing/bill';
import { closeMonth, monthFor, platformMonth, setBudget, tenantMonth, tenantMonthSummary, assertWithinBudget } from '@/lib/billing/service';
import { importCatalog, setRate, billingCatalogAt } from '@/lib/billing/catalogs';
import type { InstanceStatus } from '@/lib/generated/prisma/enums';
import { contextFor, createUser, errorOf, tenantWith } from '../fixtures';

beforeAll(async () => {
  await seedContainerCatalog(db());
  await seedVmCatalog(db());
  await seedPriceCatalogs(db());
});

/** An instance with the given status history ([ISO time, status], the last one may leave it running). */
async function instanceWithHistory(tenantId: string, flavorId: string, history: [string, InstanceStatus][], vm = false) {
  const last = history[history.length - 1];
  const deleted = last[1] === 'deleted';
  const name = `i-${Math.random().toString(36).slice(2, 8)}`;
  return db().instance.create({
    data: {
      tenantId,
      name,
      liveName: deleted ? null : name,
      kind: vm ? 'vm' : 'container',
      provider: vm ? 'qemu' : 'docker',
      flavorId,
      // As a create stores it: the instance's own disk, the flavor's size by default.
      diskGib: (await db().flavor.findUniqueOrThrow({ where: { id: flavorId } })).diskGib,
      imageId: vm ? 'qemu-tiny' : 'docker-static-web',
      spec: { ports: [], env: [], command: [] },
      desiredState: deleted ? 'deleted' : 'running',
      status: last[1],
      createdAt: new Date(history[0][0]),
      deletedAt: deleted ? new Date(last[0]) : null,
      events: { create: history.map(([at, status]) => ({ tenantId, type: status, toStatus: status, createdAt: new Date(at) })) },
    },
  });
}

const usage = (tenantId: string) =>
  db().usageRecord.findMany({ where: { tenantId }, orderBy: { id: 'asc' }, select: { id: true, quantity: true } }).then((r) => r.map((u) => `${u.id}=${u.quantity.toFixed()}`));

describe('metering and the bill', () => {
  it('bills 90 minutes and a whole month to the cent, and the invoice is the sum of its lines', async () => {
    const { tenant } = await tenantWith({ owner: 'owner' });
    // c1.small (½ vCPU, 256 MiB) runs 90 minutes: 0.75 vCPU-h × 0.02 = 0.015 → 2 cents; 0.375 GiB-h × 0.0025 → 0.
    await instanceWithHistory(tenant.id, 'docker-small', [['2026-10-05T10:00:00Z', 'pending'], ['2026-10-05T10:00:00Z', 'creating'], ['2026-10-05T10:30:00Z', 'running'], ['2026-10-05T12:00:00Z', 'stopping'], ['2026-10-05T12:00:05Z', 'stopped'], ['2026-10-05T12:05:00Z', 'deleted']]);
    // c1.medium (1 vCPU, 512 MiB) runs all of October (744 h): 14.88 → 1488; 372 GiB-h × 0.0025 = 0.93 → 93.
    await instanceWithHistory(tenant.id, 'docker-medium', [['2026-09-30T23:00:00Z', 'creating'], ['2026-10-01T00:00:00Z', 'running']]);
    const now = new Date('2026-11-22T12:00:00Z');
    await meterPass(db(), { now });

    const bill = await closeMonth(db(), tenant.id, '2026-10', now);
    expect(bill.lines.map((l) => l.amountMinor).sort((a, b) => a - b)).toEqual([0, 2, 93, 1488]);
    expect(bill.totalMinor).toBe(1583);
    const invoice = await db().invoice.findUniqueOrThrow({ where: { tenantId_month: { tenantId: tenant.id, month: '2026-10' } } });
    expect(invoice.totalMinor).toBe(1583);
    expect((invoice.lines as { lines: { amountMinor: number }[] }).lines.reduce((s, l) => s + l.amountMinor, 0)).toBe(invoice.totalMinor);
    // Days: the 90-minute instance appears on the 5th; every day of October has the whole-month instance.
    expect(new Set(bill.byDay.map((d) => d.day)).size).toBe(31);
  });

  it('bills a VM its running hours and its disk while it exists, stopped or not', async () => {
    const { tenant } = await tenantWith({ owner: 'owner' });
    // v1.small (1 vCPU, 256 MiB, 5 GiB disk) runs 24 h, then stays stopped 10 days before it is deleted.
    await instanceWithHistory(tenant.id, 'qemu-small', [['2026-10-10T00:00:00Z', 'creating'], ['2026-10-10T00:00:00Z', 'running'], ['2026-10-11T00:00:00Z', 'stopped'], ['2026-10-21T00:00:00Z', 'deleted']], true);
    await meterPass(db(), { now: new Date('2026-11-22T00:00:00Z'), tenantId: tenant.id });
    const bill = await computeBill(db(), tenant.id, '2026-10');
    // vCPU 24 h × 0.025 = 0.60; memory 6 GiB-h × 0.0035 = 0.021 → 0.02; disk 5 GiB × 264 h / 744 h × 0.08 = 0.1419 → 0.14.
    expect(bill.lines.map((l) => [l.unit, l.amountMinor])).toEqual([
      ['disk_gib_month', 14],
      ['vcpu_hour', 60],
      ['memory_gib_hour', 2],
    ]);
    expect(bill.lines.every((l) => l.kind === 'vm')).toBe(true);
    expect(bill.totalMinor).toBe(76);
  });

  it('moves idle diskless instances past a pass in one statement, and still meters disks and status changes', async () => {
    const { tenant } = await tenantWith({ owner: 'owner' });
    const t0 = '2026-11-02T08:00:00Z';
    // Stopped containers (no disk) and a stopped VM (a disk), all metered up to 10:30 on the 2nd.
    const idle = await instanceWithHistory(tenant.id, 'docker-small', [[t0, 'creating'], ['2026-11-02T08:00:10Z', 'running'], ['2026-11-02T09:00:00Z', 'stopped']]);
    const restarted = await instanceWithHistory(tenant.id, 'docker-small', [[t0, 'creating'], ['2026-11-02T09:00:00Z', 'stopped']]);
    const vm = await instanceWithHistory(tenant.id, 'qemu-small', [[t0, 'creating'], ['2026-11-02T08:00:10Z', 'running'], ['2026-11-02T09:00:00Z', 'stopped']], true);
    await meterPass(db(), { now: new Date('2026-11-02T10:30:00Z'), tenantId: tenant.id });
    const before = await usage(tenant.id);
    // The second one is started again at 11:00 (an event after its metered hour): metered the usual way.
    await db().instance.update({ where: { id: restarted.id }, data: { status: 'running', events: { create: { tenantId: tenant.id, type: 'running', toStatus: 'running', createdAt: new Date('2026-11-02T11:00:00Z') } } } });
    const now = new Date('2026-11-02T12:00:00Z');
    await meterPass(db(), { now, tenantId: tenant.id });
    const rows = await db().instance.findMany({ where: { id: { in: [idle.id, restarted.id, vm.id] } }, select: { id: true, meteredUntil: true } });
    expect(rows.every((r) => r.meteredUntil?.getTime() === now.getTime())).toBe(true);
    const after = await usage(tenant.id);
    const added = after.filter((u) => !before.includes(u));
    // Nothing new for the idle container; an hour of running for the restarted one; the VM's disk for 10:00–12:00.
    expect(added.filter((u) => u.startsWith(idle.id))).toEqual([]);
    expect(added.filter((u) => u.startsWith(restarted.id))).toEqual([`${restarted.id}:runtime_seconds:2026-11-02T11:00:00.000Z=3600`]);
    expect(added.filter((u) => u.startsWith(`${vm.id}:disk_gib_seconds`)).length).toBeGreaterThan(0);
  });

  it('meters stopped VMs\' disks in one statement with the same records and daily sums as one by one', async () => {
    const { tenant } = await tenantWith({ owner: 'owner' });
    // Two stopped VMs (disks of 5 and 10 GiB) and one still pending (no disk yet), idle after 09:00 on the 2nd.
    const vm = (disk: number) => instanceWithHistory(tenant.id, 'qemu-small', [['2026-11-02T08:00:00Z', 'creating'], ['2026-11-02T08:00:10Z', 'running'], ['2026-11-02T09:00:00Z', 'stopped']], true).then((i) => db().instance.update({ where: { id: i.id }, data: { diskGib: disk } }));
    const [a, b] = [await vm(5), await vm(10)];
    const pending = await instanceWithHistory(tenant.id, 'qemu-small', [['2026-11-02T08:00:00Z', 'pending']], true);
    // Metered in steps: the first pass meters them one by one (events in the hour), the later ones in one statement,
    // across an hour boundary, half an hour and a midnight.
    for (const t of ['2026-11-02T09:20:00Z', '2026-11-02T10:45:30.250Z', '2026-11-02T11:15:00Z', '2026-11-03T01:30:00.125Z']) await meterPass(db(), { now: new Date(t), tenantId: tenant.id });
    const rows = await db().instance.findMany({ where: { tenantId: tenant.id }, select: { meteredUntil: true } });
    expect(rows.every((r) => r.meteredUntil?.toISOString() === '2026-11-03T01:30:00.125Z')).toBe(true);
    const daily = () =>
      db().usageDaily.findMany({ where: { tenantId: tenant.id }, orderBy: { id: 'asc' } }).then((r) => r.map((d) => `${d.id}=${d.quantity.toFixed()}`));
    const stepwise = { usage: await usage(tenant.id), daily: await daily() };
    expect(stepwise.usage.filter((u) => u.startsWith(pending.id))).toEqual([]);
    // 10:00–11:00 on the 2nd, whole: 3600 s × 5 GiB; the last hour metered (01:00–01:30:00.125 on the 3rd): 1800.125 s × 10 GiB.
    expect(stepwise.usage).toContain(`${a.id}:disk_gib_seconds:2026-11-02T10:00:00.000Z=18000`);
    expect(stepwise.usage).toContain(`${b.id}:disk_gib_seconds:2026-11-03T01:00:00.000Z=18001.25`);
    // The same as metering everything again one by one, from nothing.
    await db().usageRecord.deleteMany({ where: { tenantId: tenant.id } });
    await db().usageDaily.deleteMany({ where: { tenantId: tenant.id } });
    await db().instance.updateMany({ where: { tenantId: tenant.id }, data: { meteredUntil: null } });
    await meterPass(db(), { now: new Date('2026-11-03T01:30:00.125Z'), tenantId: tenant.id });
    expect({ usage: await usage(tenant.id), daily: await daily() }).toEqual(stepwise);
  });

  it('replaying all events gives the same usage, and metering in steps (a crash between them) the same as at once', async () => {
    const { tenant } = await tenantWith({ owner: 'owner' });
    const history: [string, InstanceStatus][] = [['2026-11-02T08:00:00Z', 'creating'], ['2026-11-02T08:00:10Z', 'running'], ['2026-11-03T09:15:00Z', 'stopped'], ['2026-11-04T10:00:00Z', 'running'], ['2026-11-05T00:30:00Z', 'deleted']];
    const a = await instanceWithHistory(tenant.id, 'docker-small', history);
    // Metered in four steps, as a console that crashes and restarts between passes would.
    for (const t of ['2026-11-02T08:20:00Z', '2026-11-03T09:20:00Z', '2026-11-04T10:10:00Z', '2026-11-22T00:00:00Z']) await meterPass(db(), { now: new Date(t), tenantId: tenant.id });
    const stepwise = await usage(tenant.id);
    // Replay everything from nothing, twice.
    for (let i = 0; i < 2; i++) {
      await db().instance.update({ where: { id: a.id }, data: { meteredUntil: null } });
      await meterPass(db(), { now: new Date('2026-11-22T00:00:00Z'), tenantId: tenant.id });
      expect(await usage(tenant.id)).toEqual(stepwise);
    }
    const seconds = (await db().usageRecord.findMany({ where: { tenantId: tenant.id } })).reduce((s, r) => s + Number(r.quantity), 0);
    // Running: 08:00:10 on the 2nd → 09:15 on the 3rd, and 10:00 on the 4th → 00:30 on the 5th.
    expect(seconds).toBe((25 * 3600 + 14 * 60 + 50) + (14 * 3600 + 30 * 60));
  });

  it('prices each stretch of a month with the prices in force then', async () => {
    const { tenant } = await tenantWith({ owner: 'owner' });
    await instanceWithHistory(tenant.id, 'docker-medium', [['2026-08-31T23:00:00Z', 'creating'], ['2026-09-01T00:00:00Z', 'running'], ['2026-10-01T00:00:00Z', 'deleted']]);
    const catalog = await billingCatalogAt(new Date('2026-09-01T00:00:00Z'));
    // A price rise from 06:00 on 16 September (written directly: the admin's path refuses dates in the past). Mid-day,
    // so that day is priced from hourly records on both sides of the change and the other days from daily sums.
    const change = new Date('2026-09-16T06:00:00Z');
    await db().priceRate.create({ data: { catalogId: catalog.id, provider: 'docker', unit: 'vcpu_hour', unitPrice: '0.04', effectiveFrom: change } });
    try {
      await meterPass(db(), { now: new Date('2026-11-01T00:00:00Z'), tenantId: tenant.id });
      const bill = await computeBill(db(), tenant.id, '2026-09');
      // 366 h × 0.02 = 7.32 and 354 h × 0.04 = 14.16 of vCPU; memory 183 GiB-h → 0.4575 and 177 GiB-h → 0.4425.
      expect(bill.lines.map((l) => [l.unit, l.quantity, l.unitPrice, l.amountMinor])).toEqual([
        ['vcpu_hour', '366', '0.02', 732],
        ['memory_gib_hour', '183', '0.0025', 46],
        ['vcpu_hour', '354', '0.04', 1416],
        ['memory_gib_hour', '177', '0.0025', 44],
      ]);
      expect(bill.totalMinor).toBe(2238);
      expect(bill.byDay).toHaveLength(30);
    } finally {
      await db().priceRate.deleteMany({ where: { catalogId: catalog.id, effectiveFrom: change } });
    }
  });

  it('shows a tenant only its own month, and only to owners', async () => {
    const a = await tenantWith({ owner: 'owner', member: 'member' });
    const b = await tenantWith({ owner: 'owner' });
    await instanceWithHistory(a.tenant.id, 'docker-large', [['2026-11-01T00:00:00Z', 'running']]);
    const mine = await tenantMonth(await contextFor(a.people.owner.userId, a.tenant.id));
    expect(mine.totalMinor).toBeGreaterThan(0);
    const theirs = await tenantMonth(await contextFor(b.people.owner.userId, b.tenant.id));
    expect(theirs.lines).toEqual([]);
    expect(theirs.totalMinor).toBe(0);
    const memberCtx = await contextFor(a.people.member.userId, a.tenant.id);
    expect((await errorOf(() => tenantMonth(memberCtx))).code).toBe('forbidden');
    // An outsider's context for A (no membership) is refused too.
    const outsider = await contextFor(b.people.owner.userId, a.tenant.id);
    expect((await errorOf(() => tenantMonth(outsider))).code).toBe('forbidden');
  });

  it('gives the dashboard the month as of at most a minute ago, fresh again after a budget change, to owners only', async () => {
    const { tenant, people } = await tenantWith({ owner: 'owner', member: 'member' });
    const ctx = await contextFor(people.owner.userId, tenant.id);
    // Running since the start of this month (real time: the summary is of the current month).
    const monthStart = `${new Date().toISOString().slice(0, 7)}-01T00:00:00Z`;
    await instanceWithHistory(tenant.id, 'docker-large', [[monthStart, 'running']]);
    const first = await tenantMonthSummary(ctx, 60_000);
    expect(first.totalMinor).toBeGreaterThan(0);
    // A second one since the start of the month: within the minute the summary is the one computed before …
    await instanceWithHistory(tenant.id, 'docker-large', [[monthStart, 'running']]);
    expect((await tenantMonthSummary(ctx, 60_000)).totalMinor).toBe(first.totalMinor);
    // … while the billing page's month (and, after it, the summary) is computed afresh.
    const fresh = await tenantMonth(ctx);
    expect(fresh.totalMinor).toBeGreaterThan(first.totalMinor);
    expect((await tenantMonthSummary(ctx, 60_000)).totalMinor).toBe(fresh.totalMinor);
    // A budget change is seen at once.
    await setBudget(ctx, { amount: 0.01 });
    expect((await tenantMonthSummary(ctx, 60_000)).budget?.amountMinor).toBe(1);
    const memberCtx = await contextFor(people.member.userId, tenant.id);
    expect((await errorOf(() => tenantMonthSummary(memberCtx, 60_000))).code).toBe('forbidden');
  });

  it('raises budget alerts once and blocks creates at 100 % when asked to', async () => {
    const { tenant, people } = await tenantWith({ owner: 'owner' });
    const ctx = await contextFor(people.owner.userId, tenant.id);
    // c1.large (2 vCPU, 1 GiB) since the 1st: at 0.0425 an hour it has spent more than 0.50 by now.
    await instanceWithHistory(tenant.id, 'docker-large', [['2026-11-01T00:00:00Z', 'running']]);
    await setBudget(ctx, { amount: 0.5, blockCreates: true });
    // Evaluated at a fixed moment, so the test does not depend on today's date.
    const now = new Date('2026-11-22T12:00:00Z');
    const month = await monthFor(db(), tenant.id, '2026-11', now);
    expect(month.budget?.alerts.map((a) => `${a.threshold}/${a.basis}`).sort()).toEqual(['100/actual', '100/forecast', '80/actual', '80/forecast']);
    await monthFor(db(), tenant.id, '2026-11', now);
    expect(await db().budgetAlert.count({ where: { tenantId: tenant.id, month: '2026-11' } })).toBe(4);
    expect((await errorOf(() => assertWithinBudget(db(), tenant.id, now))).code).toBe('budget_exceeded');
    await setBudget(ctx, { amount: 1_000_000, blockCreates: true });
    await expect(assertWithinBudget(db(), tenant.id, now)).resolves.toBeUndefined();
    expect((await errorOf(() => setBudget(ctx, { amount: -5 }))).fields.amount).toBeTruthy();
  });
});

describe('price catalog changes', () => {
  it('refuses malformed imports and past dates, leaving the catalog unchanged', async () => {
    const admin = await createUser({ isPlatformAdmin: true });
    const before = await db().priceRate.count();
    const good = { name: 'Imported', currency: 'EUR', hoursPerMonth: 730, rates: [{ provider: 'docker', unit: 'vcpu_hour', unitPrice: '0.03' }] };
    const bad: [unknown, string][] = [
      [{ ...good, rates: [{ provider: 'docker', unit: 'vcpu_hour', unitPrice: '-1' }] }, 'rates.0.unitPrice'],
      [{ ...good, rates: [{ provider: 'docker', unit: 'parsec', unitPrice: '1' }] }, 'rates.0.unit'],
      [{ ...good, rates: [{ provider: 'docker', unit: 'vcpu_hour', unitPrice: '99999999' }] }, 'rates.0.unitPrice'],
      [{ ...good, rates: [good.rates[0], good.rates[0]] }, 'rates.1'],
      [{ ...good, rates: [{ provider: 'docker', unit: 'flavor_hour', unitPrice: '1' }] }, 'rates.0.flavor'],
      [{ ...good, currency: 'XXX' }, 'currency'],
      [{ ...good, hoursPerMonth: 5 }, 'hoursPerMonth'],
      ['not an object', '_'],
    ];
    for (const [input, field] of bad) {
      const e = await errorOf(() => importCatalog(admin, input));
      expect(e.code, JSON.stringify(input)).toBe('validation_failed');
      expect(Object.keys(e.fields), JSON.stringify(input)).toContain(field);
    }
    expect((await errorOf(() => importCatalog(admin, good, '2020-01-01'))).fields.effectiveFrom).toMatch(/retroactive|past/i);
    expect(await db().priceRate.count()).toBe(before);
    expect(await db().priceCatalog.count({ where: { name: 'Imported' } })).toBe(0);

    const created = await importCatalog(admin, good);
    expect(created).toMatchObject({ created: true, changed: 1 });
    const at = new Date(Date.now() + 3_600_000);
    expect(await setRate(admin, created.id, { provider: 'docker', unit: 'vcpu_hour', unitPrice: '0.05' }, { effectiveFrom: at.toISOString() })).toBe(1);
    expect(await db().auditEvent.count({ where: { targetId: created.id } })).toBe(2);
  });

  it('gives platform admins every tenant\'s month, with the totals each tenant sees; anyone else gets 404', async () => {
    const admin = await createUser({ isPlatformAdmin: true });
    const made: { id: string; name: string }[] = [];
    for (const [i, flavor] of ['docker-nano', 'docker-small', 'docker-medium', 'docker-small', 'docker-nano'].entries()) {
      const { tenant } = await tenantWith({ owner: 'owner' });
      await instanceWithHistory(tenant.id, flavor, [['2026-10-02T00:00:00Z', 'creating'], [`2026-10-0${3 + i}T00:00:00Z`, 'running'], ['2026-10-20T00:00:00Z', 'deleted']]);
      made.push(tenant);
    }
    const view = await platformMonth(admin, '2026-10');
    expect(view.month).toBe('2026-10');
    // By name (these names sort alike in every collation: "Tenant " and lower-case hex).
    const names = view.rows.filter((r) => made.some((t) => t.id === r.tenant.id)).map((r) => r.tenant.name);
    expect(names).toEqual(made.map((t) => t.name).sort());
    for (const t of made) {
      const row = view.rows.find((r) => r.tenant.id === t.id)!;
      const own = await monthFor(db(), t.id, '2026-10');
      expect(row.totalMinor).toBeGreaterThan(0);
      expect([row.totalMinor, row.status, row.currency]).toEqual([own.totalMinor, 'closed', own.currency]);
    }
    const someone = await createUser();
    expect((await errorOf(() => platformMonth({ ...someone, isPlatformAdmin: false }, '2026-10'))).code).toBe('not_found');
  });
});
