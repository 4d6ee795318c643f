// PATCH {role}: change a member's role. DELETE: remove the member (or leave, for oneself).
import { json, readJson, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { changeMemberRole, removeMember } from '@/lib/tenants/members';

type P = { slug: string; id: string };

export const PATCH = route<P>(async (req, { params }) => {
  const { slug, id } = await params;
  await changeMemberRole(await tenantContext(slug), id, await readJson(req));
  return json({ ok: true });
});

export const DELETE = route<P>(async (_req, { params }) => {
  const { slug, id } = await params;
  await removeMember(await tenantContext(slug), id);
  return new Response(null, { status: 204 });
});
