// GET: the tenant's functions (status, active version, invoke URL, invocations today). POST: create a function
// with its first version (201; a private function's token is in the answer, this once).
import { json, readJson, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { listFunctions } from '@/lib/functions/queries';
import { createFunction } from '@/lib/functions/create-function';
import { invokeUrl } from '@/lib/functions/invoke-url';
import { originOf } from '@/lib/functions/origin';

type P = { slug: string };

export const GET = route<P>(async (req, { params }) => {
  const { slug } = await params;
  return json(await listFunctions(await tenantContext(slug), originOf(req.headers, req.url)));
});

export const POST = route<P>(async (req, { params }) => {
  const { slug } = await params;
  const ctx = await tenantContext(slug);
  const created = await createFunction(ctx, await readJson(req));
  return json({ ...created, invokeUrl: invokeUrl(ctx.tenant.slug, created.name, originOf(req.headers, req.url)) }, 201);
});
