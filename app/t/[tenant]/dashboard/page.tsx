import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, PageHeader } from '@/components/ui/card';
import { QuotaTable } from '@/components/tenants/quota-table';
import { pageTenant } from '@/lib/auth/page';
import { can } from '@/lib/auth/policy';
import { tenantOverview } from '@/lib/tenants/queries';
import { usageOf } from '@/lib/instances/usage';
import { functionUsage } from '@/lib/functions/queries';
import { tenantMonth } from '@/lib/billing/service';
import { formatMoney } from '@/lib/billing/units';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function DashboardPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const ctx = await pageTenant(slug);
  const [overview, { usage }, fnUsage] = await Promise.all([tenantOverview(ctx.tenant.id), usageOf(ctx), functionUsage(ctx)]);
  const role = ctx.principal.role ?? 'platform admin';
  const month = can(ctx.principal, 'billing.read', ctx.tenant) ? await tenantMonth(ctx) : null;
  return (
    <>
      <PageHeader title={ctx.tenant.name} description={`Dashboard · you are ${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role} here`} />
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
          <QuotaTable quota={overview.quota} used={{ maxInstances: usage.instances, maxFunctions: fnUsage.functions, maxVcpus: usage.cpuMillis / 1000, maxMemoryMib: usage.memoryMib, maxDiskGib: usage.diskGib }} />
        </Card>
      ) : null}
    </>
  );
}
