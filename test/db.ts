// Database helpers for integration tests: emptying the shared database, and scratch databases of the same kind
// for tests that need an empty one (migrations from nothing).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openEmbeddedDatabase } from '../lib/db/embedded';

export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Empties every application table; keeps the schema and the migration history. */
export async function truncateAll(url: string): Promise<void> {
  await withClient(url, async (client) => {
    const { rows } = await client.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`,
    );
    if (rows.length === 0) return;
    await client.query(`TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(', ')} CASCADE`);
  });
}

export type ScratchDatabase = { url: string; close(): Promise<void> };

/**
 * An empty database of the kind under test: a fresh in-memory PGlite, or a new database on the PostgreSQL server
 * (the test role has CREATEDB; names start with the run's database name so ./overcast test can sweep leftovers).
 */
export async function scratchDatabase(): Promise<ScratchDatabase> {
  if (inject('databaseKind') === 'embedded') return openEmbeddedDatabase();
  const base = new URL(inject('databaseUrl'));
  const name = `${decodeURIComponent(base.pathname.slice(1))}_s${randomBytes(4).toString('hex')}`;
  await withClient(base.toString(), (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    close: async () => {
      await withClient(base.toString(), (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
