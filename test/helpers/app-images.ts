// Small test apps built locally on the built-in Node.js image (no registry is reachable), tagged under a tenant's
// namespace: `<slug>/app:<tag>`. The app says which version it is, what it runs as (cwd, uid, argv, an env var), and
// has /healthz, which can be made to fail after a while (FAIL_AFTER_MS) or to start late (LISTEN_DELAY_MS).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tar from 'tar-fs';
import type Docker from 'dockerode';

const APP_JS = `const http = require('node:http');
const fs = require('node:fs');
const started = Date.now();
const version = fs.readFileSync('/app/version.txt', 'utf8').trim();
const server = http.createServer((req, res) => {
  if (req.url === '/healthz') {
    const failAfter = Number(process.env.FAIL_AFTER_MS || 0);
    const sick = failAfter > 0 && Date.now() - started > failAfter;
    res.statusCode = sick ? 500 : 200;
    return res.end(sick ? 'sick' : 'ok');
  }
  if (req.url === '/info') {
    res.setHeader('content-type', 'application/json');
    return res.end(JSON.stringify({ version, cwd: process.cwd(), uid: process.getuid(), gid: process.getgid(), argv: process.argv.slice(1), greeting: process.env.GREETING ?? null }));
  }
  res.end(version + '\\n');
});
setTimeout(() => server.listen(8080), Number(process.env.LISTEN_DELAY_MS || 0));
`;

/** Builds `<repo>:<tag>` serving `version`; returns the reference. */
export async function buildTestApp(engine: Docker, repo: string, tag: string, version: string): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'overcast-app-'));
  try {
    fs.mkdirSync(path.join(dir, 'app'));
    fs.writeFileSync(path.join(dir, 'app', 'app.js'), APP_JS);
    fs.writeFileSync(path.join(dir, 'app', 'version.txt'), `${version}\n`);
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM overcast/node:20\nCOPY app/ /app/\nWORKDIR /app\nCMD ["node", "/app/app.js"]\n');
    const ref = `${repo}:${tag}`;
    const stream = await engine.buildImage(tar.pack(dir) as unknown as NodeJS.ReadableStream, { t: ref });
    await new Promise<void>((resolve, reject) =>
      engine.modem.followProgress(stream, (err: Error | null, out: { error?: string }[]) => {
        const failed = err ?? out.find((o) => o.error);
        if (failed) reject(failed instanceof Error ? failed : new Error(failed.error));
        else resolve();
      }),
    );
    return ref;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function removeImages(engine: Docker, refs: string[]): Promise<void> {
  for (const ref of refs) await engine.getImage(ref).remove({ force: true }).catch(() => {});
}
