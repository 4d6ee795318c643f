// Next.js configuration. Server-only packages that ship native code or WASM stay outside the bundle.
import type { NextConfig } from 'next';

const config: NextConfig = {
  poweredByHeader: false,
  // forbidden() gives a real 403 page when a role may not see a page (stable enough in Next 16; used in one helper).
  experimental: { authInterrupts: true },
  serverExternalPackages: ['@node-rs/argon2', '@electric-sql/pglite', '@electric-sql/pglite-socket', 'pg', 'dockerode', 'docker-modem', 'ssh2', 'ws'],
};

export default config;
