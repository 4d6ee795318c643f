// POST {instanceId, mountPath, readOnly}: attaches the volume to one of the tenant's instances (202): the instance is
// made again by the reconciler with the volume mounted (a VM must be stopped; it gets the disk at its next start).
import { json, readJson, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { attachVolume } from '@/lib/volumes/service';

export const POST = route<{ slug: string; volumeId: string }>(async (req, { params }) => {
  const { slug, volumeId } = await params;
  await attachVolume(await tenantContext(slug), volumeId, await readJson(req));
  return json({ accepted: true }, 202);
});
