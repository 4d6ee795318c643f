// The one Prisma client of a process, over the stock pg driver adapter (the same path for PGlite and PostgreSQL).
import 'server-only';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { env } from '@/lib/env';
import { EMBEDDED_POOL_SIZE, isEmbeddedUrl } from '@/lib/db/embedded-url';

const globalForPrisma = globalThis as unknown as { overcastPrisma?: PrismaClient };

function createClient(): PrismaClient {
  const url = env().DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: start the console with ./overcast run (it opens the database)');
  const max = isEmbeddedUrl(url) ? EMBEDDED_POOL_SIZE : env().OVERCAST_DB_POOL_SIZE;
  const adapter = new PrismaPg({ connectionString: url, max });
  // Prisma's defaults (2 s to get a connection, 5 s per transaction) turn a burst on a busy host — 50 creates at
  // once on the embedded database's few connections — into P2028 errors instead of answers that come a bit later.
  return new PrismaClient({ adapter, transactionOptions: { maxWait: 15_000, timeout: 20_000 } });
}

/** Lazily created so that importing a module never connects (builds and unit tests stay offline). */
export function db(): PrismaClient {
  globalForPrisma.overcastPrisma ??= createClient();
  return globalForPrisma.overcastPrisma;
}

export { Prisma } from '@/lib/generated/prisma/client';
export type { Role, TenantStatus } from '@/lib/generated/prisma/client';
