// Platform admins: GET the egress policy (exceptions, blocked ranges, resolvers, last apply); PUT {exceptions: [...]}.
import { json, readJson, route } from '@/lib/http';
import { requirePlatformAdmin } from '@/lib/auth/session';
import { egressView, setEgressExceptions } from '@/lib/admin/egress';

export const GET = route(async () => {
  await requirePlatformAdmin();
  return json(await egressView());
});

export const PUT = route(async (req) => {
  const admin = await requirePlatformAdmin();
  return json(await setEgressExceptions(admin, await readJson(req)));
});
