import type { Metadata } from 'next';
import { Breadcrumbs } from '@/components/ui/breadcrumbs';
import { notFound } from 'next/navigation';
import { Card, Notice, PageHeader } from '@/components/ui/card';
import { ConfirmAction } from '@/components/ui/confirm-action';
import { pageAdmin } from '@/lib/auth/page';
import { catalogAt, rateHistory } from '@/lib/billing/catalogs';
import { isUnit, UNITS, formatUnitPrice } from '@/lib/billing/units';
import { RateForm } from '@/components/billing/rate-form';
import { allDrivers } from '@/lib/providers/registry';
import { CatalogSettingsForm } from '@/components/billing/catalog-settings-form';
import { setRateAction, updateCatalogAction } from '../actions';
import { When } from '@/components/ui/locale';

export const metadata: Metadata = { title: 'Admin · Price list' };

const link = 'rounded-md border border-zinc-300 px-3 py-2 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800';

export default async function CatalogPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ imported?: string }> }) {
  await pageAdmin();
  const { id } = await params;
  const { imported } = await searchParams;
  const catalog = await catalogAt(id).catch(() => null);
  if (!catalog) notFound();
  const history = await rateHistory(id);
  const action = setRateAction.bind(null, id);
  return (
    <>
      <Breadcrumbs items={[{ label: 'Admin', href: '/admin' }, { label: 'Price lists', href: '/admin/prices' }, { label: catalog.name }]} />
      <PageHeader
        title={catalog.name}
        description={`${catalog.currency} · ${catalog.hoursPerMonth} hours a month for monthly figures${catalog.isBilling ? ' · tenants are billed with this list' : ''}. ${catalog.description}`}
        actions={
          <>
            <a className={link} href={`/api/v1/admin/prices/${id}`} download={`${catalog.name}.json`}>
              Export JSON
            </a>
            <a className={link} href={`/api/v1/admin/prices/${id}?format=csv`}>
              Export CSV
            </a>
          </>
        }
      />
      <div className="space-y-6">
        {imported !== undefined ? <Notice tone="success">Imported: {imported} price version(s) added.</Notice> : null}
        <Card title="Prices in force now">
          <table className="w-full text-left text-sm" data-testid="rates">
            <caption className="sr-only">Prices in force now</caption>
            <thead>
              <tr className="border-b border-zinc-200 text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
                <th scope="col" className="py-2 pr-4 font-medium">Provider</th>
                <th scope="col" className="py-2 pr-4 font-medium">Unit</th>
                <th scope="col" className="py-2 pr-4 font-medium">Flavor</th>
                <th scope="col" className="py-2 pr-4 text-right font-medium">Price</th>
                <th scope="col" className="py-2 pr-4 text-right font-medium">Free each month</th>
                <th scope="col" className="py-2 font-medium"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {catalog.rates.map((r) => (
                <tr key={`${r.provider}/${r.unit}/${r.flavor ?? ''}`} className="border-b border-zinc-100 last:border-0 dark:border-zinc-800">
                  <td className="py-2 pr-4">{r.provider}</td>
                  <td className="py-2 pr-4">{UNITS[r.unit].label}</td>
                  <td className="py-2 pr-4">{r.flavor ?? '—'}</td>
                  <td className="py-2 pr-4 text-right tabular-nums">
                    {formatUnitPrice(r.unitPrice, catalog.currency)} {UNITS[r.unit].price}
                  </td>
                  <td className="py-2 pr-4 text-right tabular-nums">{r.freePerMonth}</td>
                  <td className="py-2">
                    <ConfirmAction
                      action={action}
                      label="End"
                      ariaLabel={`End the ${r.provider} ${UNITS[r.unit].label} price`}
                      title="End this price now?"
                      body="Usage from the next hour on is no longer charged under it. Time already past keeps its price."
                      confirmLabel="End price"
                      hidden={{ provider: r.provider, unit: r.unit, flavor: r.flavor ?? '', remove: '1' }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
        <Card title="Set a price">
          <RateForm action={action} providers={[...new Set([...allDrivers().map((d) => d.id), ...catalog.rates.map((r) => r.provider)])].sort()} />
        </Card>
        <Card title="Price list settings">
          <CatalogSettingsForm action={updateCatalogAction.bind(null, id)} description={catalog.description} hoursPerMonth={catalog.hoursPerMonth} />
        </Card>
        <Card title="History">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Every price version, newest first</caption>
            <thead>
              <tr className="border-b border-zinc-200 text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
                <th scope="col" className="py-2 pr-4 font-medium">From (UTC)</th>
                <th scope="col" className="py-2 pr-4 font-medium">Price</th>
                <th scope="col" className="py-2 pr-4 font-medium">Change</th>
              </tr>
            </thead>
            <tbody>
              {history.map((h) => (
                <tr key={h.id} className="border-b border-zinc-100 last:border-0 dark:border-zinc-800">
                  <td className="py-2 pr-4 tabular-nums">
                    <When at={h.effectiveFrom} />
                    {h.scheduled ? ' (scheduled)' : ''}
                  </td>
                  <td className="py-2 pr-4">
                    {h.provider} · {isUnit(h.unit) ? UNITS[h.unit].label : h.unit}
                    {h.flavor ? ` · ${h.flavor}` : ''}
                  </td>
                  <td className="py-2 pr-4 tabular-nums">{h.removed ? 'ended' : `${h.unitPrice.toFixed()}${h.freePerMonth.isZero() ? '' : `, ${h.freePerMonth.toFixed()} free`}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      </div>
    </>
  );
}
