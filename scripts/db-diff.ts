// Prints the SQL that brings prisma/migrations up to prisma/schema.prisma (nothing when they agree); with
// `--create NAME` writes it as a new migration folder, with `--exit-code` fails when they differ.
// Workaround: `prisma migrate dev` does not work offline (shadow-database errors); `migrate diff` does.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { openEmbeddedDatabase } from '../lib/db/embedded';
import { MIGRATIONS_DIR } from '../lib/db/migrate';

const args = process.argv.slice(2);
const createIdx = args.indexOf('--create');
const name = createIdx >= 0 ? args[createIdx + 1] : undefined;
if (createIdx >= 0 && !/^[a-z0-9_]+$/.test(name ?? '')) {
  console.error('usage: db-diff [--create snake_case_name] [--exit-code]');
  process.exit(2);
}
fs.mkdirSync(MIGRATIONS_DIR, { recursive: true });
// The CLI insists on connecting to a main database even though the diff runs on the shadow: give it a scratch one.
const scratch = await openEmbeddedDatabase();
let sql: string;
try {
  // Async on purpose: the scratch database is served by this process's event loop, which a sync exec would block.
  const out = await promisify(execFile)(
    'node_modules/.bin/prisma',
    ['migrate', 'diff', '--from-migrations', MIGRATIONS_DIR, '--to-schema-datamodel', 'prisma/schema.prisma', '--script'],
    { env: { ...process.env, DATABASE_URL: scratch.url, CHECKPOINT_DISABLE: '1' }, encoding: 'utf8' },
  );
  sql = out.stdout;
} finally {
  await scratch.close();
}
const empty = !/^\s*[A-Z]/m.test(sql.replace(/^--.*$/gm, ''));
if (name) {
  if (empty) {
    console.log('schema and migrations agree: nothing to create');
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'migration.sql'), sql);
    console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
  }
} else {
  process.stdout.write(empty ? '' : sql);
  if (args.includes('--exit-code') && !empty) process.exit(1);
}
