// POST: puts the snapshot's content back into the volume (200 when done); only while the volume is detached or its
// instance is stopped.
import { json, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { restoreVolumeSnapshot } from '@/lib/volumes/service';

export const POST = route<{ slug: string; volumeId: string; snapshotId: string }>(async (_req, { params }) => {
  const { slug, volumeId, snapshotId } = await params;
  await restoreVolumeSnapshot(await tenantContext(slug), volumeId, snapshotId);
  return json({ restored: true });
});
