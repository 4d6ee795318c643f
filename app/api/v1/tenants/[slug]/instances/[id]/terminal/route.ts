// The web terminal is a WebSocket on this path (lib/terminal/server.ts, served by scripts/web-server.ts). A plain
// GET answers what the upgrade would: 426 when the terminal may be opened, otherwise the problem that refuses it —
// the browser reads it after a refused WebSocket, whose status it is not told.
import { problem, route } from '@/lib/http';
import { tenantContext } from '@/lib/auth/session';
import { terminalTarget } from '@/lib/terminal/access';

export const dynamic = 'force-dynamic';

export const GET = route<{ slug: string; id: string }>(async (_req, { params }) => {
  const { slug, id } = await params;
  await terminalTarget(await tenantContext(slug), id);
  const res = problem(426, 'upgrade_required', 'Open this address as a WebSocket to use the terminal.');
  res.headers.set('upgrade', 'websocket');
  return res;
});
