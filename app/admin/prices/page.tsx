import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, PageHeader } from '@/components/ui/card';
import { ConfirmAction } from '@/components/ui/confirm-action';
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
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Price lists</caption>
            <thead>
              <tr className="border-b border-zinc-200 text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
                <th scope="col" className="py-2 pr-4 font-medium">Name</th>
                <th scope="col" className="py-2 pr-4 font-medium">Currency</th>
                <th scope="col" className="py-2 pr-4 font-medium">Hours a month</th>
                <th scope="col" className="py-2 pr-4 font-medium">Price versions</th>
                <th scope="col" className="py-2 font-medium"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {catalogs.map((c) => (
                <tr key={c.id} className="border-b border-zinc-100 last:border-0 dark:border-zinc-800">
                  <th scope="row" className="py-2 pr-4 font-medium">
                    <Link className="underline" href={`/admin/prices/${c.id}`}>
                      {c.name}
                    </Link>
                    {c.isBilling ? <span className="ml-2 rounded bg-emerald-100 px-1.5 py-0.5 text-xs text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100">billing</span> : null}
                  </th>
                  <td className="py-2 pr-4">{c.currency}</td>
                  <td className="py-2 pr-4">{c.hoursPerMonth}</td>
                  <td className="py-2 pr-4">{c._count.rates}</td>
                  <td className="py-2">
                    {c.isBilling ? null : (
                      <ConfirmAction
                        action={setBillingCatalogAction}
                        label="Bill with this"
                        ariaLabel={`Bill tenants with ${c.name}`}
                        title={`Bill tenants with “${c.name}”?`}
                        body="The open month of every tenant is priced with it from now on. Closed months keep their invoices."
                        confirmLabel="Bill with this"
                        hidden={{ catalogId: c.id }}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
        <Card title="Import a price list">
          <ImportCatalogForm action={importCatalogAction} />
        </Card>
      </div>
    </>
  );
}
