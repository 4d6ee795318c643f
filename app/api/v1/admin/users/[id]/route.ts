// Platform admins: GET one user (organisations, live sessions, a pending reset link); PATCH {disabled?,
// isPlatformAdmin?} — a disabled user cannot sign in and every session of theirs ends; the last active platform
// admin cannot be unmade or disabled (409 last_platform_admin).
import { json, readJson, route } from '@/lib/http';
import { requirePlatformAdmin } from '@/lib/auth/session';
import { getUser, updateUser } from '@/lib/admin/users';

type P = { id: string };

export const GET = route<P>(async (_req, { params }) => {
  await requirePlatformAdmin();
  const { id } = await params;
  return json(await getUser(id));
});

export const PATCH = route<P>(async (req, { params }) => {
  const admin = await requirePlatformAdmin();
  const { id } = await params;
  return json(await updateUser(admin, id, await readJson(req)));
});
