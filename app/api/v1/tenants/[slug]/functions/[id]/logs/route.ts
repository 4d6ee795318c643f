// GET ?follow=1&tail=200: the function's console output as text/event-stream (each event: {at, stream, text,
// invocationId}); with follow, new lines as they are recorded.
import { eventStreamResponse, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { functionLogStream } from '@/lib/functions/observe';

export const dynamic = 'force-dynamic';

export const GET = route<{ slug: string; id: string }>(async (req, { params }) => {
  const { slug, id } = await params;
  const url = new URL(req.url);
  const tail = Math.min(5000, Math.max(0, Number(url.searchParams.get('tail') ?? 200) || 0));
  const stream = await functionLogStream(await tenantContext(slug), id, { follow: url.searchParams.get('follow') === '1', tail, signal: req.signal });
  return eventStreamResponse(stream);
});
