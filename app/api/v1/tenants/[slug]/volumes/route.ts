// GET: the tenant's volumes (size, used bytes, what each is attached to, monthly price). POST {name, sizeGib}: a new
// volume (201); it counts in the disk quota.
import { json, readJson, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { createVolume, listVolumes } from '@/lib/volumes/service';
import { idempotent } from '@/lib/api/idempotency';

export const GET = route<{ slug: string }>(async (_req, { params }) => {
  const { slug } = await params;
  return json(await listVolumes(await tenantContext(slug)));
});

export const POST = route<{ slug: string }>(async (req, { params }) => {
  const { slug } = await params;
  const ctx = await tenantContext(slug);
  const body = await readJson(req);
  return idempotent(req, { userId: ctx.user.id, tenantId: ctx.tenant.id }, body, async () => json(await createVolume(ctx, body), 201));
});
