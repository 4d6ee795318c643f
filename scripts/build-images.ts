// Builds the local container image catalogue (no registry is reachable: every image is made from this machine's
// own files) and records it in the database. Skips an image whose build context has not changed.
// Usage: tsx scripts/build-images.ts   (the run and test commands call it)
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import tar from 'tar-fs';
import { IMAGE_DEFINITIONS, type ImageDefinition } from '../lib/providers/docker/images';
import { FUNCTION_RUNTIME_IMAGE } from '../lib/providers/functions/image';

const docker = new Docker({ socketPath: process.env.DOCKER_SOCKET ?? '/var/run/docker.sock' });

function copyWithLibs(binary: string, root: string): void {
  // The binary plus every shared library ldd names and the dynamic loader, copied dereferenced.
  const out = execFileSync('ldd', [binary], { encoding: 'utf8' });
  const files = [binary, ...[...out.matchAll(/(\/[^\s]+\.so[^\s]*)/g)].map((m) => m[1]!)];
  for (const f of files) {
    const dest = path.join(root, f);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.copyFileSync(fs.realpathSync(f), dest);
    fs.chmodSync(dest, 0o755);
  }
}

function stage(def: ImageDefinition): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `overcast-image-${def.name}-`));
  fs.mkdirSync(path.join(dir, 'rootfs/tmp'), { recursive: true, mode: 0o1777 });
  fs.chmodSync(path.join(dir, 'rootfs/tmp'), 0o1777);
  fs.mkdirSync(path.join(dir, 'rootfs/etc'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'rootfs/etc/passwd'), 'root:x:0:0:root:/:/bin/sh\napp:x:10001:10001:app:/tmp:/bin/sh\n');
  fs.writeFileSync(path.join(dir, 'rootfs/etc/group'), 'root:x:0:\napp:x:10001:\n');
  if (def.busybox) {
    fs.mkdirSync(path.join(dir, 'rootfs/bin'), { recursive: true });
    fs.copyFileSync('/bin/busybox', path.join(dir, 'rootfs/bin/busybox'));
    fs.chmodSync(path.join(dir, 'rootfs/bin/busybox'), 0o755);
    for (const applet of def.busybox) fs.symlinkSync('busybox', path.join(dir, 'rootfs/bin', applet));
  }
  if (def.node) copyWithLibs(process.execPath, path.join(dir, 'rootfs'));
  for (const [file, content] of Object.entries(def.files ?? {})) {
    const dest = path.join(dir, 'rootfs', file);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.writeFileSync(dest, content);
  }
  fs.writeFileSync(path.join(dir, 'Dockerfile'), def.dockerfile);
  return dir;
}

function hashDir(dir: string): string {
  const h = createHash('sha256');
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      h.update(path.relative(dir, p));
      if (e.isSymbolicLink()) h.update(fs.readlinkSync(p));
      else if (e.isDirectory()) walk(p);
      else h.update(fs.readFileSync(p));
    }
  };
  walk(dir);
  return h.digest('hex').slice(0, 16);
}

async function build(def: ImageDefinition): Promise<void> {
  const dir = stage(def);
  try {
    const hash = hashDir(dir);
    const existing = await docker.listImages({ filters: { label: [`overcast.context=${hash}`] } });
    if (existing.some((i) => i.RepoTags?.includes(def.ref))) {
      console.log(`image ${def.ref}: up to date`);
      return;
    }
    const started = Date.now();
    // umask 0 keeps /tmp's sticky bit (tar-fs applies the process umask otherwise).
    const stream = await docker.buildImage(tar.pack(dir, { umask: 0 } as tar.PackOptions) as unknown as NodeJS.ReadableStream, {
      t: def.ref,
      labels: { 'overcast.context': hash, 'overcast.image': def.name },
      rm: true,
      forcerm: true,
    });
    await new Promise<void>((resolve, reject) =>
      docker.modem.followProgress(stream, (err: Error | null, res: { error?: string }[]) => {
        const failed = err ?? res.find((r) => r.error)?.error;
        return failed ? reject(new Error(String(failed))) : resolve();
      }),
    );
    console.log(`image ${def.ref}: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// The catalogue's images, then the functions runtime (not in the catalogue: only the functions pool runs it).
for (const def of [...IMAGE_DEFINITIONS, FUNCTION_RUNTIME_IMAGE]) await build(def);
