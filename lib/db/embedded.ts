// The embedded default database: PGlite persisted in a directory, served over the Postgres wire protocol on a
// Unix socket so that the app always talks to it through the stock pg driver, exactly as to a PostgreSQL server.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
export { EMBEDDED_POOL_SIZE, isEmbeddedUrl } from './embedded-url';

export type EmbeddedDatabase = {
  /** postgres:// URL that reaches the socket server. */
  url: string;
  close(): Promise<void>;
};

export class EmbeddedDatabaseLockedError extends Error {
  constructor(dir: string) {
    super(
      `The embedded database in ${dir} is already open in another process. ` +
        'PGlite cannot be shared between processes (it would silently lose data): stop the other Overcast process, ' +
        'or set DATABASE_URL to use a PostgreSQL server.',
    );
    this.name = 'EmbeddedDatabaseLockedError';
  }
}

/**
 * Holds an exclusive lock on a directory for as long as this process lives. PGlite has no lock of its own, so we
 * listen on a Linux abstract Unix socket named after the directory: the kernel refuses a second listener and frees
 * the name when the process dies, so no stale lock file can survive a crash and no timer has to keep it fresh.
 */
async function lockDirectory(dir: string): Promise<net.Server> {
  const name = '\0overcast-pglite-' + createHash('sha256').update(fs.realpathSync(dir)).digest('hex').slice(0, 32);
  const server = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new EmbeddedDatabaseLockedError(dir) : err),
    );
    server.listen(name, () => resolve());
  });
  server.unref();
  return server;
}

/** The socket server still accepts a few (setup scripts, tests and pg-pool reconnecting before releasing). */
const EMBEDDED_MAX_CONNECTIONS = 8;


/**
 * Opens (creating if needed) the PGlite database in `dir` and serves it. `dir` undefined means in-memory, used for
 * generating migrations and for fast tests.
 */
export async function openEmbeddedDatabase(dir?: string): Promise<EmbeddedDatabase> {
  let lock: net.Server | undefined;
  let socketDir: string;
  if (dir) {
    fs.mkdirSync(dir, { recursive: true });
    lock = await lockDirectory(dir);
    socketDir = path.resolve(dir);
  } else {
    socketDir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'overcast-pglite-'));
  }
  try {
    const db = await PGlite.create(dir ? path.join(dir, 'pgdata') : undefined);
    const socketPath = path.join(socketDir, '.s.PGSQL.5432');
    // Left over from a crash: safe to remove because we hold the directory lock.
    fs.rmSync(socketPath, { force: true });
    const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: EMBEDDED_MAX_CONNECTIONS });
    await server.start();
    let closed = false;
    return {
      url: `postgres://postgres@localhost/postgres?host=${encodeURIComponent(socketDir)}`,
      async close() {
        if (closed) return;
        closed = true;
        await server.stop();
        await db.close();
        fs.rmSync(socketPath, { force: true });
        if (!dir) fs.rmSync(socketDir, { recursive: true, force: true });
        lock?.close();
      },
    };
  } catch (err) {
    lock?.close();
    throw err;
  }
}
