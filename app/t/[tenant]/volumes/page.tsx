import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/card';
import { Breadcrumbs } from '@/components/ui/breadcrumbs';
import { VolumeList } from '@/components/volumes/volume-list';
import { pageTenantFor } from '@/lib/auth/page';
import { can } from '@/lib/auth/policy';
import { listVolumes, volumePricer } from '@/lib/volumes/service';
import { createVolumeAction } from './actions';

export const metadata: Metadata = { title: 'Volumes' };

export default async function VolumesPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const ctx = await pageTenantFor(slug, 'resource.read');
  const [list, pricer] = await Promise.all([listVolumes(ctx), volumePricer()]);
  return (
    <>
      <Breadcrumbs items={[{ label: ctx.tenant.name, href: `/t/${slug}/dashboard` }, { label: 'Volumes' }]} />
      <PageHeader title="Volumes" description="Persistent disks of this organisation: attach one to a container at a path, or to a VM as an extra disk." />
      <div className="space-y-6">
        <VolumeList slug={slug} initial={list} canCreate={can(ctx.principal, 'resource.create', ctx.tenant)} createAction={createVolumeAction.bind(null, slug)} perGibMinor={pricer.price(1)} />
      </div>
    </>
  );
}
