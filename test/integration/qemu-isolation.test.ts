// Isolation of VMs on real QEMU, as docker-isolation.test.ts checks it for containers: from inside a tiny VM, the
// host's loopback (the console stands there), another tenant's VM and published port, and host services on every
// host address are out of reach — while each target answers the host and the guest's own network works. And each
// VM's QEMU runs as a user of its own, which can neither open another VM's files nor signal its QEMU.
import { spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QemuDriver } from '@/lib/providers/qemu/driver';
import { vmPaths, type VmConfig } from '@/lib/providers/qemu/vm-config';
import { VM_UID_BASE } from '@/lib/providers/qemu/vm-users';
import type { DriverInstance, Observation } from '@/lib/providers/types';
import { waitFor } from '../docker';
import { ensureTinyImage, httpText, killAllVms, qemuProcessesFor, serialExchange, tempVmsDir, vmInstance } from '../qemu';

const CONSOLE = `it-qemu-iso-${process.pid}`;
let vmsDir: string;
let driver: QemuDriver;
const a = vmInstance({ name: 'iso-a', tenantId: 'tenant-iso-a' });
const b = vmInstance({ name: 'iso-b', tenantId: 'tenant-iso-b' });
const hostPorts: Record<string, number> = {};

/** Stand-ins: the console (127.0.0.1 only), another tenant's published port (127.0.0.1), a service on all addresses. */
const listeners: Record<'console' | 'published' | 'service', http.Server> = {} as never;
let udp: dgram.Socket;
const udpReceived: string[] = [];

function listen(token: string, host: string): Promise<http.Server> {
  const server = http.createServer((_req, res) => res.end(`oc-target ${token}\n`));
  return new Promise((resolve) => server.listen(0, host, () => resolve(server)));
}
const portOf = (s: http.Server) => (s.address() as AddressInfo).port;

/**
 * The host's own non-loopback IPv4 addresses (the LAN side, docker0), which a guest must reach none of; not the
 * tenant bridges other tests make and remove meanwhile. Packets to them stay in the host.
 */
const hostAddresses = () =>
  Object.entries(os.networkInterfaces())
    .filter(([name]) => !/^(oc-|br-|veth)/.test(name))
    .flatMap(([, addrs]) => addrs ?? [])
    .filter((i) => i.family === 'IPv4' && !i.internal)
    .map((i) => i.address);

const running = (o: Observation) => (o.exists && o.status === 'running' ? o : false);

beforeAll(async () => {
  process.env.OVERCAST_CONSOLE_ID = CONSOLE;
  const imagesDir = ensureTinyImage();
  // Under /tmp itself (the run's TMPDIR may be private, 0700) and traversable, so that only each VM's own directory
  // and file modes stand between one VM's user and another's files — and the VM's user can reach its own disk.
  vmsDir = tempVmsDir('/tmp');
  fs.chmodSync(vmsDir, 0o711);
  driver = new QemuDriver({ vmsDir, imagesDir, stopTimeoutMs: 5_000 });
  [listeners.console, listeners.published, listeners.service] = await Promise.all([
    listen('console', '127.0.0.1'),
    listen('published', '127.0.0.1'),
    listen('service', '0.0.0.0'),
  ]);
  udp = dgram.createSocket('udp4').on('message', (m) => udpReceived.push(m.toString()));
  await new Promise<void>((r) => udp.bind(0, '127.0.0.1', r));
  await Promise.all([a, b].map(async (inst) => {
    await driver.create(inst);
    await driver.start(inst);
  }));
  await Promise.all([a, b].map(async (inst) => {
    const obs = await waitFor(`${inst.name} to be ready`, async () => running(await driver.observe(inst)), 100_000, 250);
    hostPorts[inst.name] = obs.endpoints[0]!.hostPort;
  }));
  // The guest reports ready before its console shell reads input; under load, a keystroke sent earlier is lost.
  await waitFor('the serial shell to answer', async () => /ready-42/.test(await serialExchange(vmPaths(vmsDir, a.id).serial, 'echo ready-$((6*7))\n', /ready-42/).catch(() => '')), 45_000, 500);
}, 170_000);

afterAll(async () => {
  for (const inst of [a, b]) await driver?.remove(inst).catch(() => {});
  for (const s of Object.values(listeners)) s?.close();
  udp?.close();
  if (vmsDir) killAllVms(vmsDir);
});

type Attempt = { id: string; host: string; port: number; expect: string };

/**
 * From inside VM a, an HTTP GET of each target at once (busybox nc, 2 s timeout), and what came back: the exit code
 * and whether the answer held the target's token. One line typed on the serial console, safe to run twice.
 */
async function fromGuest(attempts: Attempt[]): Promise<Record<string, { rc: number; got: boolean }>> {
  const fn = 'p(){ printf "GET / HTTP/1.0\\r\\n\\r\\n" | nc -w 2 $1 $2 >/tmp/o$3 2>&1; echo "$3:$?:$(grep -c "$4" /tmp/o$3)" >/tmp/r$3; }';
  const calls = attempts.map((t) => `p ${t.host} ${t.port} ${t.id} '${t.expect}' &`).join(' ');
  const line = `rm -f /tmp/r*; ${fn}; ${calls} wait; echo "[res-$((6*7)) $(cat /tmp/r* | tr '\\n' ' ')]"\n`;
  const out = await serialExchange(vmPaths(vmsDir, a.id).serial, line, /\[res-42 [^\]]*\]/);
  const res = /\[res-42 ([^\]]*)\]/.exec(out)![1]!;
  const parsed: Record<string, { rc: number; got: boolean }> = {};
  for (const r of res.trim().split(/\s+/)) {
    const [id, rc, got] = r.split(':');
    parsed[id!] = { rc: Number(rc), got: Number(got) > 0 };
  }
  expect(Object.keys(parsed).sort()).toEqual(attempts.map((t) => t.id).sort());
  return parsed;
}

describe('a VM’s network reaches nothing on the host', () => {
  it('the targets are up: the host reaches the console, the published port, the service on every address, VM b', async () => {
    const get = (host: string, port: number) => fetch(`http://${host}:${port}/`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.text());
    expect(await get('127.0.0.1', portOf(listeners.console))).toBe('oc-target console\n');
    expect(await get('127.0.0.1', portOf(listeners.published))).toBe('oc-target published\n');
    for (const addr of ['127.0.0.1', ...hostAddresses()]) expect(await get(addr, portOf(listeners.service))).toBe('oc-target service\n');
    expect((await httpText(hostPorts['iso-b']!, '/')).body).toContain('<h1>iso-b</h1>');
  });

  it('the guest’s network works: its web server answers through its forwarded port, and nc works in the guest', async () => {
    expect((await httpText(hostPorts['iso-a']!, '/')).body).toContain('<h1>iso-a</h1>');
    const r = await fromGuest([{ id: 'own', host: '10.0.2.15', port: 80, expect: 'iso-a' }]);
    expect(r.own).toEqual({ rc: 0, got: true });
  });

  it('from inside the VM, the console, a published port, another VM and host services are all refused', async () => {
    const targets: Attempt[] = [
      { id: 'console', host: '10.0.2.2', port: portOf(listeners.console), expect: 'oc-target console' },
      { id: 'published', host: '10.0.2.2', port: portOf(listeners.published), expect: 'oc-target published' },
      { id: 'vmb', host: '10.0.2.2', port: hostPorts['iso-b']!, expect: 'iso-b' },
      { id: 'service', host: '10.0.2.2', port: portOf(listeners.service), expect: 'oc-target service' },
      ...hostAddresses().map((addr, i) => ({ id: `host${i}`, host: addr, port: portOf(listeners.service), expect: 'oc-target service' })),
      // Its own control, typed in the same line: the tool works while the others fail.
      { id: 'own', host: '10.0.2.15', port: 80, expect: 'iso-a' },
    ];
    const r = await fromGuest(targets);
    expect(r.own).toEqual({ rc: 0, got: true });
    const others = targets.filter((x) => x.id !== 'own');
    // Every one refused (nc exits 1, nothing came back), shown all at once when some are not.
    expect(Object.fromEntries(others.map((t) => [`${t.id} ${t.host}:${t.port}`, r[t.id]]))).toEqual(Object.fromEntries(others.map((t) => [`${t.id} ${t.host}:${t.port}`, { rc: 1, got: false }])));
  });

  it('UDP from inside the VM does not reach the host’s loopback either', async () => {
    const port = (udp.address() as AddressInfo).port;
    const probe = dgram.createSocket('udp4');
    await new Promise<void>((r) => probe.send('oc-udp control', port, '127.0.0.1', () => r()));
    probe.close();
    await waitFor('the control datagram', async () => udpReceived.includes('oc-udp control'), 5_000);
    // busybox's nc has no UDP; its tftp client sends a read request (a datagram naming the file) to any port.
    const serial = vmPaths(vmsDir, a.id).serial;
    const out = await serialExchange(serial, `(tftp -g -r oc-udp-guest -l /tmp/tftp 10.0.2.2 ${port} 2>/dev/null &); echo "[udp-$((6*7))]"\n`, /\[udp-42\]/);
    expect(out).not.toMatch(/applet not found|Usage: tftp/); // the tool ran
    // The guest's datagram would arrive within milliseconds (the host's own did): give it a second anyway.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(udpReceived).toEqual(['oc-udp control']);
  });
});

describe('each VM’s QEMU runs as a user of its own', () => {
  const uidsOf = (pid: number) => {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const ids = (key: string) => /^(\w+):\s+(.*)$/m.exec(status.split('\n').find((l) => l.startsWith(`${key}:`))!)![2]!.trim().split(/\s+/).map(Number);
    return { uid: ids('Uid'), gid: ids('Gid'), groups: ids('Groups') };
  };
  const config = (inst: DriverInstance) => JSON.parse(fs.readFileSync(vmPaths(vmsDir, inst.id).config, 'utf8')) as VmConfig;

  /** What the user of VM `as` can do: open each file for reading, connect to each socket, signal each pid. */
  function tryAs(as: DriverInstance, files: string[], sockets: string[], pids: number[]) {
    const { uid, gid } = config(as).user!;
    const script = `
      const fs = require('fs'), net = require('net');
      const [files, sockets, pids] = JSON.parse(process.argv[1]);
      const out = { files: {}, sockets: {}, pids: {} };
      for (const f of files) { try { fs.closeSync(fs.openSync(f, 'r')); out.files[f] = 'ok'; } catch (e) { out.files[f] = e.code; } }
      for (const p of pids) { try { process.kill(p, 0); out.pids[p] = 'ok'; } catch (e) { out.pids[p] = e.code; } }
      let left = sockets.length;
      const done = () => { if (--left <= 0) { console.log(JSON.stringify(out)); process.exit(0); } };
      if (!left) done();
      for (const s of sockets) net.connect(s).on('connect', function () { out.sockets[s] = 'ok'; this.destroy(); done(); }).on('error', (e) => { out.sockets[s] = e.code; done(); });
    `;
    const r = spawnSync(process.execPath, ['-e', script, JSON.stringify([files, sockets, pids])], { uid, gid, encoding: 'utf8', timeout: 10_000 });
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as { files: Record<string, string>; sockets: Record<string, string>; pids: Record<string, string> };
  }

  it('two VMs’ QEMU processes run under different uids and gids of the VM range, never root or nobody', () => {
    const [pa] = qemuProcessesFor(vmPaths(vmsDir, a.id).dir);
    const [pb] = qemuProcessesFor(vmPaths(vmsDir, b.id).dir);
    const [ua, ub] = [uidsOf(pa!), uidsOf(pb!)];
    for (const [u, inst] of [[ua, a], [ub, b]] as const) {
      // real, effective, saved and filesystem ids all dropped; no supplementary group but its own
      expect(new Set(u.uid).size).toBe(1);
      expect(new Set(u.gid).size).toBe(1);
      expect(u.uid[0]).toBeGreaterThanOrEqual(VM_UID_BASE);
      expect(u.groups).toEqual([u.gid[0]]);
      expect(config(inst).user).toEqual({ uid: u.uid[0], gid: u.gid[0] }); // recorded, so a restart reuses it
    }
    expect(ua.uid[0]).not.toBe(ub.uid[0]);
    expect(ua.gid[0]).not.toBe(ub.gid[0]);
  });

  it('one VM’s user cannot open another VM’s disk, logs, config or sockets, nor signal its QEMU; its own disk and QEMU it can', () => {
    const pa = vmPaths(vmsDir, a.id);
    const pb = vmPaths(vmsDir, b.id);
    const [pidA] = qemuProcessesFor(pa.dir);
    const [pidB] = qemuProcessesFor(pb.dir);
    const r = tryAs(b, [pa.disk, pa.serialLog, pa.config, pa.hostname, pb.disk], [pa.qmp, pa.serial], [pidA!, pidB!]);
    expect(r).toEqual({
      files: { [pa.disk]: 'EACCES', [pa.serialLog]: 'EACCES', [pa.config]: 'EACCES', [pa.hostname]: 'EACCES', [pb.disk]: 'ok' },
      sockets: { [pa.qmp]: 'EACCES', [pa.serial]: 'EACCES' },
      pids: { [pidA!]: 'EPERM', [pidB!]: 'ok' },
    });
    // Its own directory's other files stay root's too (a QEMU that could rewrite config.json would choose its command line).
    expect(tryAs(b, [pb.config, pb.serialLog], [], []).files).toEqual({ [pb.config]: 'EACCES', [pb.serialLog]: 'EACCES' });
    expect(fs.statSync(pb.dir)).toMatchObject({ uid: 0, gid: config(b).user!.gid, mode: 0o40710 });
  });

  it('keeps its user across a restart, gives one to a VM made before VMs had users, and frees it when deleted', async () => {
    const before = config(b).user!;
    await driver.stop(b);
    await driver.start(b);
    await waitFor('iso-b to run again', async () => qemuProcessesFor(vmPaths(vmsDir, b.id).dir).length === 1, 30_000);
    const [pid] = qemuProcessesFor(vmPaths(vmsDir, b.id).dir);
    expect(uidsOf(pid!).uid[0]).toBe(before.uid);
    expect(config(b).user).toEqual(before);
    // A VM made before VMs had users (no `user` in its config.json) gets one at its next start, and it is recorded.
    await driver.stop(b);
    const old: Partial<VmConfig> = config(b);
    delete old.user;
    fs.writeFileSync(vmPaths(vmsDir, b.id).config, JSON.stringify(old));
    await driver.start(b);
    await waitFor('iso-b to run again', async () => qemuProcessesFor(vmPaths(vmsDir, b.id).dir).length === 1, 30_000);
    const [pid2] = qemuProcessesFor(vmPaths(vmsDir, b.id).dir);
    expect(uidsOf(pid2!).uid[0]).toBe(config(b).user!.uid);
    expect(config(b).user).toEqual(before); // the claim it held already, not a second uid
    await driver.remove(b);
    expect(fs.existsSync(`/var/lib/overcast/vm-users/${before.uid}`)).toBe(false);
  });
});
