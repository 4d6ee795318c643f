// GET: the organisation's quota, each limit with what is in use (owners and admins).
import { json, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { tenantQuota } from '@/lib/tenants/quota-view';

export const GET = route<{ slug: string }>(async (_req, { params }) => {
  const { slug } = await params;
  return json({ quota: await tenantQuota(await tenantContext(slug)) });
});
