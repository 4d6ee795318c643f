// GET: one tag of a repository (`<registry>/<slug>/<name>:<tag>`) with its layers. DELETE: delete its image (by
// digest: the tags pointing at the same image go too); refused with `image_in_use` while an instance uses it.
import { json, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { deleteImageTag, getImage } from '@/lib/registry/images';

type P = { slug: string; name: string; tag: string };

export const GET = route<P>(async (_req, { params }) => {
  const { slug, name, tag } = await params;
  return json(await getImage(await tenantContext(slug), name, tag));
});

export const DELETE = route<P>(async (_req, { params }) => {
  const { slug, name, tag } = await params;
  return json(await deleteImageTag(await tenantContext(slug), name, tag));
});
