// POST: asks for the VM's disk to be put back to the snapshot (202); the VM must be stopped.
import { json, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { restoreSnapshot } from '@/lib/instances/snapshots';

export const POST = route<{ slug: string; id: string; snapshotId: string }>(async (_req, { params }) => {
  const { slug, id, snapshotId } = await params;
  await restoreSnapshot(await tenantContext(slug), id, snapshotId);
  return json({ accepted: true }, 202);
});
