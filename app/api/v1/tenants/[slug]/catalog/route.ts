// GET ?kind=container|vm: the flavors and images an instance of that kind can be created with (containers by default).
import { json, route } from '@/lib/http';
import { authorize } from '@/lib/auth/context';
import { tenantContext } from '@/lib/auth/session';
import { parseInput } from '@/lib/errors';
import { catalogFor } from '@/lib/instances/catalog';
import { ZCreateKind } from '@/lib/instances/spec';

export const GET = route<{ slug: string }>(async (req, { params }) => {
  const { slug } = await params;
  authorize(await tenantContext(slug), 'resource.read');
  const { kind } = parseInput(ZCreateKind, { kind: new URL(req.url).searchParams.get('kind') ?? undefined });
  return json(await catalogFor(kind));
});
