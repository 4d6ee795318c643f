// GET: the running instance's CPU and memory as text/event-stream (each event: {at, cpuPercent, memoryBytes,
// memoryLimitBytes}; `end` when it does not run).
import { eventStreamResponse, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { statsStream } from '@/lib/instances/stats';

export const dynamic = 'force-dynamic';

export const GET = route<{ slug: string; id: string }>(async (req, { params }) => {
  const { slug, id } = await params;
  return eventStreamResponse(await statsStream(await tenantContext(slug), id, req.signal));
});
