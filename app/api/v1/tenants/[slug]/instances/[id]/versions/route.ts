// GET: a container's versions, newest (the current one) first.
import { json, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { listVersions } from '@/lib/instances/versions';
import { pageArray, pageBody, pageQueryOf } from '@/lib/api/pagination';

export const GET = route<{ slug: string; id: string }>(async (req, { params }) => {
  const { slug, id } = await params;
  const ctx = await tenantContext(slug);
  const query = pageQueryOf(req);
  const versions = await listVersions(ctx, id);
  return json(pageBody('versions', pageArray(versions, query, (v) => [new Date(v.createdAt), String(v.number).padStart(10, '0')])));
});
