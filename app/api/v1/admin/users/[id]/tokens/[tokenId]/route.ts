// Platform admins: DELETE revokes one of a user's API tokens, at once.
import { json, route } from '@/lib/http';
import { requirePlatformAdmin } from '@/lib/auth/session';
import { adminRevokeApiToken } from '@/lib/auth/api-tokens';

export const DELETE = route<{ id: string; tokenId: string }>(async (_req, { params }) => {
  const admin = await requirePlatformAdmin();
  const { id, tokenId } = await params;
  return json(await adminRevokeApiToken(admin, id, tokenId));
});
