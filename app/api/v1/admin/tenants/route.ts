// Platform admins: every tenant.
import { json, route } from '@/lib/http';
import { requirePlatformAdmin } from '@/lib/auth/session';
import { listAllTenants } from '@/lib/admin/tenants';

export const GET = route(async () => {
  await requirePlatformAdmin();
  return json({ tenants: await listAllTenants() });
});
