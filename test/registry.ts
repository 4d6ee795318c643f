// Helpers for the tests that use the image registry: a registry of the test's own (its own directory and port,
// started by the console's daemon code), a token endpoint served from the test process with the real route handler,
// and Debian's docker 20.10 client with a DOCKER_CONFIG of its own per identity (nothing lands in ~/.docker).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { registrySettings, type RegistrySettings } from '@/lib/registry/settings';
import { ensureRegistry, installDaemonTrust, stopRegistry } from '@/lib/registry/daemon';

const run = promisify(execFile);
export const DOCKER_CLI = '/usr/bin/docker';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

type Handler = (req: Request, ctx: { params: Promise<Record<string, never>> }) => Promise<Response>;

/** Serves GET `handler` (the token route) on loopback, as the console would. */
export async function serveTokenRoute(handler: Handler): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const url = `http://127.0.0.1${req.url}`;
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
    handler(new Request(url, { method: req.method, headers }), { params: Promise.resolve({}) })
      .then(async (r) => {
        res.writeHead(r.status, Object.fromEntries(r.headers.entries()));
        res.end(Buffer.from(await r.arrayBuffer()));
      })
      .catch((err: Error) => {
        res.writeHead(500);
        res.end(err.message);
      });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  return { url: `http://127.0.0.1:${port}/api/v1/registry/token`, close: () => new Promise((r) => server.close(() => r())) };
}

export type TestRegistry = { settings: RegistrySettings; dir: string; stop: () => Promise<void> };

/** Starts a registry of the test's own whose token realm is `realm`; sets the environment the console reads. */
export async function startTestRegistry(realm: string): Promise<TestRegistry> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'overcast-registry-'));
  const port = await freePort();
  process.env.OVERCAST_REGISTRY_DIR = dir;
  process.env.OVERCAST_REGISTRY_PORT = String(port);
  process.env.OVERCAST_REGISTRY_TOKEN_URL = realm;
  delete process.env.OVERCAST_REGISTRY_ADDRESS;
  const settings = registrySettings();
  await ensureRegistry(settings);
  const trust = installDaemonTrust(settings);
  return {
    settings,
    dir,
    stop: async () => {
      await stopRegistry(dir);
      if (trust) fs.rmSync(path.dirname(trust), { recursive: true, force: true });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A docker CLI identity: its own config directory (credentials), removed by `dispose`. */
export function dockerClient() {
  const config = fs.mkdtempSync(path.join(os.tmpdir(), 'overcast-docker-config-'));
  const cli = async (args: string[], input?: string): Promise<{ ok: boolean; out: string }> => {
    try {
      const child = run(DOCKER_CLI, ['--config', config, ...args], { timeout: 120_000, env: { ...process.env, DOCKER_BUILDKIT: '0' } });
      if (input !== undefined) {
        child.child.stdin!.end(input);
      }
      const { stdout, stderr } = await child;
      return { ok: true, out: stdout + stderr };
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; message: string };
      return { ok: false, out: `${e.stdout ?? ''}${e.stderr ?? ''}${e.message}` };
    }
  };
  return {
    cli,
    login: (address: string, user: string, secret: string) => cli(['login', address, '-u', user, '--password-stdin'], secret),
    dispose: () => fs.rmSync(config, { recursive: true, force: true }),
  };
}
