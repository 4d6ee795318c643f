// Runs in the test worker before every integration test file: points lib/db/client at the run's database and
// gives each file empty tables (the schema and _prisma_migrations stay), so files cannot depend on one another.
import { afterAll, beforeAll, inject } from 'vitest';
import { truncateAll } from './db';

process.env.DATABASE_URL = inject('databaseUrl');

beforeAll(async () => {
  await truncateAll(inject('databaseUrl'));
});

afterAll(async () => {
  // lib/db/client keeps one client on globalThis; close it so the worker can exit and the next file starts fresh.
  const g = globalThis as unknown as { overcastPrisma?: { $disconnect(): Promise<void> } };
  await g.overcastPrisma?.$disconnect();
  delete g.overcastPrisma;
});
