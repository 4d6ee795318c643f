import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { pageTenantFor } from '@/lib/auth/page';
import { monthFromAddress, tenantMonth } from '@/lib/billing/service';
import { BillLines } from '@/components/billing/bill-lines';
import { PrintButton } from '@/components/billing/print-button';
import { Breadcrumbs } from '@/components/ui/breadcrumbs';

export const metadata: Metadata = { title: 'Invoice' };

export default async function InvoicePage({ params }: { params: Promise<{ tenant: string; month: string }> }) {
  const { tenant: slug, month } = await params;
  const ctx = await pageTenantFor(slug, 'billing.read');
  // A malformed or future month has no invoice.
  const m = monthFromAddress(month);
  if (!m) notFound();
  const bill = await tenantMonth(ctx, m);
  const title = bill.status === 'closed' ? 'Invoice' : 'Statement (month not closed yet)';
  return (
    <>
      <Breadcrumbs
        items={[
          { label: ctx.tenant.name, href: `/t/${slug}/dashboard` },
          { label: 'Billing', href: `/t/${slug}/billing?month=${bill.month}` },
          { label: `${bill.status === 'closed' ? 'Invoice' : 'Statement'} ${bill.month}` },
        ]}
      />
      <article className="mx-auto max-w-3xl space-y-6 bg-white p-8 text-zinc-900 print:p-0 dark:bg-zinc-900 dark:text-zinc-100 print:dark:bg-white print:dark:text-black">
        <header className="flex items-start justify-between gap-4">
          <div>
            <h1 className="text-2xl font-semibold">{title}</h1>
            <p className="text-sm">
              {ctx.tenant.name} · {bill.month} (UTC) · {bill.currency} · prices: {bill.catalog}
            </p>
          </div>
          <PrintButton />
        </header>
        <BillLines bill={bill} />
      </article>
    </>
  );
}
