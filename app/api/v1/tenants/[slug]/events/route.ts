// GET: the organisation's change notifications as text/event-stream (`ready`, then `change` {kind, id} per change of
// one of its instances or functions); clients re-read what changed through the API. Ends with `revoked` once the
// caller's session, token or membership is gone; 429 when the user has too many streams open.
import { eventStreamResponse, route } from '@/lib/http';
import { tenantAccessRecheck, tenantContext } from '@/lib/auth/session';
import { tenantEventStream } from '@/lib/live/watch';

export const dynamic = 'force-dynamic';

export const GET = route<{ slug: string }>(async (req, { params }) => {
  const { slug } = await params;
  const ctx = await tenantContext(slug);
  return eventStreamResponse(tenantEventStream(ctx, req.signal, await tenantAccessRecheck(slug)));
});
