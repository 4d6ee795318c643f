// Platform admins: GET the audit log, newest first — ?tenant=(slug or id)&actor=(email or id)&action=(prefix)
// &outcome=&from=&to=&cursor=&limit=; ?format=csv downloads every matching entry.
import { route } from '@/lib/http';
import { requirePlatformAdmin } from '@/lib/auth/session';
import { adminAuditLog, auditResponse, queryObject } from '@/lib/audit/query';

export const dynamic = 'force-dynamic';

export const GET = route(async (req) => {
  const admin = await requirePlatformAdmin();
  const result = await adminAuditLog(admin, queryObject(new URL(req.url).searchParams));
  return auditResponse('platform', result, 'platform');
});
