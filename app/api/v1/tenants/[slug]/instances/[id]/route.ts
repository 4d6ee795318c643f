// GET: one instance with its activity (with ?watch=1&since=<updatedAt>: a long-poll that answers once it changed).
// DELETE: ask for deletion (202; the reconciler removes it).
import { json, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { getInstance } from '@/lib/instances/queries';
import { requestInstanceAction } from '@/lib/instances/operate';
import { parseWatchQuery, watchInstance } from '@/lib/live/watch';

type P = { slug: string; id: string };

export const dynamic = 'force-dynamic';

export const GET = route<P>(async (req, { params }) => {
  const { slug, id } = await params;
  const query = new URL(req.url).searchParams;
  const ctx = await tenantContext(slug);
  if (!query.has('watch')) return json(await getInstance(ctx, id));
  const { sinceMs, timeoutMs } = parseWatchQuery(query);
  return json(await watchInstance(ctx, id, sinceMs, timeoutMs, req.signal));
});

export const DELETE = route<P>(async (_req, { params }) => {
  const { slug, id } = await params;
  await requestInstanceAction(await tenantContext(slug), id, { action: 'delete' });
  return json({ accepted: true }, 202);
});
