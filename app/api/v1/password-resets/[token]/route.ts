// Public (the token is the credential): GET whom a reset link is for; POST {password} sets the new password, spends
// the link and ends every session of the user. An unknown, used or expired link is 404 not_found.
import { json, readJson, route } from '@/lib/http';
import { notFoundError } from '@/lib/errors';
import { previewPasswordReset, redeemPasswordReset } from '@/lib/auth/password-reset';

type P = { token: string };

export const GET = route<P>(async (_req, { params }) => {
  const { token } = await params;
  const preview = await previewPasswordReset(token);
  if (!preview) throw notFoundError('password reset link (it may have expired or already been used)');
  return json(preview);
});

export const POST = route<P>(async (req, { params }) => {
  const { token } = await params;
  return json(await redeemPasswordReset(token, await readJson(req)));
});
