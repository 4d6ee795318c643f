// Git sources: which URLs a build may clone, and the clone itself. Only http(s):// and git:// URLs to hosts that
// resolve to public addresses: the console itself, the host's services, private networks, link-local (cloud
// metadata) and loopback are refused unless OVERCAST_BUILD_GIT_ALLOW lists them (SSRF). The clone connects to the
// address that was checked (curl's resolve pin for http(s), the address itself for git://), follows no redirect,
// allows no other transport (no file://, ext::, ssh), asks for no credentials, runs with an empty HOME and no system
// config, takes depth 1 and is killed at the time limit.
import { spawn } from 'node:child_process';
import dns from 'node:dns/promises';
import net from 'node:net';
import { AppError } from '@/lib/errors';
import { BLOCKED_RANGES, hostSubnets } from '@/lib/providers/docker/egress-firewall';
import { parseCidr } from '@/lib/providers/docker/subnets';

export function gitError(message: string, field = 'gitUrl'): AppError {
  return new AppError('invalid_git_source', message, { [field]: message });
}

export type GitSource = { url: URL; host: string; port: number; address: string };

const REF = /^(?!-)(?!.*\.\.)[A-Za-z0-9._/+-]{1,200}$/;

export function checkGitRef(ref: string): string {
  if (!REF.test(ref) || ref.endsWith('/') || ref.endsWith('.lock')) throw gitError('A ref is a branch, tag or commit name (letters, digits, . _ / + -).', 'gitRef');
  return ref;
}

/** The URL if its form is allowed (scheme, no credentials, no options smuggled as arguments). */
export function parseGitUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw gitError('Enter a git URL such as https://git.example.com/team/app.git (local paths are not allowed).');
  }
  if (!['http:', 'https:', 'git:'].includes(url.protocol)) throw gitError(`Only http://, https:// and git:// URLs are allowed (not ${url.protocol}//).`);
  if (url.username || url.password) throw gitError('Credentials in the URL are not allowed; use a public repository.');
  if (!url.hostname) throw gitError('The URL has no host.');
  return url;
}

const v4 = (a: string) => a.split('.').reduce((n, p) => n * 256 + Number(p), 0);
const inCidr = (addr: string, cidr: string) => {
  const c = parseCidr(cidr);
  const size = 2 ** (32 - c.bits);
  const x = v4(addr);
  return x >= c.base && x < c.base + size;
};

/** Why `address` may not be reached by a clone (null: it may). */
export function blockedWhy(address: string): string | null {
  let a = address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  if (mapped) a = mapped[1];
  if (net.isIPv4(a)) {
    for (const r of [...BLOCKED_RANGES, ...hostSubnets()]) if (inCidr(a, r.cidr)) return `${r.cidr} is ${r.why}`;
    return null;
  }
  const l = a.toLowerCase();
  if (l === '::1' || l === '::') return 'loopback';
  if (/^f[cd]/.test(l)) return 'a unique local IPv6 address';
  if (/^fe[89ab]/.test(l)) return 'link-local';
  // IPv6 forms that reach an IPv4 address (mapped ::ffff:7f00:1, compatible, NAT64) and the old site-local range:
  // refused whatever they embed (the dotted mapped form was checked as IPv4 above).
  if (EMBEDS_V4.check(l, 'ipv6')) return 'an IPv6 address standing for an IPv4 one, or site-local';
  return null;
}

const EMBEDS_V4 = new net.BlockList();
EMBEDS_V4.addSubnet('::ffff:0:0', 96, 'ipv6');
EMBEDS_V4.addSubnet('::', 96, 'ipv6');
EMBEDS_V4.addSubnet('64:ff9b::', 96, 'ipv6');
EMBEDS_V4.addSubnet('fec0::', 10, 'ipv6');

function allowed(address: string, port: number, host: string, allow: string[]): boolean {
  return allow.some((a) => {
    if (a.includes('/')) return net.isIPv4(address) && inCidr(address, a);
    const [h, p] = a.split(/:(?=\d+$)/);
    return (h === address || h === host) && (p === undefined || Number(p) === port);
  });
}

/** Resolves the URL's host and checks every address; returns the one the clone will use. */
export async function checkGitSource(text: string, allow: string[]): Promise<GitSource> {
  const url = parseGitUrl(text);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : url.protocol === 'http:' ? 80 : 9418);
  let addresses: string[];
  if (net.isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await dns.lookup(host, { all: true, verbatim: true })).map((r) => r.address);
    } catch {
      throw gitError(`The host ${host} could not be resolved.`);
    }
  }
  if (!addresses.length) throw gitError(`The host ${host} could not be resolved.`);
  for (const a of addresses) {
    const why = blockedWhy(a);
    if (why && !allowed(a, port, host, allow)) throw gitError(`The URL leads to ${a} (${why}): builds may not clone from private, loopback or host addresses.`);
  }
  return { url, host, port, address: addresses[0] };
}

function run(args: string[], cwd: string, signal: AbortSignal, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out = (out + c.toString()).slice(-4000)));
    child.stderr.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-4000)));
    const kill = () => child.kill('SIGKILL');
    signal.addEventListener('abort', kill, { once: true });
    child.on('error', (e) => (signal.removeEventListener('abort', kill), reject(e)));
    child.on('close', (code) => {
      signal.removeEventListener('abort', kill);
      if (signal.aborted) return reject(signal.reason instanceof Error ? signal.reason : new Error('stopped'));
      if (code === 0) resolve(out);
      else reject(gitError(`git ${args.find((a) => !a.startsWith('-') && !a.includes('=')) ?? ''} failed: ${err.trim().split('\n').slice(-3).join(' ') || `exit ${code}`}`));
    });
  });
}

/** Clones `ref` of the checked source into `dir` (which must exist and be empty), depth 1. Returns the commit. */
export async function cloneSource(src: GitSource, ref: string, dir: string, signal: AbortSignal, log: (line: string) => void): Promise<string> {
  const env = {
    PATH: process.env.PATH,
    HOME: dir,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: '/bin/false',
    GIT_SSH_COMMAND: '/bin/false',
    GIT_ALLOW_PROTOCOL: 'http:https:git',
  } as unknown as NodeJS.ProcessEnv;
  let fetchUrl = src.url.toString();
  const pins: string[] = [];
  if (src.url.protocol === 'git:') {
    const u = new URL(src.url.toString());
    u.hostname = net.isIPv6(src.address) ? `[${src.address}]` : src.address;
    fetchUrl = u.toString();
  } else if (!net.isIP(src.host)) {
    pins.push('-c', `http.curloptResolve=${src.host}:${src.port}:${src.address}`);
  }
  const cfg = ['-c', 'http.followRedirects=false', '-c', 'protocol.allow=never', '-c', 'protocol.http.allow=always', '-c', 'protocol.https.allow=always', '-c', 'protocol.git.allow=always', '-c', 'core.hooksPath=/dev/null', '-c', 'advice.detachedHead=false', ...pins];
  log(`Cloning ${src.url.toString()} at ${ref} (depth 1)`);
  await run([...cfg, 'init', '-q', '.'], dir, signal, env);
  await run([...cfg, 'fetch', '-q', '--depth', '1', '--no-tags', '--', fetchUrl, ref], dir, signal, env);
  await run([...cfg, 'checkout', '-q', 'FETCH_HEAD'], dir, signal, env);
  const commit = (await run(['rev-parse', 'HEAD'], dir, signal, env)).trim();
  log(`Checked out ${commit}`);
  return commit;
}
