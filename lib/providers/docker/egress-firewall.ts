// The egress policy of tenant and function networks, as iptables rules in a chain of our own (OVERCAST-EGRESS) that
// Docker's DOCKER-USER chain jumps to for every packet a container on an `oc-…` bridge sends to be forwarded.
// Containers may reach the internet and their own bridge; private, shared, link-local and multicast ranges and the
// host's own networks are refused unless the admin lists an exception. The chain is rewritten in one
// iptables-restore transaction (a half-written chain is never seen), under a host-wide lock so that two consoles on
// one host never insert the jump twice. Needs root; the nft backend of iptables is what runs here.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { formatCidr, parseCidr, type Cidr } from './subnets';

export const EGRESS_CHAIN = 'OVERCAST-EGRESS';
/** Interface pattern of every bridge the console makes (tenant networks and the function network, see names.ts). */
export const BRIDGE_PATTERN = 'oc-+';
const JUMP = ['DOCKER-USER', '-i', BRIDGE_PATTERN, '-j', EGRESS_CHAIN];
/** One lock for every console on the host (not under TMPDIR, which each test run sets to its own directory). */
const LOCK_DIR = '/run/lock';
const LOCK = `${LOCK_DIR}/overcast-egress.lock`;

export type EgressProtocol = 'tcp' | 'udp' | 'any';
/** A destination containers may reach despite the blocked ranges: a CIDR, optionally only some ports. */
export type EgressAllow = { cidr: string; protocol: EgressProtocol; ports: string[] };
export type BlockedRange = { cidr: string; why: string };
export type EgressPolicy = { allow: EgressAllow[]; blocked: BlockedRange[]; resolvers: string[] };

/** Never reachable from a tenant's network unless an exception says so. */
export const BLOCKED_RANGES: readonly BlockedRange[] = [
  { cidr: '0.0.0.0/8', why: '"this network" (RFC 1122)' },
  { cidr: '10.0.0.0/8', why: 'private (RFC 1918)' },
  { cidr: '100.64.0.0/10', why: 'carrier-grade NAT (RFC 6598)' },
  { cidr: '127.0.0.0/8', why: 'loopback' },
  { cidr: '169.254.0.0/16', why: 'link-local, incl. cloud metadata 169.254.169.254 (RFC 3927)' },
  { cidr: '172.16.0.0/12', why: 'private (RFC 1918)' },
  { cidr: '192.0.0.0/24', why: 'IETF protocol assignments (RFC 6890)' },
  { cidr: '192.168.0.0/16', why: 'private (RFC 1918)' },
  { cidr: '198.18.0.0/15', why: 'benchmarking (RFC 2544)' },
  { cidr: '224.0.0.0/4', why: 'multicast' },
  { cidr: '240.0.0.0/4', why: 'reserved and broadcast' },
];

const contains = (outer: Cidr, inner: Cidr) => outer.bits <= inner.bits && inner.base >= outer.base && inner.base < outer.base + 2 ** (32 - outer.bits);

/**
 * The IPv4 subnets of the host's own interfaces (its LAN, Docker's other bridges, VPNs…) that the fixed ranges do
 * not already cover. Our own bridges are left out: traffic towards them is Docker's isolation's to decide.
 */
export function hostSubnets(interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]> = os.networkInterfaces()): BlockedRange[] {
  const fixed = BLOCKED_RANGES.map((b) => parseCidr(b.cidr));
  const out = new Map<string, BlockedRange>();
  for (const [name, addrs] of Object.entries(interfaces)) {
    if (name.startsWith('oc-')) continue;
    for (const a of addrs ?? []) {
      if (a.family !== 'IPv4' || a.internal || !a.cidr) continue;
      const c = parseCidr(a.cidr);
      if (fixed.some((f) => contains(f, c))) continue;
      const cidr = formatCidr(c);
      if (!out.has(cidr)) out.set(cidr, { cidr, why: `the host’s network on ${name}` });
    }
  }
  return [...out.values()];
}

/**
 * The resolvers Docker's embedded DNS (127.0.0.11 in each container) forwards to. It sends those queries from the
 * container's own network namespace, so they cross this chain: without an allowance a private resolver (a LAN router,
 * 10.x in a data centre) would leave containers without DNS. Loopback resolvers are left out: Docker dials them from
 * the host's namespace. Docker reads systemd-resolved's upstream list when /etc/resolv.conf points at 127.0.0.53.
 */
export function hostResolvers(files = ['/etc/resolv.conf', '/run/systemd/resolve/resolv.conf']): string[] {
  const out = new Set<string>();
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const m of text.matchAll(/^\s*nameserver\s+(\d{1,3}(?:\.\d{1,3}){3})\s*$/gm)) {
      const ip = m[1]!;
      try {
        if (!contains(parseCidr('127.0.0.0/8'), parseCidr(`${ip}/32`))) out.add(ip);
      } catch {
        // not an IPv4 address after all
      }
    }
  }
  return [...out];
}

/** The whole policy: the admin's exceptions, the fixed ranges plus the host's networks, the host's resolvers. */
export function egressPolicy(allow: EgressAllow[]): EgressPolicy {
  return { allow, blocked: [...BLOCKED_RANGES, ...hostSubnets()], resolvers: hostResolvers() };
}

/** The chain as iptables-restore input (`--noflush`: only this chain is replaced, nothing else is touched). */
export function renderEgressChain(p: EgressPolicy): string {
  const rule = (...args: string[]) => `-A ${EGRESS_CHAIN} ${args.join(' ')}`;
  const lines = [
    '*filter',
    `:${EGRESS_CHAIN} - [0:0]`,
    // Replies (to a published port, to the functions gateway) and ICMP errors of allowed connections.
    rule('-m conntrack --ctstate RELATED,ESTABLISHED -j RETURN'),
    // Towards one of our bridges: its own bridge is allowed, others are dropped by Docker's isolation rules (and the
    // function network's enable_icc=false); both come after DOCKER-USER in FORWARD.
    rule(`-o ${BRIDGE_PATTERN} -j RETURN`),
  ];
  for (const a of p.allow) {
    const dest = `-d ${formatCidr(parseCidr(a.cidr))}`;
    const protocols = a.protocol === 'any' ? (a.ports.length ? ['tcp', 'udp'] : []) : [a.protocol];
    if (!protocols.length) lines.push(rule(dest, '-j RETURN'));
    for (const proto of protocols) {
      if (!a.ports.length) lines.push(rule(dest, `-p ${proto}`, '-j RETURN'));
      for (const port of a.ports) lines.push(rule(dest, `-p ${proto}`, `--dport ${port.replace('-', ':')}`, '-j RETURN'));
    }
  }
  for (const r of p.resolvers) for (const proto of ['udp', 'tcp']) lines.push(rule(`-d ${r}/32 -p ${proto} --dport 53 -j RETURN`));
  for (const b of p.blocked) lines.push(rule(`-d ${formatCidr(parseCidr(b.cidr))}`, '-j REJECT --reject-with icmp-admin-prohibited'));
  lines.push('COMMIT', '');
  return lines.join('\n');
}

export type EgressApplyResult = { ok: boolean; at: string; ms: number; message: string; rules: number };

function run(cmd: string, args: string[], input = ''): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('error', (err) => resolve({ code: -1, stderr: err.message }));
    child.on('close', (code) => resolve({ code: code ?? -1, stderr: stderr.trim() }));
    child.stdin.on('error', () => {}); // the child may exit before reading (e.g. flock timed out)
    child.stdin.end(input);
  });
}

/** Runs a shell script under the host-wide lock, with `input` on its standard input. */
function locked(script: string, input = '') {
  fs.mkdirSync(LOCK_DIR, { recursive: true });
  return run('flock', ['-w', '20', LOCK, 'sh', '-c', script, 'sh', ...JUMP], input);
}

/**
 * Replaces the chain with `policy` and makes sure DOCKER-USER jumps to it once (at the top, when it adds the jump).
 * Idempotent; safe when several consoles on the host apply at the same time (the last one's rules win).
 */
export async function applyEgressPolicy(policy: EgressPolicy): Promise<EgressApplyResult> {
  const started = performance.now();
  const text = renderEgressChain(policy);
  // "$@" is the jump rule; DOCKER-USER exists once dockerd has started.
  const script = 'iptables-restore --noflush && { iptables -C "$@" 2>/dev/null || iptables -I "$1" 1 -i "$3" -j "$5"; }';
  const { code, stderr } = await locked(script, text);
  const rules = text.split('\n').filter((l) => l.startsWith('-A ')).length;
  const at = new Date().toISOString();
  const ms = Math.round((performance.now() - started) * 10) / 10;
  if (code === 0) return { ok: true, at, ms, rules, message: `egress policy applied: ${rules} rules in ${EGRESS_CHAIN}` };
  const hint = /DOCKER-USER/.test(stderr) ? ' (Docker’s DOCKER-USER chain is missing: is dockerd running?)' : '';
  return { ok: false, at, ms, rules, message: `egress policy NOT applied: ${stderr || `exit ${code}`}${hint}` };
}

/** Is the jump in place (the chain may have been lost with a firewall reload)? */
export async function egressJumpPresent(): Promise<boolean> {
  return (await run('iptables', ['-C', ...JUMP])).code === 0;
}

/** Takes the policy away: every jump to the chain, then the chain. Leaves every other rule alone. */
export async function removeEgressPolicy(): Promise<void> {
  const script = 'while iptables -D "$@" 2>/dev/null; do :; done; iptables -F "$5" 2>/dev/null; iptables -X "$5" 2>/dev/null; true';
  const { code, stderr } = await locked(script);
  if (code !== 0) throw new Error(`could not remove the egress policy: ${stderr}`);
}
