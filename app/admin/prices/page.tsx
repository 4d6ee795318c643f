import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, PageHeader } from '@/components/ui/card';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { DataTable } from '@/components/ui/data-table';
import { pageAdmin } from '@/lib/auth/page';
import { listCatalogs } from '@/lib/billing/catalogs';
import { ImportCatalogForm } from '@/components/billing/import-form';
import { importCatalogAction, setBillingCatalogAction } from './actions';

export const metadata: Metadata = { title: 'Admin · Prices' };

export default async function AdminPricesPage() {
  await pageAdmin();
  const catalogs = await listCatalogs();
  return (
    <>
      <PageHeader title="Prices" description="Price lists as data. Tenants are billed with one; the others are there to compare in the calculator." />
      <div className="space-y-6">
        <Card title="Price lists">
          <DataTable
            caption="Price lists"
            columns={[
              { key: 'name', header: 'Name' },
              { key: 'currency', header: 'Currency' },
              { key: 'hours', header: 'Hours a month' },
              { key: 'versions', header: 'Price versions' },
              { key: 'actions', header: 'Actions', hiddenHeader: true },
            ]}
            rows={catalogs.map((c) => ({
              id: c.id,
              label: c.name,
              href: `/admin/prices/${c.id}`,
              cells: [
                <>
                  <Link className="underline" href={`/admin/prices/${c.id}`}>
                    {c.name}
                  </Link>
                  {c.isBilling ? <span className="ml-2 rounded bg-emerald-100 px-1.5 py-0.5 text-xs text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100">billing</span> : null}
                </>,
                c.currency,
                c.hoursPerMonth,
                c._count.rates,
                c.isBilling ? null : (
                  <ConfirmAction
                    key="b"
                    action={setBillingCatalogAction}
                    label="Bill with this"
                    ariaLabel={`Bill tenants with ${c.name}`}
                    title={`Bill tenants with “${c.name}”?`}
                    body="The open month of every tenant is priced with it from now on. Closed months keep their invoices."
                    confirmLabel="Bill with this"
                    hidden={{ catalogId: c.id }}
                  />
                ),
              ],
            }))}
          />
        </Card>
        <Card title="Import a price list">
          <ImportCatalogForm action={importCatalogAction} />
        </Card>
      </div>
    </>
  );
}
