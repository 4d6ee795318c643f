// GET: the signed-in user's pending invitations (to organisations they are asked to join).
import { json, route } from '@/lib/http';
import { requireSessionUser } from '@/lib/auth/session';
import { listMyInvitations } from '@/lib/tenants/invitations';
import { pageArray, pageBody, pageQueryOf } from '@/lib/api/pagination';

export const GET = route(async (req) => {
  const user = await requireSessionUser();
  const query = pageQueryOf(req);
  return json(pageBody('invitations', pageArray(await listMyInvitations(user), query, (i) => [i.createdAt, i.id])));
});
