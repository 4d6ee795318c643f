// Next.js configuration. Server-only packages that ship native code or WASM stay outside the bundle.
import type { NextConfig } from 'next';

/**
 * On every page and API response: the console is never framed (clickjacking — a tenant's page could otherwise show
 * it under a decoy), responses are never sniffed into another type, and links to tenant apps do not carry the
 * console's paths (tenant slugs, instance ids) in a Referer.
 */
const SECURITY_HEADERS = [
  { key: 'Content-Security-Policy', value: "frame-ancestors 'none'" },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'same-origin' },
];

const config: NextConfig = {
  poweredByHeader: false,
  async headers() {
    return [{ source: '/:path*', headers: SECURITY_HEADERS }];
  },
  // forbidden() gives a real 403 page when a role may not see a page (stable enough in Next 16; used in one helper).
  experimental: { authInterrupts: true },
  serverExternalPackages: ['@node-rs/argon2', '@electric-sql/pglite', '@electric-sql/pglite-socket', 'pg', 'dockerode', 'docker-modem', 'ssh2', 'ws'],
};

export default config;
