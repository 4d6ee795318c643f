// POST {version?}: deploys again what an earlier version ran (the previous one by default) as a new version (202).
import { json, readJson, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { rollbackInstance } from '@/lib/instances/versions';
import { idempotent } from '@/lib/api/idempotency';

export const POST = route<{ slug: string; id: string }>(async (req, { params }) => {
  const { slug, id } = await params;
  const ctx = await tenantContext(slug);
  const body = await readJson(req);
  return idempotent(req, { userId: ctx.user.id, tenantId: ctx.tenant.id }, body, async () => json(await rollbackInstance(ctx, id, body), 202));
});
