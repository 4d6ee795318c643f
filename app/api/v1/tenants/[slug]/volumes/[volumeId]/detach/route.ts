// POST: detaches the volume from its instance (202); the instance is made again without it, the data stays.
import { json, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { detachVolume } from '@/lib/volumes/service';

export const POST = route<{ slug: string; volumeId: string }>(async (_req, { params }) => {
  const { slug, volumeId } = await params;
  await detachVolume(await tenantContext(slug), volumeId);
  return json({ accepted: true }, 202);
});
