// GET: this function's metered usage this month, its cost as a function, and what an always-on container with its
// memory would have cost over the same time and the whole month.
import { json, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { functionAlwaysOn } from '@/lib/performance/service';

export const dynamic = 'force-dynamic';

export const GET = route<{ slug: string; id: string }>(async (_req, { params }) => {
  const { slug, id } = await params;
  return json(await functionAlwaysOn(await tenantContext(slug), id));
});
