// Chooses the database: a PostgreSQL server when DATABASE_URL is set, otherwise the embedded PGlite under the
// data directory. Either way the caller gets a postgres:// URL and the schema is migrated before it is returned.
import path from 'node:path';
import { openEmbeddedDatabase } from './embedded';
import { migrate } from './migrate';

export type OpenDatabase = { url: string; kind: 'embedded' | 'postgres'; applied: string[]; close(): Promise<void> };

export async function openDatabase(opts: { dataDir: string; url?: string }): Promise<OpenDatabase> {
  if (opts.url) {
    const applied = await migrate(opts.url);
    return { url: opts.url, kind: 'postgres', applied, close: async () => {} };
  }
  const embedded = await openEmbeddedDatabase(path.join(opts.dataDir, 'db'));
  try {
    const applied = await migrate(embedded.url);
    return { url: embedded.url, kind: 'embedded', applied, close: () => embedded.close() };
  } catch (err) {
    await embedded.close();
    throw err;
  }
}
