// Helpers for the ingress tests: an nginx of the test's own (its own directory and port, started by the console's
// daemon code, with its own CA), and HTTPS requests to an app host through it with the certificate verified against
// that CA (connecting to the ingress's address with the host as SNI and Host, as a browser resolving *.localhost does).
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { ingressSettings, type IngressSettings } from '@/lib/ingress/settings';
import { ensureIngress, stopIngress } from '@/lib/ingress/daemon';
import { freePort } from './registry';

export type TestIngress = { settings: IngressSettings; ca: Buffer; stop: () => Promise<void> };

/** Starts an nginx of the test's own; sets the environment the console reads (restored by `stop`). */
export async function startTestIngress(): Promise<TestIngress> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'overcast-ingress-'));
  const saved = { ...process.env };
  process.env.OVERCAST_INGRESS_DIR = path.join(dir, 'ingress');
  process.env.OVERCAST_REGISTRY_DIR = path.join(dir, 'ca');
  process.env.OVERCAST_INGRESS_PORT = String(await freePort());
  delete process.env.OVERCAST_INGRESS;
  delete process.env.OVERCAST_APPS_DOMAIN;
  const settings = ingressSettings();
  await ensureIngress(settings);
  return {
    settings,
    ca: fs.readFileSync(settings.caCert),
    stop: async () => {
      await stopIngress(settings.dir);
      for (const k of ['OVERCAST_INGRESS_DIR', 'OVERCAST_REGISTRY_DIR', 'OVERCAST_INGRESS_PORT'] as const) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type HttpsResult = { status: number; body: string; headers: Record<string, string | string[] | undefined> } | { error: string };

/** GET https://<host>/<path> through the ingress; the certificate must chain to `ca` and name `sni` (default: host). */
export function httpsGet(
  ing: TestIngress,
  host: string,
  opts: { path?: string; headers?: Record<string, string>; sni?: string; agent?: https.Agent | false; timeoutMs?: number } = {},
): Promise<HttpsResult> {
  return new Promise((resolve) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        port: ing.settings.port,
        path: opts.path ?? '/',
        servername: opts.sni ?? host,
        ca: ing.ca,
        agent: opts.agent ?? false,
        headers: { host, ...opts.headers },
        timeout: opts.timeoutMs ?? 5_000,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
        res.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.end();
  });
}
