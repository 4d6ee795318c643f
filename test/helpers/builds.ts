// Helpers for the build tests: a git daemon on loopback, in a
// temporary directory and on a free port, stopped by the test; archives made in memory.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import tarStream from 'tar-stream';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
    s.on('error', reject);
  });
}

export async function waitForPort(port: number, deadlineMs = 15_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => (c.destroy(), resolve(true)));
      c.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > end) throw new Error(`nothing listens on 127.0.0.1:${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export type Served = { port: number; dir: string; stop: () => Promise<void> };

function stopper(child: ChildProcess, dir: string): () => Promise<void> {
  return async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
}

/** A git daemon serving `repos` (name → files) on 127.0.0.1; each repository has one commit on `main`. */
export async function startGitDaemon(repos: Record<string, Record<string, string>>): Promise<Served> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-git-'));
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: dir, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.test', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.test' };
  for (const [name, files] of Object.entries(repos)) {
    const work = path.join(dir, 'work', name);
    fs.mkdirSync(work, { recursive: true });
    for (const [f, body] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(work, f)), { recursive: true });
      fs.writeFileSync(path.join(work, f), body);
    }
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: work, env });
    execFileSync('git', ['add', '-A'], { cwd: work, env });
    execFileSync('git', ['commit', '-q', '-m', 'first'], { cwd: work, env });
    execFileSync('git', ['clone', '-q', '--bare', work, path.join(dir, 'srv', `${name}.git`)], { env });
  }
  const port = await freePort();
  const child = spawn('git', ['daemon', '--reuseaddr', '--export-all', `--base-path=${path.join(dir, 'srv')}`, '--listen=127.0.0.1', `--port=${port}`, path.join(dir, 'srv')], { env, stdio: 'ignore' });
  await waitForPort(port);
  return { port, dir, stop: stopper(child, dir) };
}

export type Entry = { name: string; body?: string; type?: 'file' | 'directory' | 'symlink' | 'link' | 'character-device' | 'fifo'; linkname?: string };

/** A tar (gzip'd with gz) of the entries, in memory. */
export async function tarOf(entries: Entry[], gz = false): Promise<Buffer> {
  const pack = tarStream.pack();
  const out: Buffer[] = [];
  const done = (async () => {
    for await (const c of pack) out.push(c as Buffer);
  })();
  for (const e of entries) {
    if (e.type && e.type !== 'file') pack.entry({ name: e.name, type: e.type, linkname: e.linkname, devmajor: 1, devminor: 3 });
    else pack.entry({ name: e.name, mode: 0o644 }, e.body ?? '');
  }
  pack.finalize();
  await done;
  const tar = Buffer.concat(out);
  return gz ? zlib.gzipSync(tar) : tar;
}

/** The files of a directory as tar entries. */
export function entriesOf(dir: string): Entry[] {
  return fs.readdirSync(dir).map((f) => ({ name: f, body: fs.readFileSync(path.join(dir, f), 'utf8') }));
}
