// Benchmark: a Debian VM through the QEMU driver, create → guest ready (the readiness marker, printed once sshd
// listens and user-data has run) → the first command run over the real ssh client; and the host RSS of the idle VM.
// Cleans up every VM it starts.
// Usage: node --import tsx bench/debian-boot.ts [rounds=1]   (builds the Debian image first if needed)
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { QemuDriver } from '../lib/providers/qemu/driver';
import { livePid, rssBytes } from '../lib/providers/qemu/host';
import { vmImagesDir } from '../lib/providers/qemu/images';
import { vmPaths } from '../lib/providers/qemu/vm-config';
import { vmInstance } from '../test/qemu';

const rounds = Number(process.argv[2] ?? 1);
const imagesDir = vmImagesDir();
execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-vm-images.ts', 'debian-12'], { env: { ...process.env, OVERCAST_VM_IMAGES_DIR: imagesDir }, stdio: 'inherit' });
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-bench-deb-'));
const vmsDir = path.join(root, 'vms');
const driver = new QemuDriver({ vmsDir, imagesDir, accel: 'tcg' });
const key = path.join(root, 'id');
execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sshOpts = ['-i', key, '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', '-o', 'ConnectTimeout=20'];

try {
  for (let r = 0; r < rounds; r++) {
    const inst = vmInstance({
      id: `benchdeb${process.pid}x${r}`,
      name: 'bench-debian',
      hostname: 'bench-debian',
      image: { ref: 'debian-12', readOnlyRoot: false },
      flavor: { cpuMillis: 1000, memoryMib: 256, diskGib: 5, pidsLimit: 0 },
      ports: [{ port: 22, protocol: 'tcp' }],
      sshPublicKeys: [fs.readFileSync(`${key}.pub`, 'utf8')],
    });
    const t0 = performance.now();
    await driver.create(inst);
    await driver.start(inst);
    let port = 0;
    for (;;) {
      const o = await driver.observe(inst);
      if (o.exists && o.status === 'running') {
        port = o.endpoints.find((e) => e.port === 22)!.hostPort;
        break;
      }
      await sleep(100);
    }
    const readyMs = performance.now() - t0;
    const { stdout } = await promisify(execFile)('ssh', [...sshOpts, '-p', String(port), 'overcast@127.0.0.1', 'hostname'], { timeout: 60_000 });
    const sshMs = performance.now() - t0;
    await sleep(5_000);
    const pid = livePid(vmPaths(vmsDir, inst.id).pid, vmPaths(vmsDir, inst.id).dir);
    const rss = pid ? rssBytes(pid) : null;
    console.log(`round ${r + 1}: ready ${(readyMs / 1000).toFixed(1)} s, ssh "${stdout.trim()}" done ${(sshMs / 1000).toFixed(1)} s, idle RSS ${rss ? Math.round(rss / 1024 / 1024) : '?'} MiB, load ${os.loadavg()[0]!.toFixed(1)}`);
    await driver.remove(inst);
  }
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
