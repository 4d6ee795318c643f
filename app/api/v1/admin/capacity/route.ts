// Platform admins: the host, the accelerator, VM and container capacity, and what each engine object uses.
import { json, route } from '@/lib/http';
import { requirePlatformAdmin } from '@/lib/auth/session';
import { platformCapacity } from '@/lib/admin/capacity';

export const GET = route(async () => {
  const admin = await requirePlatformAdmin();
  return json(await platformCapacity(admin));
});
