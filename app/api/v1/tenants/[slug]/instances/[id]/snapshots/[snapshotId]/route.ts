// DELETE: asks for the snapshot to be deleted (202).
import { json, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { deleteSnapshot } from '@/lib/instances/snapshots';

export const DELETE = route<{ slug: string; id: string; snapshotId: string }>(async (_req, { params }) => {
  const { slug, id, snapshotId } = await params;
  await deleteSnapshot(await tenantContext(slug), id, snapshotId);
  return json({ accepted: true }, 202);
});
