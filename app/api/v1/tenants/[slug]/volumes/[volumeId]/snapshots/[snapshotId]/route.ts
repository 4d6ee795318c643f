// DELETE: removes the snapshot (204).
import { route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { deleteVolumeSnapshot } from '@/lib/volumes/service';

export const DELETE = route<{ slug: string; volumeId: string; snapshotId: string }>(async (_req, { params }) => {
  const { slug, volumeId, snapshotId } = await params;
  await deleteVolumeSnapshot(await tenantContext(slug), volumeId, snapshotId);
  return new Response(null, { status: 204 });
});
