import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, PageHeader } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { pageAdmin } from '@/lib/auth/page';
import { monthFromAddress, platformMonth } from '@/lib/billing/service';
import { formatMoney } from '@/lib/billing/units';

export const metadata: Metadata = { title: 'Admin · Billing' };

export default async function AdminBillingPage({ searchParams }: { searchParams: Promise<{ month?: string }> }) {
  const admin = await pageAdmin();
  const { month } = await searchParams;
  const data = await platformMonth(admin, monthFromAddress(month));
  const total = data.rows.reduce((s, r) => s + r.totalMinor, 0);
  const first = data.rows[0];
  return (
    <>
      <PageHeader title="Billing" description={`Every tenant’s ${data.month} (UTC).`} />
      <Card>
        <DataTable
          caption="Every tenant's month"
          sortMode="client"
          columns={[
            { key: 'tenant', header: 'Tenant', sortable: true },
            { key: 'status', header: 'Month' },
            { key: 'total', header: 'Total', sortable: true, align: 'right' },
            { key: 'forecast', header: 'Forecast', sortable: true, align: 'right' },
          ]}
          rows={data.rows.map((r) => ({
            id: r.tenant.id,
            label: r.tenant.name,
            href: `/t/${r.tenant.slug}/billing?month=${data.month}`,
            sort: { tenant: r.tenant.name, total: r.totalMinor, forecast: r.forecastMinor ?? -1 },
            cells: [
              <Link key="t" className="underline" href={`/t/${r.tenant.slug}/billing?month=${data.month}`}>
                {r.tenant.name}
              </Link>,
              r.status,
              formatMoney(r.totalMinor, r.currency, r.minorUnits),
              r.forecastMinor === null ? '—' : formatMoney(r.forecastMinor, r.currency, r.minorUnits),
            ],
          }))}
          empty={<p className="text-sm text-zinc-600 dark:text-zinc-400">No tenant has a bill for this month.</p>}
          totals={first ? { label: 'All tenants', values: { total: formatMoney(total, first.currency, first.minorUnits) } } : undefined}
        />
      </Card>
    </>
  );
}
