// GET ?q&status&label (repeatable)&limit&cursor: the tenant's functions (status, active version, invoke URL, invocations today). POST: create a function
// with its first version (201; a private function's token is in the answer, this once).
import { json, readJson, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { listFunctions } from '@/lib/functions/queries';
import { createFunction } from '@/lib/functions/create-function';
import { invokeUrl } from '@/lib/functions/invoke-url';
import { functionsOrigin } from '@/lib/functions/origin';
import { idempotent } from '@/lib/api/idempotency';
import { listQueryOf } from '@/lib/labels/labels';

type P = { slug: string };

export const GET = route<P>(async (req, { params }) => {
  const { slug } = await params;
  return json(await listFunctions(await tenantContext(slug), await functionsOrigin(), listQueryOf(req.url)));
});

export const POST = route<P>(async (req, { params }) => {
  const { slug } = await params;
  const ctx = await tenantContext(slug);
  const body = await readJson(req);
  return idempotent(req, { userId: ctx.user.id, tenantId: ctx.tenant.id }, body, async () => {
    const created = await createFunction(ctx, body);
    return json({ ...created, invokeUrl: invokeUrl(ctx.tenant.slug, created.name, await functionsOrigin()) }, 201);
  });
});
