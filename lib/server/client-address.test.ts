// The client address the console believes: the socket's peer unless a proxy in front is trusted, and then only
// what that proxy appended, never what the client wrote itself.
import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { clientAddressOf, pinClientAddress, trustProxyFromEnv } from './client-address';

const req = (xff: string | undefined, peer = '10.0.0.7') =>
  ({ headers: xff === undefined ? {} : { 'x-forwarded-for': xff }, socket: { remoteAddress: peer } }) as unknown as IncomingMessage;

describe('the client address', () => {
  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddressOf(req('1.2.3.4'), false)).toBe('10.0.0.7');
    expect(clientAddressOf(req(undefined), false)).toBe('10.0.0.7');
  });

  it('behind a trusted proxy is the address the proxy appended last, not one the client sent', () => {
    expect(clientAddressOf(req('6.6.6.6, 203.0.113.9'), true)).toBe('203.0.113.9');
    expect(clientAddressOf(req('203.0.113.9'), true)).toBe('203.0.113.9');
    expect(clientAddressOf(req(' , '), true)).toBe('10.0.0.7');
    expect(clientAddressOf(req(undefined), true)).toBe('10.0.0.7');
  });

  it('is pinned into the request, so that what reads X-Forwarded-For later sees only it', () => {
    const r = req('6.6.6.6');
    pinClientAddress(r, false);
    expect(r.headers['x-forwarded-for']).toBe('10.0.0.7');
  });

  it('trusts a proxy only when told to', () => {
    expect([undefined, '', '0', 'no', '1', 'true'].map((v) => trustProxyFromEnv(v))).toEqual([false, false, false, false, true, true]);
  });
});
