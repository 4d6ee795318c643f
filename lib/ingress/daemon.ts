// Runs the ingress (Debian's nginx) as a private daemon: its own configuration, pid, temp paths and logs under
// <data>/ingress, never the system's nginx service. Like the registry (lib/registry/daemon.ts) it is detached from the
// console (nginx daemonizes itself), adopted by a restarted console when its main configuration is unchanged, and
// stopped by `./overcast stop`. The reconciler rewrites only the sites file and reloads it (lib/ingress/sync.ts).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import { promisify } from 'node:util';
import { certFor, prepareCerts } from './certs';
import { mainConfig, sitesConfig } from './config';
import { ingressFiles, type IngressSettings } from './settings';
import { consoleId } from '@/lib/providers/console-id';

const run = promisify(execFile);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The master process of this directory's nginx, if it runs (checked against its command line). */
export function runningIngressPid(dir: string): number | null {
  const f = ingressFiles(dir);
  let pid = NaN;
  try {
    pid = Number(fs.readFileSync(f.pid, 'utf8').trim());
  } catch {}
  if (!Number.isInteger(pid) || pid <= 1 || !alive(pid)) return null;
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    return cmd.includes('nginx') && cmd.includes(f.config) ? pid : null;
  } catch {
    return null;
  }
}

function nginxArgs(s: IngressSettings): string[] {
  const f = ingressFiles(s.dir);
  // -e: the error log before the configuration is read (else nginx opens /var/log/nginx/error.log first).
  return ['-p', s.dir, '-c', f.config, '-e', f.errorLog];
}

/**
 * Whether this directory's nginx runs and was started for this process's console: a test's reconciler (another
 * console id) run beside a real console with the same data directory never rewrites that console's routes.
 */
export function ingressOwnedHere(dir: string): boolean {
  if (runningIngressPid(dir) === null) return false;
  try {
    return fs.readFileSync(ingressFiles(dir).owner, 'utf8') === consoleId();
  } catch {
    return false;
  }
}

/** Whether something accepts TCP connections on the ingress's port. */
export function probeIngress(s: IngressSettings, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: s.bind === '0.0.0.0' ? '127.0.0.1' : s.bind, port: s.port, timeout: timeoutMs });
    sock.once('connect', () => (sock.destroy(), resolve(true)));
    sock.once('error', () => resolve(false));
    sock.once('timeout', () => (sock.destroy(), resolve(false)));
  });
}

export async function stopIngress(dir: string, timeoutMs = 10_000): Promise<void> {
  const pid = runningIngressPid(dir);
  if (pid === null) return;
  process.kill(pid, 'SIGQUIT'); // graceful: workers finish their requests
  const until = Date.now() + timeoutMs;
  while (alive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  if (alive(pid)) process.kill(pid, 'SIGKILL');
  fs.rmSync(ingressFiles(dir).pid, { force: true });
}

/**
 * Writes the main configuration and starts nginx unless this directory's nginx already runs with exactly that
 * configuration (then it is adopted). The sites file is kept (the reconciler rewrites it on its first pass).
 */
export async function ensureIngress(s: IngressSettings, opts: { timeoutMs?: number; owner?: string } = {}): Promise<{ pid: number; adopted: boolean }> {
  const f = ingressFiles(s.dir);
  fs.mkdirSync(s.dir, { recursive: true, mode: 0o700 });
  // Whose routes it serves: only a reconciler of this console id configures it (ingressOwnedHere).
  fs.writeFileSync(f.owner, opts.owner ?? consoleId());
  fs.mkdirSync(f.temp, { recursive: true, mode: 0o700 });
  prepareCerts(s);
  // The catch-all's certificate names *.<apps domain>: valid in browsers for a domain of two labels or more (they
  // refuse a wildcard right under one label, as in *.localhost: there an unknown host is a TLS error before the 404).
  const fallback = await certFor(s, `default--${s.domain}`, s.domain.includes('.') ? `DNS:*.${s.domain},DNS:${s.domain}` : undefined);
  const config = mainConfig(s, fallback);
  const hash = createHash('sha256').update(config).digest('hex');
  const hashFile = `${f.config}.sha256`;
  const running = runningIngressPid(s.dir);
  if (running !== null && fs.existsSync(hashFile) && fs.readFileSync(hashFile, 'utf8') === hash && (await probeIngress(s))) {
    return { pid: running, adopted: true };
  }
  await stopIngress(s.dir);
  if (!fs.existsSync(f.sites)) fs.writeFileSync(f.sites, sitesConfig(s, []), { mode: 0o600 });
  fs.writeFileSync(f.config, config, { mode: 0o600 });
  fs.writeFileSync(hashFile, hash);
  try {
    await run(s.binary, [...nginxArgs(s), '-t'], { timeout: 30_000 });
  } catch {
    // Sites from an older configuration that no longer load (a certificate gone): start empty, the reconciler refills.
    fs.writeFileSync(f.sites, sitesConfig(s, []), { mode: 0o600 });
  }
  try {
    // nginx forks its master and returns once it listens (or failed to).
    await run(s.binary, nginxArgs(s), { timeout: opts.timeoutMs ?? 15_000, env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/bin' } as unknown as NodeJS.ProcessEnv });
  } catch (err) {
    const log = fs.existsSync(f.errorLog) ? fs.readFileSync(f.errorLog, 'utf8').split('\n').slice(-6).join('\n') : '';
    throw new Error(`the ingress (nginx) did not start on ${s.bind}:${s.port}: ${(err as { stderr?: string }).stderr?.trim() || (err as Error).message}${log ? `\n${log}` : ''}`);
  }
  const pid = runningIngressPid(s.dir);
  if (pid === null) throw new Error(`the ingress (nginx) exited at once; see ${f.errorLog}`);
  return { pid, adopted: false };
}

/**
 * Applies a new sites file: written aside, checked with `nginx -t` against the main configuration, put in place
 * atomically, then SIGHUP (nginx starts new workers with it and lets the old ones finish their requests). A
 * configuration nginx refuses is not put in place (the previous one keeps serving). False when no nginx runs here.
 */
export async function applySites(s: IngressSettings, text: string): Promise<boolean> {
  const f = ingressFiles(s.dir);
  const pid = runningIngressPid(s.dir);
  const next = `${f.sites}.next`;
  const check = `${f.config}.check`;
  fs.writeFileSync(next, text, { mode: 0o600 });
  fs.writeFileSync(check, fs.readFileSync(f.config, 'utf8').replace(`include ${f.sites};`, `include ${next};`), { mode: 0o600 });
  try {
    await run(s.binary, ['-p', s.dir, '-c', check, '-e', f.errorLog, '-t', '-q'], { timeout: 30_000 });
  } catch (err) {
    throw new Error(`nginx refused the generated sites: ${(err as { stderr?: string }).stderr?.trim() ?? (err as Error).message}`);
  } finally {
    fs.rmSync(check, { force: true });
  }
  fs.renameSync(next, f.sites);
  if (pid === null) return false;
  const before = workersOf(pid);
  process.kill(pid, 'SIGHUP');
  await reloaded(pid, before);
  return true;
}

/** The master's worker processes with their titles (nginx renames a worker that is finishing "… shutting down"). */
function workersOf(master: number): Map<number, string> {
  const out = new Map<number, string>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The parent pid is the second field after the parenthesised command name.
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === master) out.set(Number(entry), fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8'));
    } catch {}
  }
  return out;
}

/**
 * Waits (up to 5 s) until the reload took: a new worker runs and the old ones stopped taking connections (gone or
 * finishing), so that a new connection after this meets the new routes. A reload that takes longer is not an
 * error: it still happens, a moment later.
 */
async function reloaded(master: number, before: Map<number, string>): Promise<void> {
  const until = Date.now() + 5_000;
  while (Date.now() < until) {
    const now = workersOf(master);
    const fresh = [...now.keys()].some((p) => !before.has(p));
    const oldTaking = [...before.keys()].some((p) => now.has(p) && !now.get(p)!.includes('shutting down'));
    if (fresh && !oldTaking) return;
    if (!alive(master)) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}
