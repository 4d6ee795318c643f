// Prisma CLI configuration. Every workaround for running Prisma 6.19 offline lives here or in lib/db/, each
// with a comment naming why it exists.
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';
import { openEmbeddedDatabase } from './lib/db/embedded';

export default defineConfig({
  schema: path.join('prisma', 'schema.prisma'),
  // Workaround: Prisma's Rust schema engine cannot be downloaded here; the driver-adapter path runs the bundled
  // WASM schema engine instead (experimental in 6.19). The CLI then needs DATABASE_URL to be a postgres:// URL.
  experimental: { adapter: true },
  engine: 'js',
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url?.startsWith('postgres')) throw new Error('DATABASE_URL must be a postgres:// URL for the Prisma CLI');
    const factory = new PrismaPg({ connectionString: url });
    const connect = factory.connect.bind(factory);
    factory.connect = async () => remapNameColumns(await connect());
    // Workaround: adapter-pg's own shadow database is created on the *main* server (seen connecting to the main
    // database); `migrate diff --from-migrations` gets a throw-away in-memory PGlite instead.
    factory.connectToShadowDb = async () => {
      const shadow = await openEmbeddedDatabase();
      const adapter = remapNameColumns(await new PrismaPg({ connectionString: shadow.url }).connect());
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        await shadow.close();
      };
      return adapter;
    };
    return factory;
  },
});

type RawQuery = { sql: string; args: unknown[] };
type Queryable = {
  client: { query(sql: string): Promise<{ rowCount: number | null }> };
  performIO(q: unknown): Promise<{ fields: { dataTypeID: number }[] }>;
  executeRaw(q: RawQuery): Promise<number>;
};
const CHAR_OID = 18; // the one-byte "char" of pg_catalog
const NAME_OID = 19;
const NAME_ARRAY_OID = 1003;
const TEXT_OID = 25;
const TEXT_ARRAY_OID = 1009;
let remapped = false;

/**
 * Workaround for prisma/orm#27403: adapter-pg cannot deserialize Postgres `name` (and `"char"`) columns, which the schema engine's
 * introspection reads from pg_catalog. Reporting them as text (which they are, on the wire) lets diff/pull work.
 * Patched once on the shared queryable prototype so that transactions get it too; only the CLI loads this file.
 */
function remapNameColumns<T extends object>(adapter: T): T {
  if (remapped) return adapter;
  let proto = Object.getPrototypeOf(adapter);
  while (proto && !Object.prototype.hasOwnProperty.call(proto, 'performIO')) proto = Object.getPrototypeOf(proto);
  if (!proto) throw new Error('adapter-pg changed: performIO not found; revisit the prisma/orm#27403 workaround');
  const original = (proto as Queryable).performIO;
  (proto as Queryable).performIO = async function (this: Queryable, q: unknown) {
    const result = await original.call(this, skipNotNullConstraints(q as RawQuery));
    for (const f of result.fields) {
      if (f.dataTypeID === NAME_OID || f.dataTypeID === CHAR_OID) f.dataTypeID = TEXT_OID;
      else if (f.dataTypeID === NAME_ARRAY_OID) f.dataTypeID = TEXT_ARRAY_OID;
    }
    return result;
  };
  // Workaround: the schema engine sends a whole migration file through executeRaw when it replays migrations on the
  // shadow database; adapter-pg sends it as a prepared statement, which Postgres refuses for several commands.
  // Without parameters, the simple-query protocol runs the script as written.
  const executeRaw = (proto as Queryable).executeRaw;
  (proto as Queryable).executeRaw = async function (this: Queryable, q: RawQuery) {
    if (q.args.length > 0) return executeRaw.call(this, q);
    return (await this.client.query(q.sql)).rowCount ?? 0;
  };
  remapped = true;
  return adapter;
}

/**
 * Workaround: PostgreSQL 18 (PGlite) stores NOT NULL constraints in pg_constraint with contype 'n'; Prisma 6.19's
 * schema engine does not know that type and panics ("unreachable") when it introspects a table that has one.
 * Its constraint query already excludes p/u/f; exclude n too (NOT NULL is introspected from pg_attribute anyway).
 */
function skipNotNullConstraints(q: RawQuery): RawQuery {
  const marker = "contype NOT IN ('p', 'u', 'f')";
  return q.sql?.includes(marker) ? { ...q, sql: q.sql.replace(marker, "contype NOT IN ('p', 'u', 'f', 'n')") } : q;
}
