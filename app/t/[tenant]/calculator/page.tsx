import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/card';
import { pageTenantFor } from '@/lib/auth/page';
import { calculatorData } from '@/lib/billing/estimates';
import { Calculator } from '@/components/billing/calculator';

export const metadata: Metadata = { title: 'Cost calculator' };

export default async function CalculatorPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  await pageTenantFor(slug, 'resource.read');
  const data = await calculatorData();
  return (
    <>
      <PageHeader title="Cost calculator" description="What a set of instances and functions would cost a month, before creating anything. Prices in force now." />
      <Calculator {...data} />
    </>
  );
}
