// lib/db/migrate.ts against the database under test: applies from empty, is a no-op the second time, refuses an
// edited or unknown applied migration, rolls a failing one back, and serialises concurrent migrators.
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { MigrationError, migrate, readMigrations, type Migration } from '@/lib/db/migrate';
import { scratchDatabase, withClient, type ScratchDatabase } from '../db';

const migrations = readMigrations();
const names = migrations.map((m) => m.name);


async function history(url: string) {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name',
    );
    return rows;
  });
}

async function tables(url: string): Promise<string[]> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`,
    );
    return rows.map((r) => r.tablename);
  });
}

function edited(m: Migration, sql: string): Migration {
  return { ...m, sql, checksum: createHash('sha256').update(sql).digest('hex') };
}

describe('migrations', () => {
  // Opening an empty PGlite costs ~2.5 s: these tests share one scratch database and run in order.
  let scratch: ScratchDatabase;
  beforeAll(async () => {
    scratch = await scratchDatabase();
  });
  afterAll(() => scratch?.close());

  it('has at least one migration, in timestamp order', () => {
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) expect(n).toMatch(/^\d{14}_[a-z0-9_]+$/);
    expect([...names].sort()).toEqual(names);
  });

  it('apply from an empty database, then re-apply as a no-op', async () => {
    expect(await tables(scratch.url)).toEqual([]);

    expect(await migrate(scratch.url)).toEqual(names);
    expect(await tables(scratch.url)).toEqual(
      expect.arrayContaining(['_prisma_migrations', 'Tenant', 'User', 'Membership', 'Quota', 'Invitation', 'AuditEvent']),
    );
    const first = await history(scratch.url);
    expect(first.map((r) => r.migration_name)).toEqual(names);
    expect(first.map((r) => r.checksum)).toEqual(migrations.map((m) => m.checksum));
    expect(first.every((r) => r.finished_at !== null)).toBe(true);

    expect(await migrate(scratch.url)).toEqual([]);
    expect(await history(scratch.url)).toEqual(first);
  });

  it('the shared test database was migrated by the global setup and is up to date', async () => {
    const url = inject('databaseUrl');
    expect(await migrate(url)).toEqual([]);
    expect((await history(url)).map((r) => r.migration_name)).toEqual(names);
  });

  it('refuses a migration that was edited after it was applied, and changes nothing', async () => {
    const before = await history(scratch.url);
    const last = migrations.at(-1)!;
    const tampered = [...migrations.slice(0, -1), edited(last, `${last.sql}\nCREATE TABLE "Sneaky" (id INT);\n`)];

    const err = await migrate(scratch.url, tampered).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as Error).message).toMatch(new RegExp(`${last.name} was edited after it was applied`));
    expect(await history(scratch.url)).toEqual(before);
    expect(await tables(scratch.url)).not.toContain('Sneaky');
  });

  it('refuses a database that has a migration this build does not know (e.g. after a downgrade)', async () => {
    const err = await migrate(scratch.url, migrations.slice(0, -1)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as Error).message).toMatch(/which this build does not know/);
  });

  it('rolls a failing migration back completely and records nothing for it', async () => {
    const broken = edited(
      { name: '99990101000000_broken', sql: '', checksum: '' },
      'CREATE TABLE "HalfDone" (id INT);\nINSERT INTO "NoSuchTable" VALUES (1);\n',
    );
    const err = await migrate(scratch.url, [...migrations, broken]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as Error).message).toMatch(/99990101000000_broken failed/);
    expect(await tables(scratch.url)).not.toContain('HalfDone');
    expect((await history(scratch.url)).map((r) => r.migration_name)).toEqual(names);
    // The fixed migration then applies normally.
    const fixed = edited(broken, 'CREATE TABLE "HalfDone" (id INT);\n');
    expect(await migrate(scratch.url, [...migrations, fixed])).toEqual([fixed.name]);
  });

});

describe('concurrent migrators', () => {
  let scratch: ScratchDatabase | undefined;
  afterEach(() => scratch?.close());

  it('two migrators starting together apply each migration exactly once', async () => {
    scratch = await scratchDatabase();
    const url = scratch.url;
    const results = await Promise.all([migrate(url), migrate(url)]);
    expect(results.flat().sort()).toEqual(names);
    expect((await history(url)).map((r) => r.migration_name)).toEqual(names);
  });
});
