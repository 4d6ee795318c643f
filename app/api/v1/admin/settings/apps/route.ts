// Platform admins: GET the public apps address (host shown in links to published ports, functions base URL; what is
// set, the defaults and what is in effect); PUT {host, functionsBaseUrl} sets it (null or "" for the default).
import { json, readJson, route } from '@/lib/http';
import { requirePlatformAdmin } from '@/lib/auth/session';
import { appsAddress, consoleHostName, setAppsAddress } from '@/lib/admin/apps-address';

export const GET = route(async () => {
  await requirePlatformAdmin();
  return json(await appsAddress());
});

export const PUT = route(async (req) => {
  const admin = await requirePlatformAdmin();
  return json(await setAppsAddress(admin, await readJson(req), consoleHostName(req.headers)));
});
