// GET: one volume with its snapshots. PATCH {sizeGib}: grows it. DELETE: deletes it with its snapshots (refused while
// attached: detach first).
import { json, readJson, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { deleteVolume, getVolume, resizeVolume } from '@/lib/volumes/service';

type P = { slug: string; volumeId: string };

export const GET = route<P>(async (_req, { params }) => {
  const { slug, volumeId } = await params;
  return json(await getVolume(await tenantContext(slug), volumeId));
});

export const PATCH = route<P>(async (req, { params }) => {
  const { slug, volumeId } = await params;
  const ctx = await tenantContext(slug);
  await resizeVolume(ctx, volumeId, await readJson(req));
  return json(await getVolume(ctx, volumeId));
});

export const DELETE = route<P>(async (_req, { params }) => {
  const { slug, volumeId } = await params;
  await deleteVolume(await tenantContext(slug), volumeId);
  return new Response(null, { status: 204 });
});
