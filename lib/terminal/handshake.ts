// Who opens a WebSocket: the upgrade request carries the browser's Auth.js session cookie (an encrypted JWT), which
// is decoded here with AUTH_SECRET exactly as Auth.js reads it (the cookie name is the salt), and its server-side
// session and user are checked in the database as for any request. Before that, the Origin must be this console: browsers send cookies with cross-site
// WebSocket requests, so without this check any page could drive a signed-in user's terminal (CSWSH).
import 'server-only';
import type { IncomingHttpHeaders } from 'node:http';
import { getToken } from 'next-auth/jwt';
import { AppError } from '@/lib/errors';
import type { SessionUser } from '@/lib/auth/context';
import { findSessionUser } from '@/lib/auth/principal';

const SECURE_COOKIE = /(?:^|;\s*)__Secure-authjs\.session-token(?:\.\d+)?=/;

function first(value: string | string[] | undefined): string | undefined {
  return (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim().toLowerCase() || undefined;
}

/**
 * Whether the Origin header names the host the request was sent to. A proxy in front may rewrite Host and say so in
 * X-Forwarded-Host; honouring it is safe because a web page cannot set headers on a WebSocket request.
 */
export function sameOrigin(headers: IncomingHttpHeaders): boolean {
  const origin = first(headers.origin);
  const host = first(headers['x-forwarded-host']) ?? first(headers.host);
  if (!origin || !host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export type UpgradePrincipal = {
  user: SessionUser;
  /** The server-side session the cookie names: re-checked while the terminal is open. */
  sessionId: string;
  /** When the sign-in ends (ms since epoch). */
  expiresAt: number;
};

/** The signed-in user of an upgrade request; throws forbidden (foreign origin) or unauthenticated. */
export async function upgradePrincipal(headers: IncomingHttpHeaders, secret: string): Promise<UpgradePrincipal> {
  if (!sameOrigin(headers)) throw new AppError('forbidden', 'This connection must come from the console’s own pages.');
  const cookie = headers.cookie ?? '';
  // Only the cookie is passed on: getToken would also take an Authorization header, which is no credential of ours.
  const token = await getToken({ req: { headers: new Headers({ cookie }) }, secret, secureCookie: SECURE_COOKIE.test(cookie) });
  const sessionId = typeof token?.sid === 'string' ? token.sid : undefined;
  const user = typeof token?.sub === 'string' && sessionId ? await findSessionUser(token.sub, sessionId) : null;
  if (!token || !user || !sessionId) throw new AppError('unauthenticated', 'Sign in first.');
  const expiresAt = typeof token.exp === 'number' ? token.exp * 1000 : Date.now() + 12 * 60 * 60 * 1000;
  return { user, sessionId, expiresAt };
}
