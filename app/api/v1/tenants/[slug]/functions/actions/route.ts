// POST {action, ids[]}: delete several functions; one result per id (200).
import { json, readJson, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { requestFunctionActions } from '@/lib/functions/bulk';

export const POST = route<{ slug: string }>(async (req, { params }) => {
  const { slug } = await params;
  return json(await requestFunctionActions(await tenantContext(slug), await readJson(req)));
});
