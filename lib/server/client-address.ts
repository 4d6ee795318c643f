// Which address a request comes from, for the sign-in rate limit and the audit log. The console's web server sets
// X-Forwarded-For to this one address before anything else reads the request, so that a client cannot choose it:
// the socket's peer, or — only when OVERCAST_TRUST_PROXY says a proxy stands in front — the address that proxy
// appended last (what the client sent before it can be anything).
import type { IncomingMessage } from 'node:http';

export function trustProxyFromEnv(value = process.env.OVERCAST_TRUST_PROXY): boolean {
  return value === '1' || value === 'true';
}

export function clientAddressOf(req: Pick<IncomingMessage, 'headers' | 'socket'>, trustProxy: boolean): string {
  if (trustProxy) {
    const header = req.headers['x-forwarded-for'];
    const last = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((s) => s.trim()).filter(Boolean).at(-1);
    if (last) return last;
  }
  return req.socket.remoteAddress ?? 'unknown';
}

/** Replaces whatever X-Forwarded-For the request carried with its one client address. */
export function pinClientAddress(req: IncomingMessage, trustProxy: boolean): void {
  req.headers['x-forwarded-for'] = clientAddressOf(req, trustProxy);
}
