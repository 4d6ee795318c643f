// Platform admins: PATCH {status: 'active' | 'suspended'}.
import { json, readJson, route } from '@/lib/http';
import { requirePlatformAdmin } from '@/lib/auth/session';
import { setTenantStatus } from '@/lib/admin/tenants';

export const PATCH = route<{ id: string }>(async (req, { params }) => {
  const admin = await requirePlatformAdmin();
  const { id } = await params;
  await setTenantStatus(admin, id, await readJson(req));
  return json({ ok: true });
});
