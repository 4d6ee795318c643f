// Runs in the test worker before every integration test file: points lib/db/client at the run's database and
// gives each file empty tables (the schema and _prisma_migrations stay), so files cannot depend on one another.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import { truncateAll } from './db';

process.env.DATABASE_URL = inject('databaseUrl');
// Secrets at rest are sealed with this key (lib/secrets), never one under the checkout's data/ directory.
process.env.OVERCAST_SECRETS_KEY ??= randomBytes(32).toString('base64');

// /api/v1 rate limits (lib/server/api-rate-limit.ts) are off unless a test turns them on (api-rate-limit.test.ts).
process.env.OVERCAST_API_RATE_PER_ADDRESS ??= '0';
process.env.OVERCAST_API_RATE_PER_TOKEN ??= '0';

beforeAll(async () => {
  await truncateAll(inject('databaseUrl'));
});

afterAll(async () => {
  // lib/db/client keeps one client on globalThis; close it so the worker can exit and the next file starts fresh.
  const g = globalThis as unknown as { overcastPrisma?: { $disconnect(): Promise<void> } };
  await g.overcastPrisma?.$disconnect();
  delete g.overcastPrisma;
});
