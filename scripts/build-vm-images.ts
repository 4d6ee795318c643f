// Builds the VM image catalogue offline from Debian packages: Debian's cloud kernel (apt-get download + dpkg-deb -x,
// never installed) and a busybox-static initramfs, plus a small ext4 base disk that each VM's qcow2 overlay sits on.
// Each version lives in <images>/<name>-<hash>/ (read-only); <images>/<name>.json names the current one. Skips an
// image whose inputs (kernel package, busybox, init scripts) have not changed.
// The Debian image is built by scripts/vm-images/debian.ts (debootstrap from the configured apt mirror, ~2–3 min).
// Usage: tsx scripts/build-vm-images.ts [image name…]   (all images by default; the run and test commands call it)
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildDebian } from './vm-images/debian';
import { publishImage, writeBaseDisk } from './vm-images/publish';
import {
  DEBIAN_GUEST_FILES,
  DEBIAN_INITRAMFS_MODULES,
  DEBIAN_MASKED_UNITS,
  DEBIAN_PACKAGES,
  DEBIAN_SUITE,
  debianKernelAppend,
  TINY_INITTAB,
  TINY_MODULES,
  TINY_POWER_BUTTON,
  TINY_RC,
  VM_IMAGE_DEFINITIONS,
  readBuiltImage,
  vmImagesDir,
  vmsDir,
  type BuiltImage,
  type VmImageDefinition,
} from '../lib/providers/qemu/images';
import { writeAtomic } from '../lib/providers/qemu/host';

/** Bump when the build itself changes in a way the inputs below do not show. */
const BUILD_VERSION = '1';
const APT_ARCHIVES = '/var/cache/apt/archives';
const BUSYBOX = '/bin/busybox';

function run(cmd: string, args: string[], opts: { cwd?: string } = {}): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
}

function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function newestDeb(dirs: string[], pattern: RegExp): string | null {
  const found = dirs
    .filter((d) => fs.existsSync(d))
    .flatMap((d) => fs.readdirSync(d).filter((f) => pattern.test(f)).map((f) => path.join(d, f)));
  found.sort((a, b) => path.basename(a).localeCompare(path.basename(b), undefined, { numeric: true }));
  return found.at(-1) ?? null;
}

/** The .deb of Debian's current cloud kernel: from apt's cache or ours, downloaded once if neither has it. */
function cloudKernelDeb(debDir: string): string {
  fs.mkdirSync(debDir, { recursive: true });
  let pkg: string | undefined;
  try {
    pkg = /Depends: (linux-image-[^\s]+-cloud-amd64)/.exec(run('apt-cache', ['depends', 'linux-image-cloud-amd64']))?.[1];
  } catch {
    // no apt metadata: use whatever kernel package is at hand
  }
  if (pkg) {
    const escaped = pkg.replace(/[.+]/g, '\\$&');
    const local = newestDeb([APT_ARCHIVES, debDir], new RegExp(`^${escaped}_.*_amd64\\.deb$`));
    if (local) return local;
    try {
      run('apt-get', ['download', pkg], { cwd: debDir });
      const got = newestDeb([debDir], new RegExp(`^${escaped}_.*_amd64\\.deb$`));
      if (got) return got;
    } catch (err) {
      console.warn(`vm image: apt-get download ${pkg} failed (${(err as Error).message.split('\n')[0]}); using a kernel at hand`);
    }
  }
  const any = newestDeb([debDir, APT_ARCHIVES], /^linux-image-\d[^_]*-cloud-amd64_.*_amd64\.deb$/);
  if (!any) throw new Error('No Debian cloud kernel package: run `apt-get update` and retry (needs linux-image-cloud-amd64)');
  return any;
}

/**
 * The modules to load, dependencies first, copied into the initramfs. Dependencies are read from each module's
 * own .modinfo ("depends=a,b"), so neither depmod nor modules.dep is needed; a name not found is built in.
 */
function moduleLoadOrder(modDir: string, wanted: string[], initramfs: string): string[] {
  const byName = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ko')) byName.set(e.name.slice(0, -3).replace(/-/g, '_'), p);
    }
  };
  walk(path.join(modDir, 'kernel'));
  const order: string[] = [];
  const visit = (name: string) => {
    const file = byName.get(name.replace(/-/g, '_'));
    if (!file || order.includes(path.basename(file))) return;
    const deps = /\0depends=([^\0]*)\0/.exec(fs.readFileSync(file).toString('latin1'))?.[1];
    for (const dep of deps ? deps.split(',').filter(Boolean) : []) visit(dep);
    fs.copyFileSync(file, path.join(initramfs, 'lib/modules', path.basename(file)));
    order.push(path.basename(file));
  };
  for (const name of wanted) visit(name);
  return order;
}

function buildTiny(def: VmImageDefinition, out: string, kernelDeb: string): BuiltImage {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'overcast-vm-image-'));
  try {
    const kroot = path.join(work, 'kernel');
    run('dpkg-deb', ['-x', kernelDeb, kroot]);
    const kernelVersion = fs.readdirSync(path.join(kroot, 'lib/modules'))[0]!;
    const root = path.join(work, 'initramfs');
    for (const d of ['bin', 'etc/acpi/PWRF', 'lib/modules', 'proc', 'sys', 'dev', 'tmp', 'root', 'var/log']) fs.mkdirSync(path.join(root, d), { recursive: true });
    fs.copyFileSync(BUSYBOX, path.join(root, 'bin/busybox'));
    fs.chmodSync(path.join(root, 'bin/busybox'), 0o755);
    for (const applet of run(BUSYBOX, ['--list']).split('\n').filter((a) => a && a !== 'busybox')) {
      fs.symlinkSync('busybox', path.join(root, 'bin', applet));
    }
    fs.symlinkSync('bin', path.join(root, 'sbin'));
    fs.symlinkSync('bin/busybox', path.join(root, 'init'));
    const moduleNames = moduleLoadOrder(path.join(kroot, 'lib/modules', kernelVersion), TINY_MODULES, root);
    const files: Record<string, [string, number]> = {
      'etc/rc': [TINY_RC, 0o755],
      'etc/inittab': [TINY_INITTAB, 0o644],
      'etc/modules': [moduleNames.join('\n') + '\n', 0o644],
      'etc/acpi/PWRF/00000080': [TINY_POWER_BUTTON, 0o755],
      'etc/passwd': ['root:x:0:0:root:/root:/bin/sh\n', 0o644],
      'etc/group': ['root:x:0:\n', 0o644],
      'etc/profile': ['export PATH=/bin:/sbin PS1="\\h:\\w# "\n', 0o644],
    };
    for (const [f, [content, mode]] of Object.entries(files)) fs.writeFileSync(path.join(root, f), content, { mode });

    const tmpOut = `${out}.partial`;
    fs.rmSync(tmpOut, { recursive: true, force: true });
    fs.mkdirSync(tmpOut, { recursive: true });
    const kernel = path.join(tmpOut, 'vmlinuz');
    fs.copyFileSync(path.join(kroot, 'boot', `vmlinuz-${kernelVersion}`), kernel);
    execFileSync('sh', ['-c', `find . -print0 | sort -z | cpio --null -o -H newc -R 0:0 --quiet | gzip -1 > "$1"`, 'sh', path.join(tmpOut, 'initrd.img')], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    // The base disk: a small ext4 filesystem (mounted on /data in the guest), shared read-only by every overlay.
    const content = path.join(work, 'disk');
    fs.mkdirSync(content);
    fs.writeFileSync(path.join(content, 'README'), 'This is the disk of an Overcast VM: its own copy-on-write overlay on a shared base image.\n');
    writeBaseDisk(content, { label: 'overcast', mib: def.baseDiskMib, work, dest: path.join(tmpOut, 'base.qcow2') });
    return publishImage(def, tmpOut, out, kernelVersion);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The cloud kernel package apt would install now (its version is part of the Debian image's inputs). */
function cloudKernelPackage(): string {
  try {
    return /Depends: (linux-image-[^\s]+-cloud-amd64)/.exec(run('apt-cache', ['depends', 'linux-image-cloud-amd64']))?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The inputs of an image, hashed: an image is rebuilt only when one of them changes. */
function inputsHash(def: VmImageDefinition, dir: string): { hash: string; kernelDeb?: string } {
  const h = createHash('sha256').update(JSON.stringify({ BUILD_VERSION, def }));
  if (def.name === 'tiny') {
    const kernelDeb = cloudKernelDeb(path.join(dir, 'debs'));
    h.update(JSON.stringify({ TINY_RC, TINY_INITTAB, TINY_MODULES, TINY_POWER_BUTTON, kernel: path.basename(kernelDeb) }))
      .update(sha256File(kernelDeb))
      .update(sha256File(BUSYBOX));
    return { hash: h.digest('hex').slice(0, 16), kernelDeb };
  }
  h.update(JSON.stringify({ DEBIAN_SUITE, DEBIAN_PACKAGES, DEBIAN_INITRAMFS_MODULES, DEBIAN_MASKED_UNITS, DEBIAN_GUEST_FILES, append: debianKernelAppend(), kernel: cloudKernelPackage() }))
    .update(fs.readFileSync(path.join(import.meta.dirname, 'vm-images', 'debian.ts')));
  return { hash: h.digest('hex').slice(0, 16) };
}

function build(def: VmImageDefinition): void {
  const dir = vmImagesDir();
  const started = Date.now();
  fs.mkdirSync(dir, { recursive: true });
  const { hash, kernelDeb } = inputsHash(def, dir);
  const current = readBuiltImage(def.name, dir);
  if (current?.hash === hash) {
    console.log(`vm image ${def.name}: up to date (${hash})`);
    return;
  }
  const out = path.join(dir, `${def.name}-${hash}`);
  let image: BuiltImage;
  if (kernelDeb) {
    image = buildTiny(def, out, kernelDeb);
  } else {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'overcast-vm-image-'));
    try {
      image = buildDebian(def, out, work, path.join(dir, 'debootstrap-cache'));
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }
  const manifest = path.join(dir, `${def.name}.json`);
  writeAtomic(manifest, JSON.stringify(image, null, 2) + '\n');
  const size = fs.readdirSync(out).reduce((n, f) => n + fs.statSync(path.join(out, f)).size, 0);
  console.log(`vm image ${def.name}: built in ${((Date.now() - started) / 1000).toFixed(1)} s, ${(size / 1024 / 1024).toFixed(0)} MiB (kernel ${image.kernelVersion}, ${hash})`);
}

/** Removes old versions of an image that no VM of this console was made from (their overlays need their base). */
function prune(def: VmImageDefinition): void {
  const dir = vmImagesDir();
  const current = readBuiltImage(def.name, dir)?.hash;
  const vms = vmsDir();
  const inUse = new Set<string>();
  for (const vm of fs.existsSync(vms) ? fs.readdirSync(vms) : []) {
    try {
      inUse.add((JSON.parse(fs.readFileSync(path.join(vms, vm, 'config.json'), 'utf8')) as { image: BuiltImage }).image.hash);
    } catch {
      // not a VM directory
    }
  }
  for (const e of fs.readdirSync(dir)) {
    const m = new RegExp(`^${def.name}-([0-9a-f]{16})$`).exec(e);
    if (!m || m[1] === current || inUse.has(m[1]!)) continue;
    fs.rmSync(path.join(dir, e), { recursive: true, force: true });
    console.log(`vm image ${def.name}: removed unused version ${m[1]}`);
  }
}

const only = process.argv.slice(2);
const unknown = only.filter((n) => !VM_IMAGE_DEFINITIONS.some((d) => d.name === n));
if (unknown.length) throw new Error(`Unknown VM image(s): ${unknown.join(', ')} (known: ${VM_IMAGE_DEFINITIONS.map((d) => d.name).join(', ')})`);
for (const def of VM_IMAGE_DEFINITIONS.filter((d) => !only.length || only.includes(d.name))) {
  build(def);
  prune(def);
}
