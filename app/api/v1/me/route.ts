// The signed-in user and their organisations. With an API token: the token too (its organisation and the role it
// acts with now), and only the organisations the token reaches.
import { json, route } from '@/lib/http';
import { requireUser } from '@/lib/auth/session';
import { requestToken } from '@/lib/auth/request-credential';
import { myTenants } from '@/lib/tenants/queries';

export const GET = route(async () => {
  const user = await requireUser();
  const token = requestToken();
  if (!token) return json({ user, tenants: await myTenants(user.id) });
  const scope = token.tenant;
  const tenants = (await myTenants(user.id, scope?.id)).map((t) => (scope ? { ...t, role: scope.role } : t));
  return json({
    user,
    tenants,
    token: { id: token.tokenId, name: token.name, platformAdmin: token.platformAdmin, tenant: scope ? (tenants[0]?.slug ?? null) : null, role: scope?.role ?? null },
  });
});
