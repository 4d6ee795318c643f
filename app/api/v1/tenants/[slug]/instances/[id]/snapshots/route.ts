// GET: the instance's snapshots (and whether it can be restored now). POST {name}: asks for a snapshot (202).
import { json, readJson, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { createSnapshot, listSnapshots } from '@/lib/instances/snapshots';
import { idempotent } from '@/lib/api/idempotency';
import { pageArray, pageBody, pageQueryOf } from '@/lib/api/pagination';

export const GET = route<{ slug: string; id: string }>(async (req, { params }) => {
  const { slug, id } = await params;
  const ctx = await tenantContext(slug);
  const query = pageQueryOf(req);
  const { snapshots, ...rest } = await listSnapshots(ctx, id);
  return json(pageBody('snapshots', pageArray(snapshots, query, (s) => [s.createdAt, s.id]), rest));
});

export const POST = route<{ slug: string; id: string }>(async (req, { params }) => {
  const { slug, id } = await params;
  const ctx = await tenantContext(slug);
  const body = await readJson(req);
  return idempotent(req, { userId: ctx.user.id, tenantId: ctx.tenant.id }, body, async () => json(await createSnapshot(ctx, id, body), 202));
});
