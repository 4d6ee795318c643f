import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, PageHeader } from '@/components/ui/card';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { pageAdmin } from '@/lib/auth/page';
import { listAllTenants } from '@/lib/admin/tenants';
import { setTenantStatusAction } from '../actions';

export const metadata: Metadata = { title: 'Admin · Tenants' };

export default async function AdminTenantsPage() {
  await pageAdmin();
  const tenants = await listAllTenants();
  return (
    <>
      <PageHeader title="Tenants" description={`Every organisation on this console (${tenants.length}).`} />
      <Card>
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">All tenants</caption>
            <thead>
              <tr className="border-b border-zinc-200 text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
                <th scope="col" className="py-2 pr-4 font-medium">Name</th>
                <th scope="col" className="py-2 pr-4 font-medium">Slug</th>
                <th scope="col" className="py-2 pr-4 font-medium">Owners</th>
                <th scope="col" className="py-2 pr-4 font-medium">Members</th>
                <th scope="col" className="py-2 pr-4 font-medium">Status</th>
                <th scope="col" className="py-2 pr-4 font-medium">Created</th>
                <th scope="col" className="py-2 font-medium"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {tenants.map((t) => (
                <tr key={t.id} className="border-b border-zinc-100 last:border-0 dark:border-zinc-800" data-testid={`tenant-${t.slug}`}>
                  <th scope="row" className="py-2 pr-4 font-medium">
                    <Link className="underline" href={`/t/${t.slug}/dashboard`}>
                      {t.name}
                    </Link>
                  </th>
                  <td className="py-2 pr-4 font-mono text-xs">{t.slug}</td>
                  <td className="py-2 pr-4">{t.owners.join(', ')}</td>
                  <td className="py-2 pr-4">{t.members}</td>
                  <td className="py-2 pr-4">{t.status}</td>
                  <td className="py-2 pr-4">{t.createdAt.toISOString().slice(0, 10)}</td>
                  <td className="py-2">
                    <ConfirmAction
                      action={setTenantStatusAction}
                      label={t.status === 'active' ? 'Suspend' : 'Reactivate'}
                      ariaLabel={`${t.status === 'active' ? 'Suspend' : 'Reactivate'} ${t.name}`}
                      title={`${t.status === 'active' ? 'Suspend' : 'Reactivate'} ${t.name}?`}
                      body={
                        t.status === 'active'
                          ? 'Its members will be able to look but not change anything until it is reactivated.'
                          : 'Its members will be able to make changes again.'
                      }
                      confirmLabel={t.status === 'active' ? 'Suspend' : 'Reactivate'}
                      hidden={{ tenantId: t.id, status: t.status === 'active' ? 'suspended' : 'active' }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </>
  );
}
