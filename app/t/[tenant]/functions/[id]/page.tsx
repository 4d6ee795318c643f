import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui/card';
import { FunctionPage } from '@/components/functions/function-page';
import { pageTenantFor } from '@/lib/auth/page';
import { can } from '@/lib/auth/policy';
import { AppError } from '@/lib/errors';
import { getFunction } from '@/lib/functions/queries';
import { functionStatsFor } from '@/lib/functions/observe';
import { pageOrigin } from '@/lib/functions/page-origin';
import { billingCatalogAt } from '@/lib/billing/catalogs';
import { functionsProviderOf } from '@/lib/billing/estimates';

export const metadata: Metadata = { title: 'Function' };

export default async function FunctionDetailPage({ params }: { params: Promise<{ tenant: string; id: string }> }) {
  const { tenant: slug, id } = await params;
  const ctx = await pageTenantFor(slug, 'resource.read');
  const fn = await getFunction(ctx, id, await pageOrigin()).catch((err) => {
    if (err instanceof AppError && err.code === 'not_found') notFound();
    throw err;
  });
  const [stats, prices] = await Promise.all([functionStatsFor(ctx, id, 60).catch(() => null), billingCatalogAt()]);
  const allowed = (a: Parameters<typeof can>[1]) => can(ctx.principal, a, ctx.tenant);
  return (
    <>
      <PageHeader title={fn.name} description={`Function · ${fn.runtime}`} />
      <FunctionPage
        slug={slug}
        initial={fn}
        stats={stats}
        prices={prices}
        provider={functionsProviderOf(prices)}
        can={{ deploy: allowed('function.deploy'), invoke: allowed('function.invoke'), token: allowed('function.token'), delete: allowed('resource.delete') }}
      />
    </>
  );
}
