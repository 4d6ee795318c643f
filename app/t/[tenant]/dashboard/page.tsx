import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, PageHeader } from '@/components/ui/card';
import { QuotaTable } from '@/components/tenants/quota-table';
import { pageTenant } from '@/lib/auth/page';
import { can } from '@/lib/auth/policy';
import { tenantOverview } from '@/lib/tenants/queries';
import { usageOf } from '@/lib/instances/usage';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function DashboardPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const ctx = await pageTenant(slug);
  const [overview, { usage }] = await Promise.all([tenantOverview(ctx.tenant.id), usageOf(ctx)]);
  const role = ctx.principal.role ?? 'platform admin';
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
          <p className="text-3xl font-semibold">0</p>
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
      {overview.quota && can(ctx.principal, 'quota.read', ctx.tenant) ? (
        <Card title="Quota" className="mt-4">
          <QuotaTable quota={overview.quota} used={{ maxInstances: usage.instances, maxVcpus: usage.cpuMillis / 1000, maxMemoryMib: usage.memoryMib }} />
        </Card>
      ) : null}
    </>
  );
}
