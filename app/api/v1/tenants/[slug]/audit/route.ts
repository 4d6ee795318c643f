// GET the organisation's audit log (owners and admins), newest first — ?actor=(email or id)&action=(prefix)&outcome=
// &from=&to=&cursor=&limit=; ?format=csv downloads every matching entry.
import { route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { auditResponse, queryObject, tenantAuditLog } from '@/lib/audit/query';

export const dynamic = 'force-dynamic';

export const GET = route<{ slug: string }>(async (req, { params }) => {
  const ctx = await tenantContext((await params).slug);
  const result = await tenantAuditLog(ctx, queryObject(new URL(req.url).searchParams));
  return auditResponse({ tenantId: ctx.tenant.id }, result, ctx.tenant.slug);
});
