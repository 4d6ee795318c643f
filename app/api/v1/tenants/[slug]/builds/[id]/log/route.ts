// GET ?offset&follow=1: the build's log. With follow (or Accept: text/event-stream) a text/event-stream of
// {offset, text} chunks and {status, error, imageDigest} changes until the build ends; otherwise the log as text.
import { eventStreamResponse, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { eventStream } from '@/lib/sse';
import { buildLog } from '@/lib/builds/service';

export const dynamic = 'force-dynamic';

export const GET = route<{ slug: string; id: string }>(async (req, { params }) => {
  const { slug, id } = await params;
  const url = new URL(req.url);
  const offset = Math.max(0, Number(url.searchParams.get('offset') ?? 0) || 0);
  const ctx = await tenantContext(slug);
  const follow = url.searchParams.get('follow') === '1' || (req.headers.get('accept') ?? '').includes('text/event-stream');
  const events = buildLog(ctx, id, { offset, follow, signal: req.signal });
  const it = events[Symbol.asyncIterator]();
  // The first step reads the build: a missing or foreign one is a 404 problem, not an empty stream.
  const first = await it.next();
  const rest = (async function* () {
    if (!first.done) yield first.value;
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      yield n.value;
    }
  })();
  if (follow) return eventStreamResponse(eventStream(rest, req.signal));
  let text = '';
  for await (const e of rest) if ('text' in e) text += e.text;
  return new Response(text, { headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
});
