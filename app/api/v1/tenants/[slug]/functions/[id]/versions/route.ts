// GET: the function's versions, newest first (the active one marked).
import { json, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { getFunction } from '@/lib/functions/queries';
import { originOf } from '@/lib/functions/origin';

export const GET = route<{ slug: string; id: string }>(async (req, { params }) => {
  const { slug, id } = await params;
  const fn = await getFunction(await tenantContext(slug), id, originOf(req.headers, req.url));
  return json({ activeVersionId: fn.active?.id ?? null, versions: fn.versions });
});
