// Platform admins: GET ?q&cursor&limit — every user with their organisations, roles, status and last sign-in, newest
// first; `nextCursor` fetches the next page.
import { json, route } from '@/lib/http';
import { requirePlatformAdmin } from '@/lib/auth/session';
import { listUsers } from '@/lib/admin/users';

export const GET = route(async (req) => {
  await requirePlatformAdmin();
  return json(await listUsers(Object.fromEntries(new URL(req.url).searchParams)));
});
