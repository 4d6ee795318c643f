// POST {name?, password?}: accept an invitation by the token of its link, as the /invite page does. The token is the
// credential: for an email without an account, name and password create it; for an existing account, only that
// account, signed in, may accept (401 otherwise). Answers the organisation's slug. Unknown, used or expired: 404.
import { json, readJson, route } from '@/lib/http';
import { parseInput } from '@/lib/errors';
import { currentUser } from '@/lib/auth/session';
import { acceptInvitation } from '@/lib/tenants/invitations';
import { ZAcceptInviteBody } from '@/lib/tenants/schemas';

export const POST = route<{ token: string }>(async (req, { params }) => {
  const { token } = await params;
  const body = parseInput(ZAcceptInviteBody, await readJson(req));
  return json(await acceptInvitation(token, body, await currentUser()));
});
