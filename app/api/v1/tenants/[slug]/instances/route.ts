// GET ?kind&status&image&q&label (repeatable: key or key=value, all must match)&limit&cursor: the tenant's instances. POST: create a container, or a VM with `kind: 'vm'` (202:
// recorded; the reconciler makes it real — poll GET …/instances/{id} for its status).
import { json, readJson, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { listInstances } from '@/lib/instances/queries';
import { createInstance } from '@/lib/instances/create-instance';
import { idempotent } from '@/lib/api/idempotency';
import { listQueryOf } from '@/lib/labels/labels';

type P = { slug: string };

export const GET = route<P>(async (req, { params }) => {
  const { slug } = await params;
  const query = listQueryOf(req.url);
  return json(await listInstances(await tenantContext(slug), query));
});

export const POST = route<P>(async (req, { params }) => {
  const { slug } = await params;
  const ctx = await tenantContext(slug);
  const body = await readJson(req);
  return idempotent(req, { userId: ctx.user.id, tenantId: ctx.tenant.id }, body, async () => json(await createInstance(ctx, body), 202));
});
