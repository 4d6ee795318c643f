import type { Metadata } from 'next';
import { When } from '@/components/ui/locale';
import Link from 'next/link';
import { Card, Notice, PageHeader } from '@/components/ui/card';
import { pageTenantFor } from '@/lib/auth/page';
import { monthFromAddress, tenantInvoices, tenantMonth } from '@/lib/billing/service';
import { formatMoney } from '@/lib/billing/units';
import { BillLines } from '@/components/billing/bill-lines';
import { LabelCosts } from '@/components/billing/label-costs';
import { CostChart } from '@/components/billing/cost-chart';
import { BudgetForm } from '@/components/billing/budget-form';
import { setBudgetAction } from './actions';

export const metadata: Metadata = { title: 'Billing' };

type Props = { params: Promise<{ tenant: string }>; searchParams: Promise<{ month?: string }> };

export default async function BillingPage({ params, searchParams }: Props) {
  const { tenant: slug } = await params;
  const { month: monthParam } = await searchParams;
  const ctx = await pageTenantFor(slug, 'billing.read');
  // A malformed or future month in the address shows this month rather than an error page.
  const month = monthFromAddress(monthParam);
  const [bill, invoices] = await Promise.all([tenantMonth(ctx, month), tenantInvoices(ctx)]);
  const money = (minor: number) => formatMoney(minor, bill.currency, bill.minorUnits);
  const budget = bill.budget;
  const usedPct = budget ? Math.round((bill.totalMinor / budget.amountMinor) * 100) : 0;
  return (
    <>
      <PageHeader
        title="Billing"
        description={`${bill.month} (UTC), priced with “${bill.catalog}”. Visible to owners only.`}
        actions={
          <>
            <Link href={`/t/${slug}/calculator`} className="rounded-md border border-zinc-300 px-3 py-2 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800">
              Cost calculator
            </Link>
            <a href={`/api/v1/tenants/${slug}/billing/csv?month=${bill.month}`} className="rounded-md border border-zinc-300 px-3 py-2 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800">
              Download CSV
            </a>
            <Link href={`/t/${slug}/billing/invoice/${bill.month}`} className="rounded-md border border-zinc-300 px-3 py-2 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800">
              Printable
            </Link>
          </>
        }
      />
      <div className="space-y-6">
        {budget?.alerts.map((a) => (
          <Notice key={`${a.threshold}-${a.basis}`} tone={a.threshold >= 100 ? 'error' : 'warning'}>
            {a.basis === 'actual' ? 'Spent' : 'Forecast'} reached {a.threshold} % of the {money(budget.amountMinor)} budget ({money(a.spentMinor)}, <When at={a.createdAt} />).
            {a.threshold >= 100 && a.basis === 'actual' && budget.blockCreates ? ' New instances are blocked until the budget is raised or the month ends.' : ''}
          </Notice>
        ))}
        <div className="grid gap-4 sm:grid-cols-3">
          <Card title={bill.status === 'open' ? 'Month to date' : 'Total (closed)'}>
            <p className="text-3xl font-semibold tabular-nums" data-testid="month-to-date">
              {money(bill.totalMinor)}
            </p>
          </Card>
          <Card title="Forecast to month end">
            <p className="text-3xl font-semibold tabular-nums" data-testid="forecast">
              {bill.forecastMinor === null ? '—' : money(bill.forecastMinor)}
            </p>
            <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">If what runs now keeps running.</p>
          </Card>
          <Card title="Budget">
            {budget ? (
              <>
                <p className="text-3xl font-semibold tabular-nums">{money(budget.amountMinor)}</p>
                <div className="mt-2 h-2 rounded bg-zinc-200 dark:bg-zinc-800" role="progressbar" aria-label="Budget spent" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.min(100, usedPct)}>
                  <div className={`h-2 rounded ${usedPct >= 100 ? 'bg-red-600' : usedPct >= 80 ? 'bg-amber-500' : 'bg-emerald-600'}`} style={{ width: `${Math.min(100, usedPct)}%` }} />
                </div>
                <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">{usedPct} % spent</p>
              </>
            ) : (
              <p className="text-sm text-zinc-700 dark:text-zinc-300">No budget set.</p>
            )}
          </Card>
        </div>
        <Card title="Cost by day">
          <CostChart days={bill.byDay} month={bill.month} currency={bill.currency} minorUnits={bill.minorUnits} />
        </Card>
        <Card title="Charges">
          <BillLines bill={bill} />
        </Card>
        <Card title="Cost by label">
          <LabelCosts byLabel={bill.byLabel} currency={bill.currency} minorUnits={bill.minorUnits} />
        </Card>
        <div className="grid gap-6 lg:grid-cols-2">
          <Card title="Months">
            <ul className="space-y-1 text-sm">
              <li>
                <Link href={`/t/${slug}/billing`} className="underline">
                  This month (open)
                </Link>
              </li>
              {invoices.map((inv) => (
                <li key={inv.month} className="flex justify-between gap-4">
                  <Link href={`/t/${slug}/billing?month=${inv.month}`} className="underline">
                    {inv.month}
                  </Link>
                  <span className="tabular-nums">{formatMoney(inv.totalMinor, inv.currency, inv.minorUnits)}</span>
                </li>
              ))}
            </ul>
          </Card>
          <Card title="Monthly budget">
            <BudgetForm
              action={setBudgetAction.bind(null, slug)}
              amount={budget ? (budget.amountMinor / 10 ** bill.minorUnits).toFixed(bill.minorUnits) : ''}
              blockCreates={budget?.blockCreates ?? false}
              currency={bill.currency}
            />
          </Card>
        </div>
      </div>
    </>
  );
}
