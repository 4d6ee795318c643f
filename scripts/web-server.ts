// The console's web server, started by scripts/serve.ts as its child: Next.js served through its programmatic API
// (the production build in .next), plus the HTTP upgrades that Next's route handlers cannot take — the web
// terminal's WebSockets, whose handler instrumentation.ts registers in lib/server/upgrade.ts while Next prepares
// (so that it runs Next-compiled code with the process's one database client). Everything else goes to Next.
// A second listener on the apps address (OVERCAST_APPS_HOST:OVERCAST_APPS_PORT) serves tenant content — the functions
// gateway under /fn/, registered likewise in lib/server/requests.ts — and nothing of the console: tenant code is
// another site than the console in the browser, so its pages never get the console's cookies.
import http from 'node:http';
import next from 'next';
import { closeUpgradeHandlers, upgradeHandlerFor } from '../lib/server/upgrade';
import { closeRequestHandlers, requestHandlerFor } from '../lib/server/requests';
import { pinClientAddress, trustedProxiesFromEnv } from '../lib/server/client-address';
import { appsPort, env } from '../lib/env';

const port = Number(process.env.OVERCAST_PORT ?? 3000);
const hostname = process.env.OVERCAST_HOST ?? '127.0.0.1';
// Throws (the console does not start) on a malformed proxy list.
const trustProxy = trustedProxiesFromEnv();
/** How long open streams (followed logs, terminals) get to finish when the server stops. */
const DRAIN_MS = 2000;

// Next attaches its own `upgrade` listener to `httpServer` — by default to the server of the first request it
// handles — and that listener ends sockets on paths it routes (ours among them) while ours is still checking the
// request. Given a server that never listens, it stays out of the way; its upgrade handler is called below instead.
const decoy = http.createServer();
const app = next({ dev: false, dir: process.cwd(), hostname, port, httpServer: decoy });
await app.prepare(); // runs instrumentation.ts: the reconciler starts, the terminal's upgrade handler registers
const handle = app.getRequestHandler();
const nextUpgrade = app.getUpgradeHandler();

const server = http.createServer((req, res) => {
  pinClientAddress(req, trustProxy);
  void handle(req, res);
});
server.on('upgrade', (req, socket, head) => {
  pinClientAddress(req, trustProxy);
  const ours = upgradeHandlerFor(req);
  if (ours) ours.handle(req, socket, head);
  else void nextUpgrade(req, socket, head);
});
await new Promise<void>((resolve, reject) => {
  server.once('error', reject);
  server.listen(port, hostname, () => resolve());
});
console.log(`web server: Next.js and WebSockets on http://${hostname}:${port}`);

// Tenant content: what a registered handler owns (the functions gateway under /fn/); anything else is not found.
const appsHost = env().OVERCAST_APPS_HOST;
const appsServer = http.createServer((req, res) => {
  pinClientAddress(req, trustProxy);
  const ours = requestHandlerFor(req);
  if (ours) return ours.handle(req, res);
  res.writeHead(404, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify({ type: 'about:blank#not_found', title: 'Nothing is served here.', status: 404, code: 'not_found' }));
});
appsServer.on('upgrade', (_req, socket) => socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n'));
await new Promise<void>((resolve, reject) => {
  appsServer.once('error', reject);
  appsServer.listen(appsPort(), appsHost, () => resolve());
});
console.log(`web server: functions on http://${appsHost}:${appsPort()}`);

let stopping = false;
async function stop(): Promise<never> {
  if (!stopping) {
    stopping = true;
    const closed = Promise.all([new Promise((r) => server.close(r)), new Promise((r) => appsServer.close(r))]);
    server.closeIdleConnections();
    appsServer.closeIdleConnections();
    await closeUpgradeHandlers();
    await closeRequestHandlers();
    // Followed log and stats streams never end by themselves.
    const drain = setTimeout(() => {
      server.closeAllConnections();
      appsServer.closeAllConnections();
    }, DRAIN_MS);
    await closed;
    clearTimeout(drain);
    await app.close().catch((err) => console.error(err));
  }
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
