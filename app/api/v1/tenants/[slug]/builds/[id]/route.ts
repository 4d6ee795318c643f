// GET: one build (status, source, image, digest, duration, error).
import { json, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { getBuild } from '@/lib/builds/service';

export const GET = route<{ slug: string; id: string }>(async (_req, { params }) => {
  const { slug, id } = await params;
  return json(await getBuild(await tenantContext(slug), id));
});
