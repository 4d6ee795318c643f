import type { Metadata } from 'next';
import { Card, PageHeader } from '@/components/ui/card';
import { pageTenantFor } from '@/lib/auth/page';

export const metadata: Metadata = { title: 'Billing' };

export default async function BillingPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  await pageTenantFor(slug, 'billing.read');
  return (
    <>
      <PageHeader title="Billing" description="What this organisation’s month costs. Visible to owners only." />
      <Card>
        <p className="text-sm text-zinc-700 dark:text-zinc-300">Nothing has been metered this month.</p>
      </Card>
    </>
  );
}
