// The last steps every VM image build shares: a directory's tree as an ext4 filesystem in a qcow2 base disk, and
// the finished version made read-only and moved into place in one rename (a crash leaves only a ".partial").
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { BuiltImage, VmImageDefinition } from '../../lib/providers/qemu/images';

/** `mkfs.ext4 -d tree` into a raw file under `work`, converted to `dest` (qcow2); the raw file is removed. */
export function writeBaseDisk(tree: string, o: { label: string; mib: number; work: string; dest: string }): void {
  const raw = path.join(o.work, 'base.raw');
  const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  run('mkfs.ext4', ['-q', '-F', '-L', o.label, '-d', tree, raw, `${o.mib}M`]);
  run('qemu-img', ['convert', '-q', '-f', 'raw', '-O', 'qcow2', raw, o.dest]);
  fs.rmSync(raw, { force: true });
}

/** Makes `tmpOut`'s files read-only, moves it to `out` and describes the image version it now holds. */
export function publishImage(def: VmImageDefinition, tmpOut: string, out: string, kernelVersion: string, append?: string): BuiltImage {
  for (const f of fs.readdirSync(tmpOut)) fs.chmodSync(path.join(tmpOut, f), 0o444);
  fs.rmSync(out, { recursive: true, force: true });
  fs.renameSync(tmpOut, out);
  return {
    name: def.name,
    hash: path.basename(out).slice(def.name.length + 1),
    kernel: path.join(out, 'vmlinuz'),
    initrd: path.join(out, 'initrd.img'),
    baseDisk: path.join(out, 'base.qcow2'),
    kernelVersion,
    ...(append ? { append } : {}),
  };
}
