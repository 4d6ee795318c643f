// GET: one instance with its activity. DELETE: ask for deletion (202; the reconciler removes it).
import { json, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { getInstance } from '@/lib/instances/queries';
import { requestInstanceAction } from '@/lib/instances/operate';

type P = { slug: string; id: string };

export const GET = route<P>(async (_req, { params }) => {
  const { slug, id } = await params;
  return json(await getInstance(await tenantContext(slug), id));
});

export const DELETE = route<P>(async (_req, { params }) => {
  const { slug, id } = await params;
  await requestInstanceAction(await tenantContext(slug), id, { action: 'delete' });
  return json({ accepted: true }, 202);
});
