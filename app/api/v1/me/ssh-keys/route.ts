// GET: the signed-in user's SSH public keys. POST {name?, publicKey}: add one (400 invalid_ssh_key, 409 duplicate_ssh_key).
import { json, readJson, route } from '@/lib/http';
import { requireSessionUser, requireUser } from '@/lib/auth/session';
import { addMySshKey, listMySshKeys } from '@/lib/ssh-keys/service';
import { idempotent } from '@/lib/api/idempotency';
import { pageArray, pageBody, pageQueryOf } from '@/lib/api/pagination';

export const GET = route(async (req) => {
  const user = await requireUser();
  const page = pageArray(await listMySshKeys(user), pageQueryOf(req), (k) => [k.createdAt, k.id], { order: 'asc' });
  return json(pageBody('sshKeys', page));
});

// Adding a key changes the account: a person's doing, not an API token's (403 token_not_allowed).
export const POST = route(async (req) => {
  const user = await requireSessionUser();
  const body = await readJson(req);
  return idempotent(req, { userId: user.id }, body, async () => json(await addMySshKey(user, body), 201));
});
