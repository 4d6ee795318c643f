import type { Metadata } from 'next';
import { Card, PageHeader } from '@/components/ui/card';
import { SettingsTabs } from '@/components/tenants/settings-tabs';
import { AuditLogView } from '@/components/audit/audit-log-view';
import { auditPageQuery } from '@/components/audit/audit-page-data';
import { pageTenantFor } from '@/lib/auth/page';
import { can } from '@/lib/auth/policy';
import { queryObject, tenantAuditLog, type AuditPage } from '@/lib/audit/query';
import { AppError } from '@/lib/errors';

export const metadata: Metadata = { title: 'Audit log' };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function TenantAuditPage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Search }) {
  const { tenant: slug } = await params;
  const ctx = await pageTenantFor(slug, 'audit.read');
  const { values, query } = auditPageQuery(queryObject(await searchParams));
  delete values.tenant;
  delete query.tenant;
  let page: AuditPage = { entries: [], nextCursor: null };
  let error: { message: string; fields: Record<string, string> } | undefined;
  try {
    page = await tenantAuditLog(ctx, query);
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err;
    error = { message: err.message, fields: err.fields };
  }
  return (
    <>
      <PageHeader title="Settings" description={`Organisation ${ctx.tenant.name}`} />
      <SettingsTabs slug={slug} showMembers={can(ctx.principal, 'members.read', ctx.tenant)} showAudit current="audit" />
      <Card title="Audit log">
        <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">
          What was done in this organisation, by whom and from where — platform admins&apos; changes to it included.
        </p>
        <AuditLogView
          pagePath={`/t/${slug}/settings/audit`}
          csvPath={`/api/v1/tenants/${slug}/audit`}
          values={values}
          entries={page.entries}
          nextCursor={page.nextCursor}
          error={error}
          showTenant={false}
        />
      </Card>
    </>
  );
}
