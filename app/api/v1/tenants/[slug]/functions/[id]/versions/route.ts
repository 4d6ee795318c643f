// GET: the function's versions, newest first (the active one marked).
import { json, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { getFunction } from '@/lib/functions/queries';
import { functionsOrigin } from '@/lib/functions/origin';
import { pageArray, pageBody, pageQueryOf } from '@/lib/api/pagination';

export const GET = route<{ slug: string; id: string }>(async (req, { params }) => {
  const { slug, id } = await params;
  const ctx = await tenantContext(slug);
  const query = pageQueryOf(req);
  const fn = await getFunction(ctx, id, await functionsOrigin());
  const page = pageArray(fn.versions, query, (v) => [v.number, v.id], { kind: 'number' });
  return json(pageBody('versions', page, { activeVersionId: fn.active?.id ?? null }));
});
