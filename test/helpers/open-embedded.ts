// Child process for test/integration/embedded-lock.test.ts: opens the embedded database in argv[2] the way the
// console does, reads the marker rows, closes. Exit 0 and JSON on stdout when it opened; 3 when it was locked out.
import { EmbeddedDatabaseLockedError, openEmbeddedDatabase } from '../../lib/db/embedded';
import pg from 'pg';

const dir = process.argv[2];
if (!dir) throw new Error('usage: open-embedded.ts DIR');
try {
  const db = await openEmbeddedDatabase(dir);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const { rows } = await client.query<{ note: string }>('SELECT note FROM marker ORDER BY note');
  await client.query(`INSERT INTO marker (note) VALUES ('from child')`);
  await client.end();
  await db.close();
  console.log(JSON.stringify({ notes: rows.map((r) => r.note) }));
} catch (err) {
  if (err instanceof EmbeddedDatabaseLockedError) {
    console.error(err.message);
    process.exit(3);
  }
  throw err;
}
