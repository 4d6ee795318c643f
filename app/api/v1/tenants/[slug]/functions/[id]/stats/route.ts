// GET ?minutes=60: invocations, errors, p50/p95, cold starts and their histogram, and a per-minute series.
import { json, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { functionStatsQuery } from '@/lib/functions/observe';

export const dynamic = 'force-dynamic';

export const GET = route<{ slug: string; id: string }>(async (req, { params }) => {
  const { slug, id } = await params;
  return json(await functionStatsQuery(await tenantContext(slug), id, Object.fromEntries(new URL(req.url).searchParams)));
});
