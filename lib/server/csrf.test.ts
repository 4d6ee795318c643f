// Issue 12 finding 1 (cross-site request forgery): which cookie-authenticated requests the /api/v1 guard lets through.
import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { assertNotCrossSite, isConsoleOrigin } from './csrf';

const COOKIE = 'authjs.session-token=eyJ.x.y';

function outcome(method: string, headers: Record<string, string>, opts = {}): string {
  try {
    assertNotCrossSite({ method, headers: new Headers({ host: 'localhost:3000', ...headers }) }, opts);
    return 'ok';
  } catch (err) {
    if (err instanceof AppError) return `${err.status} ${err.code}`;
    throw err;
  }
}

const JSON_BODY = { 'content-type': 'application/json', 'content-length': '20' };

describe('cookie-authenticated writes from another site are refused', () => {
  const rows: { method: string; headers: Record<string, string>; want: string; reason: string }[] = [
    { method: 'POST', headers: { cookie: COOKIE, origin: 'http://localhost:3000', ...JSON_BODY }, want: 'ok', reason: 'the console’s own page, JSON' },
    { method: 'PUT', headers: { cookie: COOKIE, origin: 'http://LOCALHOST:3000', ...JSON_BODY }, want: 'ok', reason: 'host compared case-insensitively' },
    { method: 'DELETE', headers: { cookie: COOKIE, origin: 'http://localhost:3000' }, want: 'ok', reason: 'no body, no type needed' },
    { method: 'POST', headers: { cookie: COOKIE, 'sec-fetch-site': 'same-origin', ...JSON_BODY }, want: 'ok', reason: 'no Origin, but the browser says same-origin' },
    { method: 'POST', headers: { cookie: COOKIE, origin: 'http://localhost:3000', 'content-type': 'application/json; charset=utf-8', 'content-length': '2' }, want: 'ok', reason: 'JSON with a charset' },
    { method: 'POST', headers: { cookie: COOKIE, origin: 'http://localhost:3000', 'content-type': 'text/csv', 'content-length': '9' }, want: 'ok', reason: 'CSV (price import) is not a type a page can send cross-site' },
    { method: 'POST', headers: { cookie: COOKIE, origin: 'http://evil.example', ...JSON_BODY }, want: '403 cross_site_request', reason: 'another site' },
    { method: 'POST', headers: { cookie: COOKIE, authorization: 'Bearer ovc_x', origin: 'http://evil.example', ...JSON_BODY }, want: 'ok', reason: 'a Bearer request is authenticated by its token, not the cookie (no page can add the header cross-site)' },
    { method: 'POST', headers: { cookie: COOKIE, authorization: 'Basic eDp5', origin: 'http://evil.example', ...JSON_BODY }, want: '403 cross_site_request', reason: 'another scheme does not exempt the cookie' },
    { method: 'POST', headers: { cookie: COOKIE, origin: 'http://localhost:40123', 'content-type': 'text/plain', 'content-length': '20' }, want: '403 cross_site_request', reason: 'a tenant app on another port of the same host' },
    { method: 'POST', headers: { cookie: COOKIE, origin: 'http://127.0.0.2:40123', ...JSON_BODY }, want: '403 cross_site_request', reason: 'the apps address' },
    { method: 'POST', headers: { cookie: COOKIE, origin: 'https://localhost:3000', ...JSON_BODY }, want: 'ok', reason: 'same host and port, scheme rewritten by a TLS proxy' },
    { method: 'PATCH', headers: { cookie: COOKIE, origin: 'null', ...JSON_BODY }, want: '403 cross_site_request', reason: 'opaque origin (sandboxed frame, data: URL)' },
    { method: 'POST', headers: { cookie: COOKIE, origin: 'file://', ...JSON_BODY }, want: '403 cross_site_request', reason: 'not http(s)' },
    { method: 'PUT', headers: { cookie: COOKIE, ...JSON_BODY }, want: '403 cross_site_request', reason: 'no Origin and no Sec-Fetch-Site' },
    { method: 'PUT', headers: { cookie: COOKIE, 'sec-fetch-site': 'same-site', ...JSON_BODY }, want: '403 cross_site_request', reason: 'same site is not same origin' },
    { method: 'PUT', headers: { cookie: COOKIE, 'sec-fetch-site': 'cross-site', ...JSON_BODY }, want: '403 cross_site_request', reason: 'cross-site fetch without Origin' },
    { method: 'PUT', headers: { cookie: COOKIE, 'sec-fetch-site': 'none', ...JSON_BODY }, want: '403 cross_site_request', reason: 'user-initiated navigation is not a page of ours' },
    { method: 'POST', headers: { cookie: COOKIE, origin: 'http://localhost:3000', 'content-type': 'text/plain', 'content-length': '20' }, want: '415 unsupported_media_type', reason: 'text/plain (what no-cors fetch sends)' },
    { method: 'POST', headers: { cookie: COOKIE, origin: 'http://localhost:3000', 'content-type': 'application/x-www-form-urlencoded', 'content-length': '20' }, want: '415 unsupported_media_type', reason: 'a form post' },
    { method: 'POST', headers: { cookie: COOKIE, origin: 'http://localhost:3000', 'content-type': 'multipart/form-data; boundary=x', 'content-length': '20' }, want: '415 unsupported_media_type', reason: 'a multipart form' },
    { method: 'POST', headers: { cookie: COOKIE, origin: 'http://localhost:3000', 'content-length': '20' }, want: '415 unsupported_media_type', reason: 'a body without a type' },
    { method: 'POST', headers: { cookie: COOKIE, origin: 'http://localhost:3000', 'transfer-encoding': 'chunked' }, want: '415 unsupported_media_type', reason: 'a chunked body without a type' },
    { method: 'POST', headers: { cookie: COOKIE, origin: 'http://localhost:3000', 'content-type': 'text/plain', 'content-length': '0' }, want: '415 unsupported_media_type', reason: 'a declared non-JSON type, even empty' },
    { method: 'POST', headers: { cookie: `a=b; __Secure-authjs.session-token.0=x`, origin: 'http://evil.example', ...JSON_BODY }, want: '403 cross_site_request', reason: 'the https cookie, chunked' },
    { method: 'GET', headers: { cookie: COOKIE, origin: 'http://evil.example' }, want: 'ok', reason: 'reads change nothing (and CORS keeps their answers from the page)' },
    { method: 'POST', headers: { origin: 'http://evil.example', 'content-type': 'text/plain', 'content-length': '20' }, want: 'ok', reason: 'no session cookie: not cookie-authenticated (the handler answers 401)' },
    { method: 'POST', headers: { cookie: 'authjs.csrf-token=abc', origin: 'http://evil.example', 'content-type': 'text/plain', 'content-length': '20' }, want: 'ok', reason: 'other cookies are no session' },
    { method: 'POST', headers: { authorization: 'Bearer tok', origin: 'http://evil.example', ...JSON_BODY }, want: 'ok', reason: 'a token is not a cookie' },
  ];
  for (const r of rows) it(`${r.method} ${r.reason} → ${r.want}`, () => expect(outcome(r.method, r.headers)).toBe(r.want));
});

describe('the console’s origin', () => {
  it('behind a proxy is the host it forwarded, not the upstream Host', () => {
    const h = new Headers({ host: '127.0.0.1:3000', 'x-forwarded-host': 'console.example.com' });
    expect(isConsoleOrigin('https://console.example.com', h)).toBe(true);
    expect(isConsoleOrigin('http://127.0.0.1:3000', h)).toBe(false);
    expect(isConsoleOrigin('https://apps.example.com', h)).toBe(false);
  });

  it('with OVERCAST_PUBLIC_URL is that origin, even when the proxy rewrites Host and sends no X-Forwarded-Host', () => {
    const h = new Headers({ host: '127.0.0.1:3000' });
    const opts = { publicUrl: 'https://console.example.com/' };
    expect(isConsoleOrigin('https://console.example.com', h, opts)).toBe(true);
    expect(isConsoleOrigin('http://console.example.com', h, opts)).toBe(false);
    expect(isConsoleOrigin('https://console.example.com:8443', h, opts)).toBe(false);
    expect(outcome('POST', { host: '127.0.0.1:3000', cookie: COOKIE, origin: 'https://console.example.com', ...JSON_BODY }, opts)).toBe('ok');
    expect(outcome('POST', { host: '127.0.0.1:3000', cookie: COOKIE, origin: 'https://evil.example', ...JSON_BODY }, opts)).toBe('403 cross_site_request');
  });

  it('a default port is the same host written with or without it', () => {
    expect(isConsoleOrigin('http://console.test', new Headers({ host: 'console.test:80' }))).toBe(true);
    expect(isConsoleOrigin('https://console.test', new Headers({ host: 'console.test:443' }))).toBe(true);
  });

  it('without a Host header nothing is the console', () => {
    expect(isConsoleOrigin('http://localhost:3000', new Headers())).toBe(false);
  });
});
