// POST {code, memoryMib?, timeoutMs?, env?}: deploy a new version (201). Code that does not parse as an ES module
// or has no default export → 422 invalid_code with `line` and `column`; nothing is written.
import { json, readJson, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { deployFunction } from '@/lib/functions/deploy';

export const POST = route<{ slug: string; id: string }>(async (req, { params }) => {
  const { slug, id } = await params;
  return json(await deployFunction(await tenantContext(slug), id, await readJson(req)), 201);
});
