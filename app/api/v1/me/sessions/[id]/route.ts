// DELETE: end one of the signed-in user's sessions (another device, or this one).
import { route } from '@/lib/http';
import { requireSessionUser } from '@/lib/auth/session';
import { revokeMySession } from '@/lib/auth/sessions';

export const DELETE = route<{ id: string }>(async (_req, { params }) => {
  const { id } = await params;
  await revokeMySession(await requireSessionUser(), id);
  return new Response(null, { status: 204 });
});
