// GET ?kind&status&page&pageSize: the tenant's instances. POST: create a container, or a VM with `kind: 'vm'` (202:
// recorded; the reconciler makes it real — poll GET …/instances/{id} for its status).
import { json, readJson, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { listInstances } from '@/lib/instances/queries';
import { createInstance } from '@/lib/instances/create-instance';

type P = { slug: string };

export const GET = route<P>(async (req, { params }) => {
  const { slug } = await params;
  const query = Object.fromEntries(new URL(req.url).searchParams);
  return json(await listInstances(await tenantContext(slug), query));
});

export const POST = route<P>(async (req, { params }) => {
  const { slug } = await params;
  return json(await createInstance(await tenantContext(slug), await readJson(req)), 202);
});
