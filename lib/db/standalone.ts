// A Prisma client for scripts and tests that run outside Next (no `server-only`, explicit URL, closed by the caller).
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';

export function standaloneClient(url: string, max = 3): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max }) });
}
