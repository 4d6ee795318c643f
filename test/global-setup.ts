// Provides the integration tests' one database for the whole run: the PostgreSQL database named by
// OVERCAST_TEST_DATABASE_URL (./overcast test creates a throw-away one), otherwise an in-memory embedded PGlite
// served from this (the main vitest) process. Either way it is migrated with our own runner first.
import type { TestProject } from 'vitest/node';
import { openEmbeddedDatabase } from '../lib/db/embedded';
import { migrate } from '../lib/db/migrate';

export type DatabaseKind = 'embedded' | 'postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: DatabaseKind;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.OVERCAST_TEST_DATABASE_URL;
  if (external) {
    if (!/^postgres(ql)?:\/\//.test(external)) throw new Error('OVERCAST_TEST_DATABASE_URL must be a postgres:// URL');
    await migrate(external);
    project.provide('databaseUrl', external);
    project.provide('databaseKind', 'postgres');
    console.log(`integration tests on PostgreSQL: ${redact(external)}`);
    return async () => {};
  }
  const embedded = await openEmbeddedDatabase();
  try {
    await migrate(embedded.url);
  } catch (err) {
    await embedded.close();
    throw err;
  }
  project.provide('databaseUrl', embedded.url);
  project.provide('databaseKind', 'embedded');
  console.log('integration tests on an in-memory embedded PGlite');
  return () => embedded.close();
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
