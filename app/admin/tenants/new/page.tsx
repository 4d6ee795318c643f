import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, PageHeader } from '@/components/ui/card';
import { CreateTenantForm } from '@/components/admin/tenants/create-tenant-form';
import { pageAdmin } from '@/lib/auth/page';
import { createTenantAction } from '../actions';
import { Breadcrumbs } from '@/components/ui/breadcrumbs';

export const metadata: Metadata = { title: 'Admin · Create organisation' };

export default async function AdminNewTenantPage() {
  await pageAdmin();
  return (
    <>
      <Breadcrumbs items={[{ label: 'Admin', href: '/admin' }, { label: 'Tenants', href: '/admin/tenants' }, { label: 'Create' }]} />
      <PageHeader
        title="Create an organisation"
        description={
          <>
            For someone else: they are invited as its owner. It starts with the <Link className="underline" href="/admin/tenants/defaults">default quota</Link>.
          </>
        }
      />
      <Card>
        <CreateTenantForm action={createTenantAction} />
      </Card>
    </>
  );
}
