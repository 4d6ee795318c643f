// GET: the volumes attached to the instance (mount path, read-only, size, used bytes).
import { json, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { findTenantInstance } from '@/lib/instances/lookup';
import { instanceVolumes } from '@/lib/volumes/service';

export const GET = route<{ slug: string; id: string }>(async (_req, { params }) => {
  const { slug, id } = await params;
  const ctx = await tenantContext(slug);
  const inst = await findTenantInstance(ctx, id);
  return json({ volumes: await instanceVolumes(ctx, inst.id) });
});
