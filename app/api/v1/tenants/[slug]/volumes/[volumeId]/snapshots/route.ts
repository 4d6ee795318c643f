// GET: the volume's snapshots. POST {name}: a copy of the volume as it is now (201; taken with its filesystem frozen).
import { json, readJson, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { createVolumeSnapshot, getVolume } from '@/lib/volumes/service';

type P = { slug: string; volumeId: string };

export const GET = route<P>(async (_req, { params }) => {
  const { slug, volumeId } = await params;
  const v = await getVolume(await tenantContext(slug), volumeId);
  return json({ snapshots: v.snapshots, canRestore: v.canRestore });
});

export const POST = route<P>(async (req, { params }) => {
  const { slug, volumeId } = await params;
  return json(await createVolumeSnapshot(await tenantContext(slug), volumeId, await readJson(req)), 201);
});
