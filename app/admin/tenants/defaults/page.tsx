import type { Metadata } from 'next';
import { Card, PageHeader } from '@/components/ui/card';
import { QuotaForm } from '@/components/admin/tenants/quota-form';
import { pageAdmin } from '@/lib/auth/page';
import { defaultQuota } from '@/lib/admin/quota';
import { quotaFormFields } from '@/lib/admin/quota-fields';
import { setDefaultQuotaAction } from '../actions';
import { Breadcrumbs } from '@/components/ui/breadcrumbs';

export const metadata: Metadata = { title: 'Admin · Default quota' };

export default async function AdminDefaultQuotaPage() {
  await pageAdmin();
  const q = await defaultQuota();
  return (
    <>
      <Breadcrumbs items={[{ label: 'Admin', href: '/admin' }, { label: 'Tenants', href: '/admin/tenants' }, { label: 'Default quota' }]} />
      <PageHeader title="Default quota" description="What every new organisation starts with, whether it signs up or an admin creates it. Existing organisations keep theirs." />
      <Card>
        <QuotaForm action={setDefaultQuotaAction} fields={quotaFormFields(q)} showUsage={false} submitLabel="Save default quota" />
      </Card>
    </>
  );
}
