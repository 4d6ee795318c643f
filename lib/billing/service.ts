// What the console and the API ask of billing, scoped by the tenant of the session: the month's bill with its
// forecast and budget, closed months' invoices, and the budget itself. Only owners (and platform admins) see it.
import 'server-only';
import { z } from 'zod';
import { db } from '@/lib/db/client';
import { AppError, notFoundError, parseInput } from '@/lib/errors';
import { authorize, type SessionUser, type TenantContext } from '@/lib/auth/context';
import { recordAudit } from '@/lib/audit/record';
import { uniqueViolation } from '@/lib/db/unique';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { computeBill, type Bill, type BillLine } from './bill';
import { meterIfStale, meterPass } from './meter';
import { billingCatalogAt } from './catalogs';
import { forecastRestOfMonth } from './forecast';
import { monthOf, monthRange } from './timeline';
import { labelBreakdown, labelText, type LabelCost } from '@/lib/labels/labels';
import { labelsOfResources } from '@/lib/labels/service';

export type BudgetView = { amountMinor: number; blockCreates: boolean; alerts: { threshold: number; basis: string; spentMinor: number; createdAt: string }[] };
export type MonthView = Bill & {
  status: 'open' | 'closed';
  forecastMinor: number | null;
  budget: BudgetView | null;
};

export const ZMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'A month is written YYYY-MM.');

/** A month from a page's address: itself when well formed and started, else undefined (the page shows this month). */
export function monthFromAddress(input: string | undefined): string | undefined {
  return ZMonth.safeParse(input).success && input! <= monthOf(new Date()) ? input : undefined;
}

const invoiceId = (tenantId: string, month: string) => `${tenantId}:${month}`;

/**
 * A tenant's month: frozen when closed, computed (after metering what is due) while open. With `maxStaleMs`, the
 * metering is skipped when a complete pass covered the tenant less than that long ago (see meterIfStale).
 */
export async function monthFor(client: PrismaClient, tenantId: string, month: string, now = new Date(), opts: { maxStaleMs?: number } = {}): Promise<MonthView> {
  const key = `${tenantId}:${month}`;
  const recent = recentMonths.get(key);
  if (opts.maxStaleMs && recent && recent.at <= now.getTime() && now.getTime() - recent.at < opts.maxStaleMs) return recent.view;
  const view = await computeMonth(client, tenantId, month, now, opts);
  if (recentMonths.size > 10_000) recentMonths.clear();
  recentMonths.set(key, { at: now.getTime(), view });
  return view;
}

/**
 * Months computed by this process lately, for callers that accept a figure up to `maxStaleMs` old (monthFor): one
 * view of a tenant with 10,000 instances costs ~0.5 s (its bill has as many lines). A budget change drops them.
 */
const recentMonths = new Map<string, { at: number; view: MonthView }>();

function forgetMonths(tenantId: string): void {
  for (const k of recentMonths.keys()) if (k.startsWith(`${tenantId}:`)) recentMonths.delete(k);
}

async function computeMonth(client: PrismaClient, tenantId: string, month: string, now: Date, opts: { maxStaleMs?: number }): Promise<MonthView> {
  const current = monthOf(now);
  if (month > current) throw new AppError('validation_failed', 'That month has not started yet.', { month: 'Choose this month or an earlier one.' });
  if (month < current) {
    const closed = await closeMonth(client, tenantId, month, now);
    return { ...closed, status: 'closed', forecastMinor: null, budget: null };
  }
  if (opts.maxStaleMs) await meterIfStale(client, tenantId, now, opts.maxStaleMs);
  else await meterPass(client, { now, tenantId });
  const bill = await computeBill(client, tenantId, month);
  const catalog = await billingCatalogAt(now, client);
  const forecastMinor = bill.totalMinor + (await forecastRestOfMonth(client, tenantId, catalog, now, monthRange(month).end));
  const budget = await evaluateBudget(client, tenantId, month, bill.totalMinor, forecastMinor);
  return { ...bill, status: 'open', forecastMinor, budget };
}

/** Freezes a finished month as an invoice (once: a second closer finds it there) and returns it. */
export async function closeMonth(client: PrismaClient, tenantId: string, month: string, now = new Date()): Promise<Bill> {
  const existing = await client.invoice.findUnique({ where: { id: invoiceId(tenantId, month) } });
  if (existing) return invoiceBill(existing);
  if (monthRange(month).end > now) throw new Error(`month ${month} has not ended`);
  await meterPass(client, { now, tenantId, batch: 100_000 });
  const bill = await computeBill(client, tenantId, month);
  // A month without any usage (before the tenant existed, or idle) gets no invoice.
  if (!bill.lines.length && !bill.unpriced.length) return bill;
  try {
    await client.invoice.create({
      data: { id: invoiceId(tenantId, month), tenantId, month, currency: bill.currency, minorUnits: bill.minorUnits, totalMinor: bill.totalMinor, lines: bill as object },
    });
  } catch (err) {
    if (!uniqueViolation(err)) throw err;
    return invoiceBill(await client.invoice.findUniqueOrThrow({ where: { id: invoiceId(tenantId, month) } }));
  }
  return bill;
}

function invoiceBill(inv: { lines: unknown }): Bill {
  return inv.lines as Bill;
}

/** Closes last month for every tenant that used something in it; run by the background loop. */
export async function closeFinishedMonths(client: PrismaClient, now = new Date()): Promise<number> {
  const last = monthOf(new Date(monthRange(monthOf(now)).start.getTime() - 1));
  const { start, end } = monthRange(last);
  const tenants = await client.$queryRaw<{ tenantId: string }[]>`
    SELECT DISTINCT u."tenantId" FROM "UsageRecord" u
    WHERE u."hourStart" >= ${start} AND u."hourStart" < ${end}
      AND NOT EXISTS (SELECT 1 FROM "Invoice" v WHERE v."tenantId" = u."tenantId" AND v.month = ${last})`;
  for (const t of tenants) await closeMonth(client, t.tenantId, last, now);
  return tenants.length;
}

const THRESHOLDS = [80, 100] as const;

/** Records alerts newly crossed (each once per month, threshold and basis) and returns the budget with its alerts. */
export async function evaluateBudget(client: PrismaClient, tenantId: string, month: string, actualMinor: number, forecastMinor: number): Promise<BudgetView | null> {
  const budget = await client.budget.findUnique({ where: { tenantId } });
  if (!budget) return null;
  const crossed = THRESHOLDS.flatMap((threshold) =>
    (
      [
        ['actual', actualMinor],
        ['forecast', forecastMinor],
      ] as const
    )
      .filter(([, spent]) => spent * 100 >= budget.amountMinor * threshold)
      .map(([basis, spent]) => ({ tenantId, month, threshold, basis, spentMinor: spent, budgetMinor: budget.amountMinor })),
  );
  if (crossed.length) await client.budgetAlert.createMany({ data: crossed, skipDuplicates: true });
  const alerts = await client.budgetAlert.findMany({ where: { tenantId, month, budgetMinor: budget.amountMinor }, orderBy: { createdAt: 'asc' } });
  return {
    amountMinor: budget.amountMinor,
    blockCreates: budget.blockCreates,
    alerts: alerts.map((a) => ({ threshold: a.threshold, basis: a.basis, spentMinor: a.spentMinor, createdAt: a.createdAt.toISOString() })),
  };
}

/** Refuses a create when the tenant's owner chose to block creates at 100 % of the budget and it is spent. */
export async function assertWithinBudget(client: PrismaClient, tenantId: string, now = new Date()): Promise<void> {
  const budget = await client.budget.findUnique({ where: { tenantId } });
  if (!budget?.blockCreates) return;
  const month = monthOf(now);
  await meterPass(client, { now, tenantId });
  const bill = await computeBill(client, tenantId, month);
  if (bill.totalMinor >= budget.amountMinor) {
    throw new AppError('budget_exceeded', 'This month’s budget is spent and the owner chose to block new resources until it is raised or the month ends.');
  }
}

// ------------------------------------------------------------------------------------------ tenant-facing calls

/** A month as its owners see it: with the cost per label (labels as they are now, also for closed months). */
export type TenantMonthView = MonthView & { byLabel: LabelCost[] };

export async function tenantMonth(ctx: TenantContext, monthInput?: unknown): Promise<TenantMonthView> {
  authorize(ctx, 'billing.read');
  const month = monthInput ? parseInput(ZMonth, monthInput) : monthOf(new Date());
  const view = await monthFor(db(), ctx.tenant.id, month);
  const ids = (pick: (l: BillLine) => string | null) => [...new Set(view.lines.flatMap((l) => pick(l) ?? []))];
  const labels = await labelsOfResources(ctx.tenant.id, ids((l) => l.instanceId), ids((l) => l.functionId));
  const byLabel = labelBreakdown(view.lines.map((l) => ({ resourceId: l.instanceId ?? l.functionId, amountMinor: l.amountMinor })), labels);
  return { ...view, byLabel };
}

/**
 * The month's totals for a summary (the dashboard): as of at most `maxStaleMs` ago (metering and the bill itself, see
 * monthFor), without the per-label breakdown.
 */
export async function tenantMonthSummary(ctx: TenantContext, maxStaleMs: number): Promise<MonthView> {
  authorize(ctx, 'billing.read');
  return monthFor(db(), ctx.tenant.id, monthOf(new Date()), new Date(), { maxStaleMs });
}

export async function tenantInvoices(ctx: TenantContext) {
  authorize(ctx, 'billing.read');
  return db().invoice.findMany({
    where: { tenantId: ctx.tenant.id },
    select: { month: true, currency: true, minorUnits: true, totalMinor: true, createdAt: true },
    orderBy: { month: 'desc' },
  });
}

/** The lines, the total, then (with `byLabel`) one row per label value: kind `label`, description `key=value`. */
export function billCsv(bill: Bill, byLabel: LabelCost[] = []): string {
  const head = 'month,instance,kind,description,unit,quantity,free_quantity,unit_price,currency,amount';
  const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const money = (minor: number) => (minor / 10 ** bill.minorUnits).toFixed(bill.minorUnits);
  const rows = bill.lines.map((l: BillLine) =>
    [bill.month, l.instanceName, l.kind, l.description, l.unit, l.quantity, l.freeQuantity, l.unitPrice, bill.currency, money(l.amountMinor)].map(cell).join(','),
  );
  const labelRows = byLabel.flatMap((k) =>
    [...k.values.map((v) => labelText(k.key, v.value)), `${k.key} (none)`].map((text, i) =>
      [bill.month, '', 'label', text, '', '', '', '', bill.currency, money(i < k.values.length ? k.values[i].amountMinor : k.unlabelledMinor)].map(cell).join(','),
    ),
  );
  return [head, ...rows, ['', '', '', 'Total', '', '', '', '', bill.currency, money(bill.totalMinor)].join(','), ...labelRows].join('\n') + '\n';
}

/** A JSON number and a boolean: `amount: true` or `"12"` is refused (the billing form sends numbers, lib/form-number.ts). */
export const ZBudget = z.strictObject({
  amount: z
    .number({ error: 'Enter an amount.' })
    .refine(Number.isFinite, 'Enter an amount.')
    .min(0.01, 'At least 0.01.')
    .max(10_000_000, 'At most 10,000,000.')
    .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, 'At most two decimals.'),
  blockCreates: z.boolean({ error: 'blockCreates must be true or false.' }).default(false),
});

export async function setBudget(ctx: TenantContext, input: unknown): Promise<BudgetView | null> {
  authorize(ctx, 'billing.manage');
  const b = parseInput(ZBudget, input);
  const catalog = await billingCatalogAt();
  const amountMinor = Math.round(b.amount * 10 ** catalog.minorUnits);
  await db().$transaction(async (tx) => {
    await tx.budget.upsert({
      where: { tenantId: ctx.tenant.id },
      create: { tenantId: ctx.tenant.id, amountMinor, blockCreates: b.blockCreates, updatedById: ctx.user.id },
      update: { amountMinor, blockCreates: b.blockCreates, updatedById: ctx.user.id },
    });
    await recordAudit(tx, { tenantId: ctx.tenant.id, actorId: ctx.user.id, action: 'billing.budget_set', targetType: 'budget', targetId: ctx.tenant.id, metadata: { amountMinor, blockCreates: b.blockCreates } });
  });
  forgetMonths(ctx.tenant.id);
  return (await monthFor(db(), ctx.tenant.id, monthOf(new Date()))).budget;
}

export async function removeBudget(ctx: TenantContext): Promise<void> {
  authorize(ctx, 'billing.manage');
  await db().$transaction(async (tx) => {
    const { count } = await tx.budget.deleteMany({ where: { tenantId: ctx.tenant.id } });
    if (!count) throw notFoundError('budget');
    await recordAudit(tx, { tenantId: ctx.tenant.id, actorId: ctx.user.id, action: 'billing.budget_removed', targetType: 'budget', targetId: ctx.tenant.id });
  });
  forgetMonths(ctx.tenant.id);
}

/** Every tenant's total for a month (platform admins). */
export async function platformMonth(admin: SessionUser, monthInput?: unknown) {
  if (!admin.isPlatformAdmin) throw notFoundError();
  const month = monthInput ? parseInput(ZMonth, monthInput) : monthOf(new Date());
  const tenants = await db().tenant.findMany({ select: { id: true, slug: true, name: true, status: true }, orderBy: { name: 'asc' } });
  // One tenant after another: the embedded database runs one query at a time anyway, and several tenants at once
  // would take most of a small connection pool from the rest of the console.
  const rows = [];
  for (const t of tenants) {
    const m = await monthFor(db(), t.id, month);
    rows.push({ tenant: t, totalMinor: m.totalMinor, forecastMinor: m.forecastMinor, currency: m.currency, minorUnits: m.minorUnits, status: m.status });
  }
  return { month, rows };
}

