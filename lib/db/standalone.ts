// A Prisma client for scripts and tests that run outside Next (no `server-only`, explicit URL, closed by the caller).
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';
import { EMBEDDED_POOL_SIZE, isEmbeddedUrl } from './embedded-url';

export function standaloneClient(url: string, max = 3): PrismaClient {
  const size = isEmbeddedUrl(url) ? EMBEDDED_POOL_SIZE : max;
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: size }) });
}
