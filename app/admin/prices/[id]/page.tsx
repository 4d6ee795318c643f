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
import { STORAGE_PROVIDERS } from '@/lib/billing/storage-providers';
import { CatalogSettingsForm } from '@/components/billing/catalog-settings-form';
import { setRateAction, updateCatalogAction } from '../actions';
import { When } from '@/components/ui/locale';
import { DataTable } from '@/components/ui/data-table';
import { StaticTable } from '@/components/ui/table';

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
      <Breadcrumbs items={[{ label: 'Admin', href: '/admin' }, { label: 'Prices', href: '/admin/prices' }, { label: catalog.name }]} />
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
          <DataTable
            caption="Prices in force now"
            testId="rates"
            columns={[
              { key: 'provider', header: 'Provider' },
              { key: 'unit', header: 'Unit' },
              { key: 'flavor', header: 'Flavor' },
              { key: 'price', header: 'Price', align: 'right' },
              { key: 'free', header: 'Free each month', align: 'right' },
              { key: 'actions', header: 'Actions', hiddenHeader: true, shrink: true },
            ]}
            rows={catalog.rates.map((r) => ({
              id: `${r.provider}/${r.unit}/${r.flavor ?? ''}`,
              label: `${r.provider} ${UNITS[r.unit].label}${r.flavor ? ` ${r.flavor}` : ''}`,
              cells: [
                r.provider,
                UNITS[r.unit].label,
                r.flavor ?? '—',
                `${formatUnitPrice(r.unitPrice, catalog.currency)} ${UNITS[r.unit].price}`,
                r.freePerMonth,
                <ConfirmAction
                  key="end"
                  action={action}
                  label="End"
                  ariaLabel={`End the ${r.provider} ${UNITS[r.unit].label} price`}
                  title="End this price now?"
                  body="Usage from the next hour on is no longer charged under it. Time already past keeps its price."
                  confirmLabel="End price"
                  hidden={{ provider: r.provider, unit: r.unit, flavor: r.flavor ?? '', remove: '1' }}
                />,
              ],
            }))}
            empty={<p className="text-sm text-zinc-700 dark:text-zinc-300">No price is in force: usage is charged nothing until one is set.</p>}
          />
        </Card>
        <Card title="Set a price">
          <RateForm action={action} providers={[...new Set([...allDrivers().map((d) => d.id), ...STORAGE_PROVIDERS, ...catalog.rates.map((r) => r.provider)])].sort()} />
        </Card>
        <Card title="Price list settings">
          <CatalogSettingsForm action={updateCatalogAction.bind(null, id)} description={catalog.description} hoursPerMonth={catalog.hoursPerMonth} />
        </Card>
        <Card title="History">
          <StaticTable
            caption="Every price version, newest first"
            columns={[
              { key: 'from', header: 'From (UTC)' },
              { key: 'price', header: 'Price' },
              { key: 'change', header: 'Change', align: 'right' },
            ]}
            rows={history.map((h) => ({
              id: h.id,
              cells: [
                <>
                  <When at={h.effectiveFrom} />
                  {h.scheduled ? ' (scheduled)' : ''}
                </>,
                `${h.provider} · ${isUnit(h.unit) ? UNITS[h.unit].label : h.unit}${h.flavor ? ` · ${h.flavor}` : ''}`,
                h.removed ? 'ended' : `${h.unitPrice.toFixed()}${h.freePerMonth.isZero() ? '' : `, ${h.freePerMonth.toFixed()} free`}`,
              ],
            }))}
            empty={<p className="text-sm text-zinc-700 dark:text-zinc-300">No price has been set in this list yet.</p>}
          />
        </Card>
      </div>
    </>
  );
}
