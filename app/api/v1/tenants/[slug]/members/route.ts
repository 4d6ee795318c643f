// GET: members and pending invitations. POST {email, role}: add an existing user, or invite (returns the token once).
import { json, readJson, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { inviteMember, listMembers } from '@/lib/tenants/members';

type P = { slug: string };

export const GET = route<P>(async (_req, { params }) => {
  const { slug } = await params;
  return json(await listMembers(await tenantContext(slug)));
});

export const POST = route<P>(async (req, { params }) => {
  const { slug } = await params;
  const ctx = await tenantContext(slug);
  const result = await inviteMember(ctx, await readJson(req));
  return json(result, 201);
});
