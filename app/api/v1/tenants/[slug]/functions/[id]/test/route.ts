// POST {method, path, query, headers, body}: run the active version with this request, as the gateway would (the
// invocation is recorded and metered like any other). Answers the InvocationResult: response, outcome, duration,
// cold or warm, and the invocation's logs.
import { json, readJson, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { testInvokeFunction } from '@/lib/functions/observe';

export const dynamic = 'force-dynamic';

export const POST = route<{ slug: string; id: string }>(async (req, { params }) => {
  const { slug, id } = await params;
  return json(await testInvokeFunction(await tenantContext(slug), id, await readJson(req)));
});
