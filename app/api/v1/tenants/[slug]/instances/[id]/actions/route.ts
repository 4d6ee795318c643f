// POST {action: start | stop | restart | delete}: records the new desired state (202).
import { json, readJson, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { requestInstanceAction } from '@/lib/instances/operate';

export const POST = route<{ slug: string; id: string }>(async (req, { params }) => {
  const { slug, id } = await params;
  await requestInstanceAction(await tenantContext(slug), id, await readJson(req));
  return json({ accepted: true }, 202);
});
