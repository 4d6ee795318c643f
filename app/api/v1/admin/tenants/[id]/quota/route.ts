// Platform admins: GET a tenant's quota (each limit with its use); PATCH any of its limits (the functions' ones null =
// the console's default). A limit below current use is accepted: new creates are refused until use is under it.
import { json, readJson, route } from '@/lib/http';
import { requirePlatformAdmin } from '@/lib/auth/session';
import { setTenantQuota } from '@/lib/admin/quota';
import { adminTenantQuota } from '@/lib/admin/tenant-detail';

export const GET = route<{ id: string }>(async (_req, { params }) => {
  const admin = await requirePlatformAdmin();
  const { id } = await params;
  return json({ quota: await adminTenantQuota(admin, id) });
});

export const PATCH = route<{ id: string }>(async (req, { params }) => {
  const admin = await requirePlatformAdmin();
  const { id } = await params;
  return json({ quota: await setTenantQuota(admin, id, await readJson(req)) });
});
