// Cross-site request forgery guard for /api/v1: browsers attach the console's session cookie to requests that any
// page makes (a Lax cookie on every same-site page, e.g. a tenant's app on another port of the same host), so a
// state-changing request authenticated by that cookie must prove it comes from the console's own pages — its Origin
// (or, when a browser sends none, `Sec-Fetch-Site: same-origin`) — and carry a body type that no page can send
// cross-site without a CORS preflight, which the console never grants. Requests without the cookie are not the
// browser's, and are left to their own authentication; so are requests with `Authorization: Bearer …` even when a
// cookie comes along: route() (lib/http.ts) authenticates them by their API token and ignores the cookie, and no page
// can add that header to a cross-site request without a preflight either.
import { AppError } from '@/lib/errors';

/** The scheme lib/auth/request-credential.ts reads: such a request is authenticated by its token, never its cookie. */
const BEARER = /^\s*bearer(?:\s|$)/i;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Auth.js's session cookie, plain or __Secure- (https), possibly split into chunks (`.0`, `.1`, …). */
const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?authjs\.session-token(?:\.\d+)?=/;
/**
 * The body types the API reads: JSON everywhere, CSV for a price catalog import, an archive for a build context.
 * None is a CORS-safelisted type (text/plain, application/x-www-form-urlencoded, multipart/form-data), so a foreign
 * page cannot send them.
 */
const BODY_TYPES = new Set(['application/json', 'text/csv', 'application/octet-stream', 'application/x-tar', 'application/gzip', 'application/zip']);

export type CsrfOptions = {
  /** The console's public URL (OVERCAST_PUBLIC_URL): its origin is accepted besides the request's own host. */
  publicUrl?: string;
};

/** Whether the request is authenticated by the session cookie: it carries one, and no Bearer header (which wins). */
export function isCookieAuthenticated(headers: Headers): boolean {
  return SESSION_COOKIE.test(headers.get('cookie') ?? '') && !BEARER.test(headers.get('authorization') ?? '');
}

function firstValue(value: string | null): string | undefined {
  return value?.split(',')[0]?.trim() || undefined;
}

/** The host the request was addressed to: a proxy in front names it in X-Forwarded-Host (pages cannot set that
 * header cross-site: it is not CORS-safelisted), else Host. Normalised like URL.host (lower case, no default port). */
function requestHost(headers: Headers, scheme: string): string | undefined {
  const host = firstValue(headers.get('x-forwarded-host')) ?? firstValue(headers.get('host'));
  if (!host) return undefined;
  try {
    return new URL(`${scheme}//${host}`).host;
  } catch {
    return undefined;
  }
}

/** Whether `origin` (an Origin header's value) is the console: the configured public URL or the request's own host. */
export function isConsoleOrigin(origin: string, headers: Headers, opts: CsrfOptions = {}): boolean {
  let url: URL;
  try {
    url = new URL(origin); // `null` (sandboxed frames, file:, some redirects) does not parse: refused.
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (opts.publicUrl && new URL(opts.publicUrl).origin === url.origin) return true;
  return url.host === requestHost(headers, url.protocol);
}

function mediaType(contentType: string | null): string | undefined {
  return contentType?.split(';')[0]?.trim().toLowerCase() || undefined;
}

function hasBody(headers: Headers): boolean {
  const length = headers.get('content-length');
  return (length !== null && length.trim() !== '0') || headers.has('transfer-encoding');
}

/** Throws cross_site_request (403) or unsupported_media_type (415) for a forged cookie-authenticated write. */
export function assertNotCrossSite(req: Pick<Request, 'method' | 'headers'>, opts: CsrfOptions = {}): void {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return;
  const headers = req.headers;
  if (!isCookieAuthenticated(headers)) return;
  const origin = headers.get('origin');
  const fromConsole = origin !== null ? isConsoleOrigin(origin, headers, opts) : headers.get('sec-fetch-site') === 'same-origin';
  if (!fromConsole) {
    throw new AppError('cross_site_request', 'This request must come from the console’s own pages (its Origin is another site).');
  }
  const type = mediaType(headers.get('content-type'));
  if ((type !== undefined || hasBody(headers)) && !(type && BODY_TYPES.has(type))) {
    throw new AppError('unsupported_media_type', 'Send the request body as application/json.', {}, { accepted: [...BODY_TYPES] });
  }
}
