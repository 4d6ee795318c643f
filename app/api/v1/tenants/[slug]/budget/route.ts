// PUT {amount, blockCreates}: sets the monthly budget (owners). DELETE: removes it.
import { json, readJson, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { removeBudget, setBudget } from '@/lib/billing/service';

type P = { slug: string };

export const PUT = route<P>(async (req, { params }) => {
  const { slug } = await params;
  return json({ budget: await setBudget(await tenantContext(slug), await readJson(req)) });
});

export const DELETE = route<P>(async (_req, { params }) => {
  const { slug } = await params;
  await removeBudget(await tenantContext(slug));
  return new Response(null, { status: 204 });
});
