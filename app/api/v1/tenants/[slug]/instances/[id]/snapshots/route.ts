// GET: the instance's snapshots (and whether it can be restored now). POST {name}: asks for a snapshot (202).
import { json, readJson, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { createSnapshot, listSnapshots } from '@/lib/instances/snapshots';

export const GET = route<{ slug: string; id: string }>(async (_req, { params }) => {
  const { slug, id } = await params;
  return json(await listSnapshots(await tenantContext(slug), id));
});

export const POST = route<{ slug: string; id: string }>(async (req, { params }) => {
  const { slug, id } = await params;
  return json(await createSnapshot(await tenantContext(slug), id, await readJson(req)), 202);
});
