// Public: POST {name, email, password, organisation} creates an account and its organisation (its owner), as the
// sign-up page does — refused with 403 signup_disabled when an admin switched sign-up off. No session is started:
// sign in on the console (or use an API token) afterwards.
import { json, readJson, route } from '@/lib/http';
import { parseInput } from '@/lib/errors';
import { signUp } from '@/lib/tenants/sign-up';
import { ZSignUpBody } from '@/lib/tenants/schemas';

export const POST = route(async (req) => {
  const body = parseInput(ZSignUpBody, await readJson(req));
  return json(await signUp(body), 201);
});
