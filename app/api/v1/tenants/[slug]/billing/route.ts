// GET ?month=YYYY-MM: the tenant's month (open: metered up to now, with forecast and budget; closed: the frozen
// invoice). Owners and platform admins only.
import { json, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { tenantMonth } from '@/lib/billing/service';

export const GET = route<{ slug: string }>(async (req, { params }) => {
  const { slug } = await params;
  return json(await tenantMonth(await tenantContext(slug), new URL(req.url).searchParams.get('month') ?? undefined));
});
