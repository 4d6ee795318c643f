// Platform admins: GET a user's API tokens (never their secrets).
import { json, route } from '@/lib/http';
import { requirePlatformAdmin } from '@/lib/auth/session';
import { listUserApiTokens } from '@/lib/auth/api-tokens';

export const GET = route<{ id: string }>(async (_req, { params }) => {
  const admin = await requirePlatformAdmin();
  const { id } = await params;
  return json({ tokens: await listUserApiTokens(admin, id) });
});
