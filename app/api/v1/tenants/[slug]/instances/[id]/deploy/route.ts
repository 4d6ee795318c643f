// POST {image, …run settings}: deploys a new version of a container (202); the reconciler recreates it.
import { json, readJson, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { deployInstance } from '@/lib/instances/versions';
import { idempotent } from '@/lib/api/idempotency';

export const POST = route<{ slug: string; id: string }>(async (req, { params }) => {
  const { slug, id } = await params;
  const ctx = await tenantContext(slug);
  const body = await readJson(req);
  return idempotent(req, { userId: ctx.user.id, tenantId: ctx.tenant.id }, body, async () => json(await deployInstance(ctx, id, body), 202));
});
