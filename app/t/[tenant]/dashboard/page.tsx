import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, PageHeader } from '@/components/ui/card';
import { QuotaTable } from '@/components/tenants/quota-table';
import { pageTenant } from '@/lib/auth/page';
import { can } from '@/lib/auth/policy';
import { tenantOverview } from '@/lib/tenants/queries';
import { quotaItems } from '@/lib/tenants/quota-view';
import { usageOf } from '@/lib/instances/usage';
import { functionUsage } from '@/lib/functions/queries';
import { tenantMonthSummary } from '@/lib/billing/service';
import { formatMoney } from '@/lib/billing/units';
import { gettingStarted } from '@/lib/tenants/getting-started';
import { GettingStarted } from '@/components/tenants/getting-started';

export const metadata: Metadata = { title: 'Dashboard' };

// Two periods of the billing loop: its pass starts a minute after the last one ended, so a one-minute bound left the
// last seconds of each period to a view of its own, metering the whole organisation (seconds at 10,000 instances).
const DASHBOARD_COST_MAX_STALE_MS = 120_000;

export default async function DashboardPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const ctx = await pageTenant(slug);
  const [overview, { usage }, fnUsage, steps] = await Promise.all([tenantOverview(ctx.tenant.id), usageOf(ctx), functionUsage(ctx), gettingStarted(ctx)]);
  const role = ctx.principal.role ?? 'platform admin';
  // The cost so far as of at most two minutes ago (the billing loop meters once a minute): metering and pricing a tenant
  // with thousands of instances on every view would cost more than the rest of the page. The billing page is exact.
  const month = can(ctx.principal, 'billing.read', ctx.tenant) ? await tenantMonthSummary(ctx, DASHBOARD_COST_MAX_STALE_MS) : null;
  return (
    <>
      <PageHeader title={ctx.tenant.name} description={`Dashboard · you are ${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role} here`} />
      {steps.some((s) => !s.done) ? <GettingStarted steps={steps} /> : null}
      <div className="grid gap-4 md:grid-cols-3">
        <Card title="Instances">
          <p className="text-3xl font-semibold" data-testid="instance-count">
            {usage.instances}
          </p>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            <Link className="underline" href={`/t/${slug}/instances`}>
              View instances
            </Link>
          </p>
        </Card>
        <Card title="Functions">
          <p className="text-3xl font-semibold" data-testid="function-count">
            {fnUsage.functions}
          </p>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            <Link className="underline" href={`/t/${slug}/functions`}>
              View functions
            </Link>
          </p>
        </Card>
        <Card title="Members">
          <p className="text-3xl font-semibold" data-testid="member-count">
            {overview.members}
          </p>
          {can(ctx.principal, 'members.read', ctx.tenant) ? (
            <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
              <Link className="underline" href={`/t/${slug}/settings/members`}>
                Manage members
              </Link>
            </p>
          ) : null}
        </Card>
      </div>
      {month ? (
        <Card title={`Cost this month (${month.month})`} className="mt-4">
          <p className="text-sm">
            <span className="text-2xl font-semibold tabular-nums">{formatMoney(month.totalMinor, month.currency, month.minorUnits)}</span> so far; forecast{' '}
            {formatMoney(month.forecastMinor ?? month.totalMinor, month.currency, month.minorUnits)} by the end of the month.{' '}
            <Link className="underline" href={`/t/${slug}/billing`}>
              Billing
            </Link>
          </p>
          {month.budget?.alerts.length ? (
            <p className="mt-1 text-sm text-red-700 dark:text-red-400">
              Budget alert: {month.budget.alerts.at(-1)!.threshold} % of {formatMoney(month.budget.amountMinor, month.currency, month.minorUnits)} reached ({month.budget.alerts.at(-1)!.basis}).
            </p>
          ) : null}
        </Card>
      ) : null}
      {overview.quota && can(ctx.principal, 'quota.read', ctx.tenant) ? (
        <Card title="Quota" className="mt-4">
          <QuotaTable items={await quotaItems(ctx.tenant.id)} />
        </Card>
      ) : null}
    </>
  );
}
