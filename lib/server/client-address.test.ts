// The client address the console believes: the socket's peer, unless that peer is a listed proxy — then the first
// address in X-Forwarded-For, walking from the right, that is not a listed proxy; never what the client wrote itself.
import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { clientAddressOf, parseTrustedProxies, pinClientAddress, trustedProxiesFromEnv } from './client-address';

const req = (xff: string | undefined, peer = '10.0.0.7') =>
  ({ headers: xff === undefined ? {} : { 'x-forwarded-for': xff }, socket: { remoteAddress: peer } }) as unknown as IncomingMessage;

const proxies = (list: string) => parseTrustedProxies(list);

describe('the client address', () => {
  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddressOf(req('1.2.3.4'), null)).toBe('10.0.0.7');
    expect(clientAddressOf(req(undefined), null)).toBe('10.0.0.7');
    expect(clientAddressOf(req('1.2.3.4', '::ffff:127.0.0.1'), null)).toBe('127.0.0.1');
  });

  it('behind a trusted proxy is the address the proxy appended last, not one the client sent', () => {
    const trusted = proxies('10.0.0.0/8');
    expect(clientAddressOf(req('6.6.6.6, 203.0.113.9'), trusted)).toBe('203.0.113.9');
    expect(clientAddressOf(req('203.0.113.9'), trusted)).toBe('203.0.113.9');
    expect(clientAddressOf(req(' , '), trusted)).toBe('10.0.0.7');
    expect(clientAddressOf(req(undefined), trusted)).toBe('10.0.0.7');
  });

  // Finding 12 of the security round: OVERCAST_TRUST_PROXY=1 believed X-Forwarded-For from any peer, so anyone who
  // reached the console's port directly chose the address the sign-in limit and the audit log saw.
  it('trusted proxy list (finding 12): X-Forwarded-For counts only when the connection comes from a listed proxy', () => {
    const trusted = proxies('127.0.0.1, 10.0.0.0/8');
    // A client connecting directly from outside the list cannot choose its address.
    expect(clientAddressOf(req('198.51.100.23', '203.0.113.50'), trusted)).toBe('203.0.113.50');
    expect(clientAddressOf(req('127.0.0.1', '2001:db8::5'), trusted)).toBe('2001:db8::5');
    // The old "1" now means a proxy on this host only: a direct peer elsewhere is the client.
    const legacy = trustedProxiesFromEnv({ OVERCAST_TRUST_PROXY: '1' });
    expect(clientAddressOf(req('198.51.100.23', '203.0.113.50'), legacy)).toBe('203.0.113.50');
    expect(clientAddressOf(req('198.51.100.23', '::ffff:127.0.0.1'), legacy)).toBe('198.51.100.23');
    expect(clientAddressOf(req('198.51.100.23', '::1'), legacy)).toBe('198.51.100.23');
  });

  it('walks X-Forwarded-For from the right past every trusted hop, and stops at the first untrusted one', () => {
    const trusted = proxies('127.0.0.1,10.0.0.0/8,fd00::/8');
    // client → 10.1.2.3 (an inner proxy) → 127.0.0.1 (the local TLS proxy) → console
    expect(clientAddressOf(req('203.0.113.9, 10.1.2.3', '127.0.0.1'), trusted)).toBe('203.0.113.9');
    // What the client wrote to the left of its own address is never reached.
    expect(clientAddressOf(req('10.9.9.9, 6.6.6.6, 203.0.113.9, 10.1.2.3', '127.0.0.1'), trusted)).toBe('203.0.113.9');
    expect(clientAddressOf(req('2001:db8::1, fd00::2', '::1'), proxies('::1, fd00::/8'))).toBe('2001:db8::1');
    // Every hop trusted: the leftmost one is as far as we can see.
    expect(clientAddressOf(req('10.0.0.1, 10.0.0.2', '127.0.0.1'), trusted)).toBe('10.0.0.1');
    // Garbage in a position a trusted hop wrote: stop at that hop rather than believe it.
    expect(clientAddressOf(req('203.0.113.9, not-an-ip', '127.0.0.1'), trusted)).toBe('127.0.0.1');
    expect(clientAddressOf(req('203.0.113.9:5555', '127.0.0.1'), trusted)).toBe('127.0.0.1');
  });

  it('is pinned into the request, so that what reads X-Forwarded-For later sees only it', () => {
    const r = req('6.6.6.6');
    pinClientAddress(r, null);
    expect(r.headers['x-forwarded-for']).toBe('10.0.0.7');
  });
});

describe('the trusted proxies setting', () => {
  it('trusts no proxy unless told to', () => {
    for (const v of [undefined, '', '0', 'false']) expect(trustedProxiesFromEnv({ OVERCAST_TRUST_PROXY: v })).toBeNull();
    expect(trustedProxiesFromEnv({})).toBeNull();
  });

  it('reads OVERCAST_TRUSTED_PROXIES, which wins over OVERCAST_TRUST_PROXY', () => {
    expect(trustedProxiesFromEnv({ OVERCAST_TRUSTED_PROXIES: '192.0.2.1 , 10.0.0.0/8' })?.entries).toEqual(['192.0.2.1', '10.0.0.0/8']);
    expect(trustedProxiesFromEnv({ OVERCAST_TRUSTED_PROXIES: '192.0.2.1', OVERCAST_TRUST_PROXY: '1' })?.entries).toEqual(['192.0.2.1']);
    expect(trustedProxiesFromEnv({ OVERCAST_TRUST_PROXY: 'true' })?.entries).toEqual(['127.0.0.0/8', '::1']);
  });

  it.each(['10.0.0.0/33', 'proxy.example', '10.0.0.0/8/1', '::1/129', '10.0.0/8', '1.2.3.4/x'])('refuses %s with a clear message', (bad) => {
    expect(() => trustedProxiesFromEnv({ OVERCAST_TRUSTED_PROXIES: `127.0.0.1,${bad}` })).toThrow(/OVERCAST_TRUSTED_PROXIES: ".*" is not an IP address or CIDR range/);
  });

  it('refuses an OVERCAST_TRUST_PROXY value it does not understand', () => {
    expect(() => trustedProxiesFromEnv({ OVERCAST_TRUST_PROXY: '10.0.0.0/8' })).toThrow(/OVERCAST_TRUSTED_PROXIES/);
  });
});
