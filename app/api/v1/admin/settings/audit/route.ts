// Platform admins: GET/PUT {retentionDays} — how long audit entries are kept (1–3650 days; default 365).
import { json, readJson, route } from '@/lib/http';
import { requirePlatformAdmin } from '@/lib/auth/session';
import { auditRetentionDays, setAuditRetentionDays } from '@/lib/audit/retention';

export const GET = route(async () => {
  await requirePlatformAdmin();
  return json({ retentionDays: await auditRetentionDays() });
});

export const PUT = route(async (req) => {
  const admin = await requirePlatformAdmin();
  return json(await setAuditRetentionDays(admin, await readJson(req)));
});
