// The signed-in user and their organisations.
import { json, route } from '@/lib/http';
import { requireUser } from '@/lib/auth/session';
import { myTenants } from '@/lib/tenants/queries';

export const GET = route(async () => {
  const user = await requireUser();
  return json({ user, tenants: await myTenants(user.id) });
});
