import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/card';
import { CreateFunctionForm } from '@/components/functions/create-function-form';
import { pageTenantFor } from '@/lib/auth/page';
import { billingCatalogAt } from '@/lib/billing/catalogs';
import { functionsProviderOf } from '@/lib/billing/estimates';
import { functionUsage } from '@/lib/functions/queries';
import { functionStartFigures } from '@/lib/performance/figures';
import { Breadcrumbs } from '@/components/ui/breadcrumbs';

export const metadata: Metadata = { title: 'Create function' };

export default async function NewFunctionPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const ctx = await pageTenantFor(slug, 'resource.create');
  const [prices, usage, startFigures] = await Promise.all([billingCatalogAt(), functionUsage(ctx), functionStartFigures()]);
  const provider = functionsProviderOf(prices);
  return (
    <>
      <Breadcrumbs items={[{ label: ctx.tenant.name, href: `/t/${slug}/dashboard` }, { label: 'Functions', href: `/t/${slug}/functions` }, { label: 'Create' }]} />
      <PageHeader title="Create a function" description="Node.js code behind its own URL, run in an isolated container on each request." />
      <CreateFunctionForm slug={slug} prices={prices} provider={provider} usage={usage} startFigures={startFigures} />
    </>
  );
}
