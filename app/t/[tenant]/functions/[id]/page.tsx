import type { Metadata } from 'next';
import { Breadcrumbs } from '@/components/ui/breadcrumbs';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui/card';
import { FunctionPage } from '@/components/functions/function-page';
import { pageTenantFor } from '@/lib/auth/page';
import { blockedBySuspension, can } from '@/lib/auth/policy';
import { AppError } from '@/lib/errors';
import { getFunction } from '@/lib/functions/queries';
import { functionStatsFor } from '@/lib/functions/observe';
import { functionsOrigin } from '@/lib/functions/origin';
import { billingCatalogAt } from '@/lib/billing/catalogs';
import { functionsProviderOf } from '@/lib/billing/estimates';
import { LabelEditor } from '@/components/labels/label-editor';
import { AlwaysOnCard } from '@/components/performance/always-on';
import { functionAlwaysOn } from '@/lib/performance/service';

export const metadata: Metadata = { title: 'Function' };

export default async function FunctionDetailPage({ params }: { params: Promise<{ tenant: string; id: string }> }) {
  const { tenant: slug, id } = await params;
  const ctx = await pageTenantFor(slug, 'resource.read');
  const fn = await getFunction(ctx, id, await functionsOrigin()).catch((err) => {
    if (err instanceof AppError && err.code === 'not_found') notFound();
    throw err;
  });
  const [stats, prices, alwaysOn] = await Promise.all([functionStatsFor(ctx, id, 60).catch(() => null), billingCatalogAt(), functionAlwaysOn(ctx, id)]);
  const allowed = (a: Parameters<typeof can>[1]) => can(ctx.principal, a, ctx.tenant);
  return (
    <>
      <Breadcrumbs items={[{ label: ctx.tenant.name, href: `/t/${slug}/dashboard` }, { label: 'Functions', href: `/t/${slug}/functions` }, { label: fn.name }]} />
      <PageHeader title={fn.name} description={`Function · ${fn.runtime}`} />
      <div className="mb-6">
        <LabelEditor url={`/api/v1/tenants/${slug}/functions/${id}/labels`} initial={fn.labels} canEdit={allowed('resource.create')} />
      </div>
      <FunctionPage
        slug={slug}
        initial={fn}
        stats={stats}
        prices={prices}
        provider={functionsProviderOf(prices)}
        can={{ deploy: allowed('function.deploy'), invoke: allowed('function.invoke'), token: allowed('function.token'), delete: allowed('resource.delete'), suspended: blockedBySuspension(ctx.principal, 'function.deploy', ctx.tenant) }}
      />
      <AlwaysOnCard data={alwaysOn} />
    </>
  );
}
