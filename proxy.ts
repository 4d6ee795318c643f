// Optimistic check only: console pages without a session cookie go to sign-in straight away. The real checks
// (session, membership, role) happen in lib/ for every page, action and API call.
import { NextResponse, type NextRequest } from 'next/server';

const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'];

export function proxy(req: NextRequest) {
  if (SESSION_COOKIES.some((c) => req.cookies.has(c))) return NextResponse.next();
  const url = new URL('/login', req.url);
  url.searchParams.set('next', req.nextUrl.pathname + req.nextUrl.search);
  return NextResponse.redirect(url);
}

export const config = { matcher: ['/t/:path*', '/admin/:path*', '/account/:path*'] };
