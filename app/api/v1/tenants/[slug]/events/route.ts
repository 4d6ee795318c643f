// GET: the organisation's change notifications as text/event-stream (`ready`, then `change` {kind, id} per change of
// one of its instances or functions); clients re-read what changed through the API.
import { eventStreamResponse, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { tenantEventStream } from '@/lib/live/watch';

export const dynamic = 'force-dynamic';

export const GET = route<{ slug: string }>(async (req, { params }) => {
  const { slug } = await params;
  return eventStreamResponse(tenantEventStream(await tenantContext(slug), req.signal));
});
