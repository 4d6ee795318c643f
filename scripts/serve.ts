// `overcast serve`: the console's process. Owns the database (the embedded PGlite's lock and socket server, or a
// connection to PostgreSQL), applies migrations, then runs the web server (scripts/web-server.ts: Next.js and the
// terminal's WebSockets) as a child that reaches the database over the Postgres wire protocol. A child of its own
// because in-process PGlite would stall the web server's event loop while it runs queries. Stops the child and
// closes the database on SIGINT/SIGTERM.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { openDatabase } from '../lib/db/open';
import { registrySettings } from '../lib/registry/settings';
import { ensureRegistry, installDaemonTrust, stopRegistry } from '../lib/registry/daemon';
import { ingressSettings, ingressUrl } from '../lib/ingress/settings';
import { ensureIngress, stopIngress } from '../lib/ingress/daemon';

const dataDir = path.resolve(process.env.OVERCAST_DATA_DIR ?? 'data');
fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
const secretFile = path.join(dataDir, 'auth-secret');
const authSecret = process.env.AUTH_SECRET ?? (fs.existsSync(secretFile) ? fs.readFileSync(secretFile, 'utf8').trim() : '');
if (!authSecret) {
  console.error('No AUTH_SECRET and no data/auth-secret: run `./overcast run` (or scripts/setup.ts) first.');
  process.exit(1);
}

// A stable id of this installation, stamped on engine objects so that sweeps only touch this console's own.
const idFile = path.join(dataDir, 'console-id');
if (!fs.existsSync(idFile)) fs.writeFileSync(idFile, randomBytes(6).toString('hex'));
const consoleId = process.env.OVERCAST_CONSOLE_ID ?? fs.readFileSync(idFile, 'utf8').trim();

const database = await openDatabase({ dataDir, url: process.env.DATABASE_URL });
if (database.applied.length) console.log(`applied migrations: ${database.applied.join(', ')}`);

const port = process.env.OVERCAST_PORT ?? '3000';
const host = process.env.OVERCAST_HOST ?? '127.0.0.1';

// The tenant image registry (lib/registry/daemon.ts): a daemon of its own that outlives a console restart and is
// adopted when its configuration is unchanged; `./overcast stop` ends it. A registry that cannot start does not keep
// the console from serving: the Images page says it is unavailable.
const registry = registrySettings({ ...process.env, OVERCAST_DATA_DIR: dataDir, OVERCAST_PORT: port, OVERCAST_HOST: host });
if (registry.enabled) {
  try {
    const started = await ensureRegistry(registry);
    installDaemonTrust(registry);
    console.log(`image registry: ${registry.address} (pid ${started.pid}${started.adopted ? ', already running' : ''})`);
  } catch (err) {
    console.error(`image registry: not started: ${(err as Error).message}`);
  }
}
// The ingress (lib/ingress/daemon.ts): a private nginx, detached and adopted like the registry (after it: it shares
// the registry's CA). The reconciler in the web server writes its routes. One that cannot start (its port taken)
// does not keep the console from serving: apps stay reachable on their published ports.
const ingress = ingressSettings({ ...process.env, OVERCAST_DATA_DIR: dataDir, OVERCAST_PORT: port, OVERCAST_HOST: host });
if (ingress.enabled) {
  try {
    const started = await ensureIngress(ingress, { owner: consoleId });
    console.log(`ingress: ${ingressUrl(ingress, `*.${ingress.domain}`)} on ${ingress.bind}:${ingress.port} (nginx pid ${started.pid}${started.adopted ? ', already running' : ''})`);
  } catch (err) {
    console.error(`ingress: not started: ${(err as Error).message}`);
  }
}
const child = spawn(process.execPath, ['--import', 'tsx', path.join('scripts', 'web-server.ts')], {
  stdio: 'inherit',
  env: {
    ...process.env,
    NODE_ENV: 'production',
    OVERCAST_PORT: port,
    OVERCAST_HOST: host,
    DATABASE_URL: database.url,
    AUTH_SECRET: authSecret,
    AUTH_TRUST_HOST: 'true',
    NEXT_TELEMETRY_DISABLED: '1',
    OVERCAST_DATA_DIR: dataDir,
    OVERCAST_CONSOLE_ID: consoleId,
  },
});

let stopping = false;
async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => {
        const t = setTimeout(() => {
          child.kill('SIGKILL');
          r(null);
        }, 10_000);
        child.once('exit', () => r(clearTimeout(t)));
      });
    }
    await database.close();
    // Tests (the e2e suite) ask for a registry that ends with the console; otherwise it outlives a restart.
    // (The ingress too, under the same setting.)
    if (registry.enabled && process.env.OVERCAST_REGISTRY_STOP_WITH_CONSOLE === '1') await stopRegistry(registry.dir).catch(() => {});
    if (ingress.enabled && process.env.OVERCAST_REGISTRY_STOP_WITH_CONSOLE === '1') await stopIngress(ingress.dir).catch(() => {});
  }
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
child.on('exit', (code, signal) => {
  if (!stopping) {
    console.error(`the web server exited (${signal ?? code}); stopping`);
    void shutdown(code ?? 1);
  }
});
console.log(`Overcast console: http://${host === '0.0.0.0' ? 'localhost' : host}:${port} (${database.kind} database)`);
