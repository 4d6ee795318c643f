import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/card';
import { pageTenantFor } from '@/lib/auth/page';
import { calculatorData } from '@/lib/billing/estimates';
import { Calculator } from '@/components/billing/calculator';
import { CompareView } from '@/components/performance/compare-view';
import { compareDataIfPriced } from '@/lib/performance/service';

export const metadata: Metadata = { title: 'Cost calculator' };

export default async function CalculatorPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  await pageTenantFor(slug, 'resource.read');
  const [data, compare] = await Promise.all([calculatorData(), compareDataIfPriced()]);
  return (
    <>
      <PageHeader title="Cost calculator" description="What a set of instances and functions would cost a month, before creating anything. Prices in force now." />
      <div className="space-y-8">
        <Calculator {...data} />
        {/* No billing price list (an admin has not chosen one): nothing to compare under. */}
        {compare ? <CompareView {...compare} /> : null}
      </div>
    </>
  );
}
