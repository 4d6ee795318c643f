// GET: the signed-in user's SSH public keys. POST {name?, publicKey}: add one (400 invalid_ssh_key, 409 duplicate_ssh_key).
import { json, readJson, route } from '@/lib/http';
import { requireUser } from '@/lib/auth/session';
import { addMySshKey, listMySshKeys } from '@/lib/ssh-keys/service';

export const GET = route(async () => json({ sshKeys: await listMySshKeys(await requireUser()) }));

export const POST = route(async (req) => json(await addMySshKey(await requireUser(), await readJson(req)), 201));
