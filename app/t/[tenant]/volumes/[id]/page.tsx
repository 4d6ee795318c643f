import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui/card';
import { Breadcrumbs } from '@/components/ui/breadcrumbs';
import { VolumeDetail } from '@/components/volumes/volume-detail';
import { pageTenantFor } from '@/lib/auth/page';
import { can } from '@/lib/auth/policy';
import { AppError } from '@/lib/errors';
import { getVolume } from '@/lib/volumes/service';
import { db } from '@/lib/db/client';
import { volumeAction } from '../actions';

export const metadata: Metadata = { title: 'Volume' };

export default async function VolumePage({ params }: { params: Promise<{ tenant: string; id: string }> }) {
  const { tenant: slug, id } = await params;
  const ctx = await pageTenantFor(slug, 'resource.read');
  const volume = await getVolume(ctx, id).catch((err) => {
    if (err instanceof AppError && err.code === 'not_found') notFound();
    throw err;
  });
  // The tenant's live instances, offered for attaching.
  const instances = await db().instance.findMany({
    where: { tenantId: ctx.tenant.id, deletedAt: null, desiredState: { not: 'deleted' } },
    select: { id: true, name: true, kind: true, status: true },
    orderBy: { name: 'asc' },
  });
  const allowed = (a: Parameters<typeof can>[1]) => can(ctx.principal, a, ctx.tenant);
  return (
    <>
      <Breadcrumbs items={[{ label: ctx.tenant.name, href: `/t/${slug}/dashboard` }, { label: 'Volumes', href: `/t/${slug}/volumes` }, { label: volume.name }]} />
      <PageHeader title={volume.name} description={`Volume · ${volume.sizeGib} GiB`} />
      <VolumeDetail
        // A change made by this page's actions (snapshot, grow, restore) re-renders it: start the live view anew.
        key={`${volume.sizeGib}:${volume.status}:${volume.attachedTo?.instanceId ?? ''}:${volume.snapshots.map((s) => s.id).join(',')}`}
        slug={slug}
        initial={volume}
        instances={instances}
        canOperate={allowed('resource.operate')}
        canDelete={allowed('resource.delete')}
        action={volumeAction.bind(null, slug, id)}
      />
    </>
  );
}
