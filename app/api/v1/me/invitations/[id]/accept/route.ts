// POST: accept one of the signed-in user's pending invitations; answers with the organisation's slug.
import { json, route } from '@/lib/http';
import { requireSessionUser } from '@/lib/auth/session';
import { acceptMyInvitation } from '@/lib/tenants/invitations';

export const POST = route<{ id: string }>(async (_req, { params }) => {
  const { id } = await params;
  return json(await acceptMyInvitation(await requireSessionUser(), id));
});
