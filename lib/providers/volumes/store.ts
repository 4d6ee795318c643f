// Volumes on this host: one sparse ext4 image file per volume under the data dir, `<data>/volumes/<id>/disk.img`,
// loop-mounted (nodev, nosuid) at `<data>/volumes/<id>/mnt` for containers (bind-mounted from there) and given raw to
// a VM as a virtio disk. The file's size is the limit: a write past it fails with ENOSPC in the container or guest.
// Paths follow only from the volume's id (a cuid checked here): no user input ever names a host path. Snapshots are
// sparse copies of the image file (`snapshots/<snapshot id>.img`), taken with the filesystem frozen when mounted.
// Needs root (mount, losetup, fsfreeze), as the console runs here.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { env } from '@/lib/env';
import { EngineError } from '@/lib/providers/types';

const run = promisify(execFile);
const TOOL_TIMEOUT_MS = 120_000;

/** A volume's or snapshot's id as the console makes them (cuid); anything else never reaches a path. */
const SAFE_ID = /^[a-z0-9]{16,40}$/;

function safeId(id: string): string {
  if (!SAFE_ID.test(id)) throw new EngineError(`Not a volume id: ${JSON.stringify(id).slice(0, 60)}`, false);
  return id;
}

export function volumesRoot(): string {
  return path.resolve(env().OVERCAST_DATA_DIR, 'volumes');
}

export function volumePaths(volumeId: string) {
  const dir = path.join(volumesRoot(), safeId(volumeId));
  return { dir, image: path.join(dir, 'disk.img'), mnt: path.join(dir, 'mnt'), snapshots: path.join(dir, 'snapshots') };
}

function snapshotPath(volumeId: string, snapshotId: string): string {
  return path.join(volumePaths(volumeId).snapshots, `${safeId(snapshotId)}.img`);
}

async function tool(cmd: string, args: string[], what: string): Promise<string> {
  try {
    const { stdout } = await run(cmd, args, { timeout: TOOL_TIMEOUT_MS, encoding: 'utf8' });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new EngineError(`Could not ${what}: ${(e.stderr || e.message).trim().split('\n').slice(-1)[0]}`, true);
  }
}

/** Mount points from the kernel's table (octal escapes such as \040 decoded). */
function mountPoints(): Set<string> {
  const text = fs.readFileSync('/proc/self/mountinfo', 'utf8');
  const out = new Set<string>();
  for (const line of text.split('\n')) {
    const field = line.split(' ')[4];
    if (field) out.add(field.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))));
  }
  return out;
}

export function isMounted(volumeId: string): boolean {
  return mountPoints().has(volumePaths(volumeId).mnt);
}

/** Makes the image file (sparse, formatted ext4) unless it exists. Idempotent: a half-made file is made again. */
export async function ensureImage(volumeId: string, sizeGib: number): Promise<string> {
  const p = volumePaths(volumeId);
  if (fs.existsSync(p.image)) return p.image;
  fs.mkdirSync(p.dir, { recursive: true, mode: 0o700 });
  const tmp = `${p.image}.new`;
  fs.rmSync(tmp, { force: true });
  fs.closeSync(fs.openSync(tmp, 'w', 0o600));
  fs.truncateSync(tmp, sizeGib * 1024 ** 3);
  // root_owner: the filesystem's root belongs to root; it is opened to every user of the container below.
  await tool('mkfs.ext4', ['-F', '-q', '-m', '0', '-L', `ovc-${volumeId.slice(-8)}`, '-E', 'lazy_itable_init=1,lazy_journal_init=1', tmp], 'format the volume');
  fs.renameSync(tmp, p.image);
  return p.image;
}

/**
 * Mounts the volume for containers (makes its image first if needed) and returns the mount point. nodev and nosuid:
 * a device node or set-uid file written into a volume does nothing. errors=remount-ro: a filesystem a VM guest wrote
 * (its superblock may ask the kernel to panic on an error) only turns read-only when damaged. The mount point's own directory is root's 0700
 * beneath a 0700 directory, so no other host user reaches the files.
 */
export async function ensureMounted(volumeId: string, sizeGib: number): Promise<string> {
  const p = volumePaths(volumeId);
  if (isMounted(volumeId)) return p.mnt;
  const fresh = !fs.existsSync(p.image);
  await ensureImage(volumeId, sizeGib);
  fs.mkdirSync(p.mnt, { recursive: true, mode: 0o700 });
  await tool('mount', ['-t', 'ext4', '-o', 'loop,nodev,nosuid,errors=remount-ro', p.image, p.mnt], 'mount the volume');
  // Every user of the container may write (as on /tmp), since images run as any uid.
  if (fresh) fs.chmodSync(p.mnt, 0o1777);
  return p.mnt;
}

/** Unmounts the volume (succeeds when it is not mounted). Fails while something still uses it. */
export async function unmount(volumeId: string): Promise<void> {
  if (!isMounted(volumeId)) return;
  await tool('umount', [volumePaths(volumeId).mnt], 'unmount the volume (is it still in use?)');
}

/** Bytes used and the filesystem's size, from the mount (null when it is not mounted on this host). */
export async function usage(volumeId: string): Promise<{ usedBytes: number; totalBytes: number } | null> {
  if (!isMounted(volumeId)) return null;
  const s = await fs.promises.statfs(volumePaths(volumeId).mnt);
  return { usedBytes: (s.blocks - s.bfree) * s.bsize, totalBytes: s.blocks * s.bsize };
}

async function sparseCopy(from: string, to: string): Promise<void> {
  const tmp = `${to}.new`;
  await tool('cp', ['--sparse=always', '--reflink=auto', from, tmp], 'copy the volume');
  fs.renameSync(tmp, to);
}

/** A copy of the volume as it is now (frozen for the copy when mounted); returns the bytes the copy takes. */
export async function snapshot(volumeId: string, snapshotId: string, sizeGib: number): Promise<number> {
  const p = volumePaths(volumeId);
  const image = await ensureImage(volumeId, sizeGib);
  fs.mkdirSync(p.snapshots, { recursive: true, mode: 0o700 });
  const to = snapshotPath(volumeId, snapshotId);
  const mounted = isMounted(volumeId);
  if (mounted) await tool('fsfreeze', ['-f', p.mnt], 'freeze the volume for the snapshot');
  try {
    await sparseCopy(image, to);
  } finally {
    if (mounted) await tool('fsfreeze', ['-u', p.mnt], 'thaw the volume');
  }
  return fs.statSync(to).blocks * 512;
}

/** Puts the snapshot back as the volume's content; the volume must not be in use (it is unmounted first). */
export async function restore(volumeId: string, snapshotId: string): Promise<void> {
  const from = snapshotPath(volumeId, snapshotId);
  if (!fs.existsSync(from)) throw new EngineError('The snapshot’s file is missing', false);
  await unmount(volumeId);
  await sparseCopy(from, volumePaths(volumeId).image);
}

export function removeSnapshot(volumeId: string, snapshotId: string): void {
  fs.rmSync(snapshotPath(volumeId, snapshotId), { force: true });
}

/** Removes the volume's files (unmounting first); succeeds when they are already gone. */
export async function removeVolume(volumeId: string): Promise<void> {
  await unmount(volumeId);
  fs.rmSync(volumePaths(volumeId).dir, { recursive: true, force: true });
}

/** Grows the image file and its filesystem (online when mounted). */
export async function grow(volumeId: string, sizeGib: number): Promise<void> {
  const p = volumePaths(volumeId);
  if (!fs.existsSync(p.image)) return; // made at the new size on first use
  fs.truncateSync(p.image, sizeGib * 1024 ** 3);
  if (isMounted(volumeId)) {
    const dev = (await tool('findmnt', ['-n', '-o', 'SOURCE', p.mnt], 'find the volume’s device')).trim();
    await tool('losetup', ['-c', dev], 'refresh the volume’s size');
    await tool('resize2fs', [dev], 'grow the filesystem');
  } else {
    await tool('e2fsck', ['-f', '-p', p.image], 'check the filesystem');
    await tool('resize2fs', [p.image], 'grow the filesystem');
  }
}

/** Volume directories on this host (for the orphan sweep). */
export function listVolumeIds(): string[] {
  try {
    return fs.readdirSync(volumesRoot()).filter((n) => SAFE_ID.test(n));
  } catch {
    return [];
  }
}
