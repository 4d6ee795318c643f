// DELETE: revoke one of the signed-in user's API tokens, at once (another user's id → 404). Needs a browser session.
import { json, route } from '@/lib/http';
import { requireSessionUser } from '@/lib/auth/session';
import { revokeMyApiToken } from '@/lib/auth/api-tokens';

export const DELETE = route<{ id: string }>(async (_req, { params }) => {
  const { id } = await params;
  return json(await revokeMyApiToken(await requireSessionUser(), id));
});
