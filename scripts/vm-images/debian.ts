// Builds the Debian VM image offline: debootstrap (minbase + systemd, udev, OpenSSH, the cloud kernel) from the apt
// mirror this machine is configured with, a trimmed initramfs, a per-VM first-boot configuration read from QEMU's
// fw_cfg, then `mkfs.ext4 -d` and `qemu-img convert`. The kernel and initramfs are copied out of the root filesystem
// and booted directly by QEMU (no bootloader). Called by scripts/build-vm-images.ts; cached by a hash of its inputs.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DEBIAN_GUEST_FILES, DEBIAN_INITRAMFS_MODULES, DEBIAN_MASKED_UNITS, DEBIAN_PACKAGES, DEBIAN_SUITE, DEBIAN_USER, debianKernelAppend, type BuiltImage, type VmImageDefinition } from '../../lib/providers/qemu/images';
import { publishImage, writeBaseDisk } from './publish';

function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv } = {}): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024, ...opts });
}

/** The Debian mirror apt uses here (deb822 .sources or one-line lists), so debootstrap needs no other host. */
export function aptMirror(): string {
  const files = ['/etc/apt/sources.list', ...(fs.existsSync('/etc/apt/sources.list.d') ? fs.readdirSync('/etc/apt/sources.list.d').map((f) => path.join('/etc/apt/sources.list.d', f)) : [])];
  for (const f of files.filter((x) => /\.(sources|list)$/.test(x) && fs.existsSync(x))) {
    const text = fs.readFileSync(f, 'utf8');
    if (f.endsWith('.sources')) {
      for (const stanza of text.split(/\n\s*\n/)) {
        const uri = /^URIs:\s*(\S+)/m.exec(stanza)?.[1];
        const suites = /^Suites:\s*(.+)$/m.exec(stanza)?.[1]?.split(/\s+/) ?? [];
        if (uri && suites.includes(DEBIAN_SUITE) && /^Types:.*\bdeb\b/m.test(stanza)) return uri;
      }
    } else {
      for (const line of text.split('\n')) {
        const m = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/.exec(line.trim());
        if (m && m[2] === DEBIAN_SUITE) return m[1]!;
      }
    }
  }
  throw new Error(`No apt source for Debian ${DEBIAN_SUITE} in /etc/apt/sources.list(.d): the Debian image needs one`);
}

/** Runs a command inside the image's root (its own PATH; no daemon is started: policy-rc.d is in place). */
function inRoot(root: string, args: string[]): string {
  return run('chroot', [root, ...args], { env: { ...process.env, PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8', DEBIAN_FRONTEND: 'noninteractive' } });
}

export function buildDebian(def: VmImageDefinition, out: string, work: string, debootstrapCache: string): BuiltImage {
  const root = path.join(work, 'root');
  fs.mkdirSync(debootstrapCache, { recursive: true });
  const mirror = aptMirror();
  let t = Date.now();
  const step = (what: string) => {
    console.log(`vm image ${def.name}: ${what} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
    t = Date.now();
  };
  run('debootstrap', ['--variant=minbase', `--include=${DEBIAN_PACKAGES.join(',')}`, `--cache-dir=${path.resolve(debootstrapCache)}`, DEBIAN_SUITE, root, mirror]);
  step('debootstrap');

  for (const [rel, { content, mode }] of Object.entries(DEBIAN_GUEST_FILES)) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content, { mode });
    fs.chmodSync(file, mode);
  }
  // The initramfs only needs to find an ext4 root on virtio-blk: MODULES=list instead of "most" (smaller, faster).
  const conf = path.join(root, 'etc/initramfs-tools/initramfs.conf');
  fs.writeFileSync(conf, fs.readFileSync(conf, 'utf8').replace(/^MODULES=.*$/m, 'MODULES=list').replace(/^COMPRESS=.*$/m, 'COMPRESS=gzip'));
  fs.writeFileSync(path.join(root, 'etc/initramfs-tools/modules'), DEBIAN_INITRAMFS_MODULES.join('\n') + '\n');
  const kernelVersion = fs.readdirSync(path.join(root, 'lib/modules')).sort().at(-1)!;
  inRoot(root, ['update-initramfs', '-u', '-k', kernelVersion]);
  step('initramfs');

  inRoot(root, ['useradd', '--create-home', '--shell', '/bin/bash', '--groups', 'sudo', DEBIAN_USER]);
  inRoot(root, ['systemctl', 'enable', 'overcast-init.service', 'overcast-ready.service', 'ssh.service']);
  inRoot(root, ['systemctl', 'mask', ...DEBIAN_MASKED_UNITS]);
  // Host keys are made per VM at its first boot (an image with keys would give every VM the same identity); so is
  // the machine id (empty: systemd makes one at first boot).
  for (const f of fs.readdirSync(path.join(root, 'etc/ssh')).filter((f) => f.startsWith('ssh_host_'))) fs.rmSync(path.join(root, 'etc/ssh', f));
  fs.writeFileSync(path.join(root, 'etc/machine-id'), '');
  fs.rmSync(path.join(root, 'var/lib/dbus/machine-id'), { force: true });
  fs.rmSync(path.join(root, 'usr/sbin/policy-rc.d'), { force: true });
  for (const d of ['var/cache/apt/archives', 'var/lib/apt/lists', 'usr/share/doc', 'usr/share/man', 'usr/share/info', 'var/log/apt']) {
    const dir = path.join(root, d);
    if (!fs.existsSync(dir)) continue;
    for (const e of fs.readdirSync(dir)) if (e !== 'partial' && e !== 'lock') fs.rmSync(path.join(dir, e), { recursive: true, force: true });
  }
  step('configured');

  const tmpOut = `${out}.partial`;
  fs.rmSync(tmpOut, { recursive: true, force: true });
  fs.mkdirSync(tmpOut, { recursive: true });
  fs.copyFileSync(path.join(root, 'boot', `vmlinuz-${kernelVersion}`), path.join(tmpOut, 'vmlinuz'));
  fs.copyFileSync(path.join(root, 'boot', `initrd.img-${kernelVersion}`), path.join(tmpOut, 'initrd.img'));
  writeBaseDisk(root, { label: 'overcast-root', mib: def.baseDiskMib, work, dest: path.join(tmpOut, 'base.qcow2') });
  step('disk');
  return publishImage(def, tmpOut, out, kernelVersion, debianKernelAppend());
}
