// Which address a request comes from, for the sign-in rate limit, the audit log and the session list. The console's
// web server sets X-Forwarded-For to this one address before anything else reads the request, so that a client cannot
// choose it: the socket's peer, unless that peer is a proxy listed in OVERCAST_TRUSTED_PROXIES — then X-Forwarded-For
// is walked from the right, past every listed proxy, and the first address not listed is the client (entries further
// left were written by whoever is not trusted, so they can be anything).
import { BlockList, isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';

/** The proxies whose X-Forwarded-For entries are believed; `null` when none are (the header is ignored). */
export type TrustedProxies = { readonly list: BlockList; readonly entries: readonly string[] } | null;

/** What `OVERCAST_TRUST_PROXY=1` means: a proxy on this host (the usual TLS proxy set-up), never any peer. */
export const LOOPBACK_PROXIES = ['127.0.0.0/8', '::1'];

/** A socket address without the IPv4-mapped IPv6 prefix Node reports on dual-stack sockets. */
function plain(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m ? m[1]! : address;
}

/**
 * Parses a comma-separated list of addresses and CIDR ranges (`127.0.0.1, 10.0.0.0/8, fd00::/8`). Throws with a clear
 * message on anything else, so that a typo stops the console at start-up instead of trusting the wrong peers.
 */
export function parseTrustedProxies(value: string): TrustedProxies {
  const entries = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (!entries.length) return null;
  const list = new BlockList();
  for (const entry of entries) {
    const [addr = '', bits, ...rest] = entry.split('/');
    const family = isIP(addr);
    const max = family === 6 ? 128 : 32;
    const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
    if (!family || rest.length || !(prefix >= 0 && prefix <= max)) {
      throw new Error(`OVERCAST_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range (e.g. 127.0.0.1, 10.0.0.0/8, fd00::/8)`);
    }
    list.addSubnet(addr, prefix, family === 6 ? 'ipv6' : 'ipv4');
  }
  return { list, entries };
}

/**
 * The trusted proxies from the environment. OVERCAST_TRUSTED_PROXIES lists them; the older OVERCAST_TRUST_PROXY=1
 * (or `true`) still works and means loopback only — it used to trust the header from any peer, which let anyone who
 * reaches the port directly choose their address. Any other value of it is refused at start-up.
 */
export function trustedProxiesFromEnv(env: Record<string, string | undefined> = process.env): TrustedProxies {
  const listed = env.OVERCAST_TRUSTED_PROXIES?.trim();
  if (listed) return parseTrustedProxies(listed);
  const legacy = env.OVERCAST_TRUST_PROXY?.trim() ?? '';
  if (legacy === '' || legacy === '0' || legacy === 'false') return null;
  if (legacy === '1' || legacy === 'true') return parseTrustedProxies(LOOPBACK_PROXIES.join(','));
  throw new Error(
    `OVERCAST_TRUST_PROXY="${legacy}" is not understood: list your proxies' addresses in OVERCAST_TRUSTED_PROXIES ` +
      '(e.g. 127.0.0.1,10.0.0.0/8); OVERCAST_TRUST_PROXY=1 means a proxy on this host (loopback) only',
  );
}

function isTrusted(proxies: NonNullable<TrustedProxies>, address: string): boolean {
  const a = plain(address);
  const family = isIP(a);
  return family !== 0 && proxies.list.check(a, family === 6 ? 'ipv6' : 'ipv4');
}

export function clientAddressOf(req: Pick<IncomingMessage, 'headers' | 'socket'>, proxies: TrustedProxies): string {
  const peer = plain(req.socket.remoteAddress ?? 'unknown');
  if (!proxies || !isTrusted(proxies, peer)) return peer;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((s) => s.trim()).filter(Boolean);
  // Right to left: each entry was appended by the hop to its right, which is trusted so far.
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = plain(hops[i]!);
    // Not an address (a port, garbage): the trusted hop that wrote it is the last thing we know for sure.
    if (!isIP(hop)) return client;
    client = hop;
    if (!isTrusted(proxies, hop)) return hop;
  }
  return client;
}

/** Replaces whatever X-Forwarded-For the request carried with its one client address. */
export function pinClientAddress(req: IncomingMessage, proxies: TrustedProxies): void {
  req.headers['x-forwarded-for'] = clientAddressOf(req, proxies);
}
