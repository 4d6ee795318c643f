import type { Metadata } from 'next';
import { Card, PageHeader } from '@/components/ui/card';
import { AuditLogView } from '@/components/audit/audit-log-view';
import { auditPageQuery } from '@/components/audit/audit-page-data';
import { pageAdmin } from '@/lib/auth/page';
import { adminAuditLog, queryObject, type AuditPage } from '@/lib/audit/query';
import { auditRetentionDays } from '@/lib/audit/retention';
import { AppError } from '@/lib/errors';

export const metadata: Metadata = { title: 'Admin · Audit log' };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function AdminAuditPage({ searchParams }: { searchParams: Search }) {
  const admin = await pageAdmin();
  const { values, query } = auditPageQuery(queryObject(await searchParams));
  let page: AuditPage = { entries: [], nextCursor: null };
  let error: { message: string; fields: Record<string, string> } | undefined;
  try {
    page = await adminAuditLog(admin, query);
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err;
    error = { message: err.message, fields: err.fields };
  }
  return (
    <>
      <PageHeader
        title="Audit log"
        description={`Every change made on this console, refused attempts and sign-ins included. Entries are kept ${await auditRetentionDays()} days (Admin → Settings).`}
      />
      <Card>
        <AuditLogView pagePath="/admin/audit" csvPath="/api/v1/admin/audit" values={values} entries={page.entries} nextCursor={page.nextCursor} error={error} showTenant />
      </Card>
    </>
  );
}
