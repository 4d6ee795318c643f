// POST {versionId}: make an older version the active one again.
import { json, readJson, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { rollbackFunction } from '@/lib/functions/rollback';

export const POST = route<{ slug: string; id: string }>(async (req, { params }) => {
  const { slug, id } = await params;
  return json(await rollbackFunction(await tenantContext(slug), id, await readJson(req)));
});
