// GET: Docker's registry token endpoint (`docker login <registry>` with your email and an API token).
import { json, route } from '@/lib/http';
import { clientAddressFrom } from '@/lib/audit/context';
import { issueRegistryToken } from '@/lib/registry/issuer';

export const dynamic = 'force-dynamic';

export const GET = route(async (req) => {
  const url = new URL(req.url);
  return json(await issueRegistryToken(req.headers.get('authorization'), url.searchParams, clientAddressFrom(req.headers)));
});
