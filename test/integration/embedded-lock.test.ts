// The embedded PGlite directory is owned by one process at a time: a second process is refused with a clear
// message (PGlite itself would let it in and lose data), and can open it once the first has closed.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedDatabaseLockedError, openEmbeddedDatabase } from '@/lib/db/embedded';

const CHILD = path.join(import.meta.dirname, '..', 'helpers', 'open-embedded.ts');

function openInChild(dir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', CHILD, dir], { encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

async function sql(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

describe('embedded database lock', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'overcast-lock-test-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses a second process while the first has it open, and lets it in after the first closes', async () => {
    const first = await openEmbeddedDatabase(dir);
    try {
      await sql(first.url, `CREATE TABLE marker (note TEXT NOT NULL); INSERT INTO marker VALUES ('from parent')`);

      const refused = await openInChild(dir);
      expect(refused.code, refused.stderr).toBe(3);
      expect(refused.stderr).toContain(`The embedded database in ${dir} is already open in another process`);
      expect(refused.stderr).toContain('stop the other Overcast process, or set DATABASE_URL');

      // The refused process touched nothing: the first still works and sees only its own row.
      expect(await sql(first.url, 'SELECT note FROM marker')).toEqual([{ note: 'from parent' }]);

      // A second open inside the same process is refused as well.
      await expect(openEmbeddedDatabase(dir)).rejects.toBeInstanceOf(EmbeddedDatabaseLockedError);
    } finally {
      await first.close();
    }

    const allowed = await openInChild(dir);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(JSON.parse(allowed.stdout)).toEqual({ notes: ['from parent'] });

    // And back again: the child's write was persisted and its lock released when it exited.
    const again = await openEmbeddedDatabase(dir);
    try {
      expect(await sql(again.url, 'SELECT note FROM marker ORDER BY note')).toEqual([
        { note: 'from child' },
        { note: 'from parent' },
      ]);
    } finally {
      await again.close();
    }
  });
});
