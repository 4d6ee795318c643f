// Talks to one runtime container's bootstrap over HTTP/1.1 on a keep-alive agent of its own, straight to the
// container's address on the function network (no docker-proxy, no published port).
import http from 'node:http';

import { CallFailed, CallTimeout } from '@/lib/providers/function-runtime';

export { CallFailed, CallTimeout };

export type Target = { ip: string; port: number; agent: http.Agent };

export function newAgent(): http.Agent {
  return new http.Agent({ keepAlive: true, keepAliveMsecs: 10_000, maxFreeSockets: 64, scheduling: 'lifo' });
}

/** POSTs a JSON document (or GETs when `doc` is undefined) and parses the JSON answer. */
export function callJson<T>(t: Target, path: string, doc: unknown, timeoutMs: number, maxBytes = 16 * 1024 * 1024): Promise<{ status: number; body: T }> {
  return new Promise((resolve, reject) => {
    const payload = doc === undefined ? undefined : JSON.stringify(doc);
    const req = http.request(
      {
        host: t.ip,
        port: t.port,
        path,
        method: payload === undefined ? 'GET' : 'POST',
        agent: t.agent,
        headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > maxBytes) {
            req.destroy(new CallFailed('the runtime answered more than allowed', 'too_large'));
            return;
          }
          chunks.push(c);
        });
        res.on('end', () => {
          clearTimeout(timer);
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as T });
          } catch {
            reject(new CallFailed('the runtime answered something that is not JSON', 'bad_reply'));
          }
        });
        res.on('error', () => {});
      },
    );
    const timer = setTimeout(() => req.destroy(new CallTimeout(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('error', (err) => {
      clearTimeout(timer);
      if (err instanceof CallTimeout || err instanceof CallFailed) reject(err);
      else reject(new CallFailed(err.message, (err as NodeJS.ErrnoException).code));
    });
    req.end(payload);
  });
}

/** Polls GET /health until the bootstrap answers (it listens ~50–150 ms after the container starts). */
export async function waitListening(t: Target, timeoutMs: number): Promise<{ loaded: string | null }> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      return (await callJson<{ loaded: string | null }>(t, '/health', undefined, Math.max(50, deadline - performance.now()))).body;
    } catch (err) {
      if (performance.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 4));
    }
  }
}
