// Optimistic check only: console pages without a session cookie go to sign-in straight away. The real checks
// (session, membership, role) happen in lib/ for every page, action and API call. Also remembers the organisation
// of the last /t/<slug> page, so that pages outside organisations keep its navigation (lib/tenants/current.ts).
import { NextResponse, type NextRequest } from 'next/server';
import { CURRENT_ORG_COOKIE, orgSlugOfPath } from '@/lib/tenants/current';

const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'];

export function proxy(req: NextRequest) {
  if (SESSION_COOKIES.some((c) => req.cookies.has(c))) {
    const res = NextResponse.next();
    const slug = orgSlugOfPath(req.nextUrl.pathname);
    if (slug && req.cookies.get(CURRENT_ORG_COOKIE)?.value !== slug) {
      res.cookies.set(CURRENT_ORG_COOKIE, slug, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 365 * 24 * 3600 });
    }
    return res;
  }
  const url = new URL('/login', req.url);
  url.searchParams.set('next', req.nextUrl.pathname + req.nextUrl.search);
  return NextResponse.redirect(url);
}

export const config = { matcher: ['/t/:path*', '/admin/:path*', '/account/:path*'] };
