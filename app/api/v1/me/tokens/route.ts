// GET: the signed-in user's API tokens. POST {name, tenant (slug) | platformAdmin: true, role, expiresInDays? |
// expiresAt?}: make one; the answer carries the secret, the only time it is shown. Both need a browser session:
// an API token cannot list, make or revoke tokens (403 token_not_allowed).
import { json, readJson, route } from '@/lib/http';
import { requireSessionUser } from '@/lib/auth/session';
import { createApiToken, listMyApiTokens } from '@/lib/auth/api-tokens';

export const GET = route(async () => json({ tokens: await listMyApiTokens(await requireSessionUser()) }));

export const POST = route(async (req) => {
  const user = await requireSessionUser();
  return json(await createApiToken(user, await readJson(req)), 201);
});
