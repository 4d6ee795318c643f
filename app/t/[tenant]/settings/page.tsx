import type { Metadata } from 'next';
import { Card, PageHeader } from '@/components/ui/card';
import { QuotaTable } from '@/components/tenants/quota-table';
import { RenameForm } from '@/components/tenants/rename-form';
import { SettingsTabs } from '@/components/tenants/settings-tabs';
import { pageTenant } from '@/lib/auth/page';
import { can } from '@/lib/auth/policy';
import { quotaItems } from '@/lib/tenants/quota-view';
import { renameTenantAction } from './actions';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const ctx = await pageTenant(slug);
  const quota = can(ctx.principal, 'quota.read', ctx.tenant) ? await quotaItems(ctx.tenant.id) : null;
  return (
    <>
      <PageHeader title="Settings" description={`Organisation ${ctx.tenant.name}`} />
      <SettingsTabs slug={slug} showMembers={can(ctx.principal, 'members.read', ctx.tenant)} current="general" />
      <div className="space-y-6">
        <Card title="General">
          <dl className="mb-4 grid grid-cols-[10rem_1fr] gap-y-2 text-sm">
            <dt className="text-zinc-600 dark:text-zinc-400">Address</dt>
            <dd className="font-mono">/t/{ctx.tenant.slug}</dd>
            <dt className="text-zinc-600 dark:text-zinc-400">Status</dt>
            <dd>{ctx.tenant.status}</dd>
            <dt className="text-zinc-600 dark:text-zinc-400">Your role</dt>
            <dd data-testid="my-role">{ctx.principal.role ?? 'platform admin (not a member)'}</dd>
          </dl>
          {can(ctx.principal, 'tenant.update', ctx.tenant) ? (
            <RenameForm action={renameTenantAction.bind(null, slug)} name={ctx.tenant.name} />
          ) : null}
        </Card>
        {quota ? (
          <Card title="Quota">
            <QuotaTable items={quota} />
            <p className="mt-3 text-xs text-zinc-600 dark:text-zinc-400">Platform admins set quotas.</p>
          </Card>
        ) : null}
      </div>
    </>
  );
}
