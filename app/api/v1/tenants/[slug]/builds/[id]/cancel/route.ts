// POST: cancel a queued or running build (the engine stops a running one). 409 invalid_state once it has ended.
import { json, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { cancelBuild } from '@/lib/builds/service';

export const POST = route<{ slug: string; id: string }>(async (_req, { params }) => {
  const { slug, id } = await params;
  return json(await cancelBuild(await tenantContext(slug), id));
});
