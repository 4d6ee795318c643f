// Next.js configuration. Server-only packages that ship native code or WASM stay outside the bundle.
import type { NextConfig } from 'next';

const config: NextConfig = {
  poweredByHeader: false,
  serverExternalPackages: ['@node-rs/argon2', '@electric-sql/pglite', '@electric-sql/pglite-socket', 'pg'],
};

export default config;
