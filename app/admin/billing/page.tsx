import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, PageHeader } from '@/components/ui/card';
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
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Every tenant&apos;s month</caption>
          <thead>
            <tr className="border-b border-zinc-200 text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
              <th scope="col" className="py-2 pr-4 font-medium">Tenant</th>
              <th scope="col" className="py-2 pr-4 font-medium">Month</th>
              <th scope="col" className="py-2 pr-4 text-right font-medium">Total</th>
              <th scope="col" className="py-2 text-right font-medium">Forecast</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r) => (
              <tr key={r.tenant.id} className="border-b border-zinc-100 dark:border-zinc-800">
                <th scope="row" className="py-2 pr-4 font-medium">
                  <Link className="underline" href={`/t/${r.tenant.slug}/billing?month=${data.month}`}>
                    {r.tenant.name}
                  </Link>
                </th>
                <td className="py-2 pr-4">{r.status}</td>
                <td className="py-2 pr-4 text-right tabular-nums">{formatMoney(r.totalMinor, r.currency, r.minorUnits)}</td>
                <td className="py-2 text-right tabular-nums">{r.forecastMinor === null ? '—' : formatMoney(r.forecastMinor, r.currency, r.minorUnits)}</td>
              </tr>
            ))}
          </tbody>
          {first ? (
            <tfoot>
              <tr>
                <th scope="row" colSpan={2} className="py-2 pr-4 text-right">
                  All tenants
                </th>
                <td className="py-2 pr-4 text-right font-semibold tabular-nums">{formatMoney(total, first.currency, first.minorUnits)}</td>
                <td />
              </tr>
            </tfoot>
          ) : null}
        </table>
      </Card>
    </>
  );
}
