// DELETE: removes one of the signed-in user's SSH keys (404 for another user's). VMs already made keep their copy.
import { route } from '@/lib/http';
import { requireSessionUser } from '@/lib/auth/session';
import { deleteMySshKey } from '@/lib/ssh-keys/service';

export const DELETE = route<{ id: string }>(async (_req, { params }) => {
  const { id } = await params;
  await deleteMySshKey(await requireSessionUser(), id);
  return new Response(null, { status: 204 });
});
