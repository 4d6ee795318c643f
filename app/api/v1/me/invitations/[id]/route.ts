// DELETE: decline one of the signed-in user's pending invitations.
import { route } from '@/lib/http';
import { requireSessionUser } from '@/lib/auth/session';
import { declineMyInvitation } from '@/lib/tenants/invitations';

export const DELETE = route<{ id: string }>(async (_req, { params }) => {
  const { id } = await params;
  await declineMyInvitation(await requireSessionUser(), id);
  return new Response(null, { status: 204 });
});
