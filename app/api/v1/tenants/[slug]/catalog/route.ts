// GET: the flavors and images a container can be created with.
import { json, route } from '@/lib/http';
import { authorize } from '@/lib/auth/context';
import { tenantContext } from '@/lib/auth/session';
import { containerCatalog } from '@/lib/instances/catalog';

export const GET = route<{ slug: string }>(async (_req, { params }) => {
  const { slug } = await params;
  authorize(await tenantContext(slug), 'resource.read');
  return json(await containerCatalog());
});
