// POST {code, memoryMib?, timeoutMs?, env?}: deploy a new version (201). Code that does not parse as an ES module
// or has no default export → 422 invalid_code with `line` and `column`; nothing is written.
import { json, readJson, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { deployFunction } from '@/lib/functions/deploy';
import { idempotent } from '@/lib/api/idempotency';

export const POST = route<{ slug: string; id: string }>(async (req, { params }) => {
  const { slug, id } = await params;
  const ctx = await tenantContext(slug);
  const body = await readJson(req);
  return idempotent(req, { userId: ctx.user.id, tenantId: ctx.tenant.id }, body, async () => json(await deployFunction(ctx, id, body), 201));
});
