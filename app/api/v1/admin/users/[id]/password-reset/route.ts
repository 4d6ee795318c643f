// Platform admins: POST makes a one-time password-reset link for the user (valid 24 h; older links stop working).
// The token and URL are in this answer only; hand them to the user, who sets a new password at the URL.
import { json, route } from '@/lib/http';
import { requirePlatformAdmin } from '@/lib/auth/session';
import { createPasswordReset } from '@/lib/auth/password-reset';
import { env } from '@/lib/env';
import { idempotent } from '@/lib/api/idempotency';

export const POST = route<{ id: string }>(async (req, { params }) => {
  const admin = await requirePlatformAdmin();
  const { id } = await params;
  return idempotent(req, { userId: admin.id }, null, async () => {
    const reset = await createPasswordReset(admin, id);
    const url = new URL(reset.path, env().OVERCAST_PUBLIC_URL ?? new URL(req.url).origin).toString();
    return json({ ...reset, url }, 201);
  });
});
