import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Breadcrumbs } from '@/components/ui/breadcrumbs';
import { Card, PageHeader } from '@/components/ui/card';
import { BuildView } from '@/components/builds/build-view';
import { pageTenantFor } from '@/lib/auth/page';
import { can } from '@/lib/auth/policy';
import { AppError } from '@/lib/errors';
import { getBuild } from '@/lib/builds/service';

export const metadata: Metadata = { title: 'Build' };

export default async function BuildPage({ params }: { params: Promise<{ tenant: string; id: string }> }) {
  const { tenant: slug, id } = await params;
  const ctx = await pageTenantFor(slug, 'resource.read');
  const build = await getBuild(ctx, id).catch((err) => {
    if (err instanceof AppError && err.code === 'not_found') notFound();
    throw err;
  });
  return (
    <>
      <Breadcrumbs items={[{ label: ctx.tenant.name, href: `/t/${slug}/dashboard` }, { label: 'Builds', href: `/t/${slug}/builds` }, { label: `#${build.number}` }]} />
      <PageHeader title={`Build #${build.number}`} description={`${build.image}`} />
      <Card>
        <BuildView slug={slug} initial={build} canCancel={can(ctx.principal, 'resource.stop', ctx.tenant)} />
      </Card>
    </>
  );
}
