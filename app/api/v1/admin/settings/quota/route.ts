// Platform admins: GET the default quota new organisations start with (sign-up and admin-create); PATCH any of its
// limits. Existing organisations keep theirs.
import { json, readJson, route } from '@/lib/http';
import { requirePlatformAdmin } from '@/lib/auth/session';
import { defaultQuota, setDefaultQuota } from '@/lib/admin/quota';

export const GET = route(async () => {
  await requirePlatformAdmin();
  return json({ quota: await defaultQuota() });
});

export const PATCH = route(async (req) => {
  const admin = await requirePlatformAdmin();
  return json({ quota: await setDefaultQuota(admin, await readJson(req)) });
});
