// GET: the organisation's images in the registry: repositories, tags (digest, size, created, layers with the bytes
// shared with its other images, the instances using each) and totals (stored vs. logical bytes).
import { json, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { listImages } from '@/lib/registry/images';

export const GET = route<{ slug: string }>(async (_req, { params }) => {
  const { slug } = await params;
  return json(await listImages(await tenantContext(slug)));
});
