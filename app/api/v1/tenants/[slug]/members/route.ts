// GET: members and pending invitations. POST {email, role}: add an existing user, or invite (returns the token once).
import { json, readJson, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { inviteMember, listMembers } from '@/lib/tenants/members';
import { idempotent } from '@/lib/api/idempotency';
import { pageArray, pageBody, pageQueryOf } from '@/lib/api/pagination';

type P = { slug: string };

export const GET = route<P>(async (req, { params }) => {
  const { slug } = await params;
  const ctx = await tenantContext(slug);
  const query = pageQueryOf(req);
  // The members are paginated (oldest first); the pending invitations, few and short-lived, come whole on each page.
  const { members, invitations } = await listMembers(ctx);
  return json(pageBody('members', pageArray(members, query, (m) => [m.createdAt, m.id], { order: 'asc' }), { invitations }));
});

export const POST = route<P>(async (req, { params }) => {
  const { slug } = await params;
  const ctx = await tenantContext(slug);
  const body = await readJson(req);
  return idempotent(req, { userId: ctx.user.id, tenantId: ctx.tenant.id }, body, async () => json(await inviteMember(ctx, body), 201));
});
