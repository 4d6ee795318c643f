// DELETE: revoke a pending invitation.
import { route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { revokeInvitation } from '@/lib/tenants/members';

export const DELETE = route<{ slug: string; id: string }>(async (_req, { params }) => {
  const { slug, id } = await params;
  await revokeInvitation(await tenantContext(slug), id);
  return new Response(null, { status: 204 });
});
