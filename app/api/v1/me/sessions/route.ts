// GET: the signed-in user's live sessions (this one marked `current`). DELETE: sign out everywhere, this one included.
import { json, route } from '@/lib/http';
import { currentSessionId, requireSessionUser } from '@/lib/auth/session';
import { listMySessions, revokeAllMySessions } from '@/lib/auth/sessions';
import { pageArray, pageBody, pageQueryOf } from '@/lib/api/pagination';

export const GET = route(async (req) => {
  const user = await requireSessionUser();
  const query = pageQueryOf(req);
  return json(pageBody('sessions', pageArray(await listMySessions(user, await currentSessionId()), query, (s) => [s.createdAt, s.id])));
});

export const DELETE = route(async () => json({ revoked: await revokeAllMySessions(await requireSessionUser()) }));
