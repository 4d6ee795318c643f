// POST {action, ids[]}: start, stop, restart or delete several instances; one result per id (200).
import { json, readJson, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { requestInstanceActions } from '@/lib/instances/bulk';

export const POST = route<{ slug: string }>(async (req, { params }) => {
  const { slug } = await params;
  return json(await requestInstanceActions(await tenantContext(slug), await readJson(req)));
});
