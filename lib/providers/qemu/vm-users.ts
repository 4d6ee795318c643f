// Each VM's QEMU runs as a uid/gid of its own, from a range no account uses, so that a guest that escapes into its
// QEMU cannot signal, trace or open another VM's QEMU or files. A host-wide registry (<dir>/<uid>, a file naming the
// VM directory that holds the uid) keeps two VMs — of any console on this host — from ever sharing one.
import fs from 'node:fs';
import path from 'node:path';
import { sleep } from '@/lib/sleep';

/**
 * The first uid (and gid) given to VMs: above systemd's container range (524288–1879048191) and below 2^31 (tools
 * that treat uids as signed), where neither accounts nor user namespaces are allocated.
 */
export const VM_UID_BASE = 1_900_000_000;
export const VM_UID_COUNT = 65_536;
/** Host-wide, not per data directory: two consoles on one host share the uid space. */
export const VM_USERS_DIR = '/var/lib/overcast/vm-users';

export type VmUser = { uid: number; gid: number };

const LOCK_STALE_MS = 10_000;
const LOCK_WAIT_MS = 15_000;

/** Runs `fn` holding the registry's lock (a file made with O_EXCL; one left by a crashed holder expires). */
async function locked<T>(dir: string, fn: () => T): Promise<T> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const lock = path.join(dir, '.lock');
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      fs.closeSync(fs.openSync(lock, 'wx', 0o600));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      try {
        if (Date.now() - fs.statSync(lock).mtimeMs > LOCK_STALE_MS) fs.rmSync(lock, { force: true });
      } catch {
        // released meanwhile
      }
      if (Date.now() > deadline) throw new Error(`The VM user registry ${dir} stayed locked for ${LOCK_WAIT_MS / 1000} s`);
      await sleep(10 + Math.random() * 20);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

function holderOf(dir: string, uid: number): string | null {
  try {
    return fs.readFileSync(path.join(dir, String(uid)), 'utf8');
  } catch {
    return null;
  }
}

/**
 * Whether the claim of `uid` by `vmDir` is left over: its VM directory is gone (deleted, or a test's removed), or its
 * config.json records another uid. A directory without config.json (a create in progress) or whose config.json
 * records no uid yet (claimed at start, about to be recorded) keeps its claim.
 */
function stale(uid: number, vmDir: string): boolean {
  if (!fs.existsSync(vmDir)) return true;
  try {
    const cfg = JSON.parse(fs.readFileSync(path.join(vmDir, 'config.json'), 'utf8')) as { user?: VmUser };
    return cfg.user !== undefined && cfg.user.uid !== uid;
  } catch {
    return false;
  }
}

/**
 * The uid/gid for the VM in `vmDir`: `preferred` (what its config.json records) when it is still this VM's or free
 * again, else a free one (one whose claim is left over is taken back). The claim is recorded before this returns.
 */
export async function claimVmUser(vmDir: string, preferred?: VmUser, dir = VM_USERS_DIR): Promise<VmUser> {
  const me = path.resolve(vmDir);
  return locked(dir, () => {
    const take = (uid: number): VmUser => {
      fs.writeFileSync(path.join(dir, String(uid)), me, { mode: 0o600 });
      return { uid, gid: uid };
    };
    if (preferred && preferred.uid >= VM_UID_BASE && preferred.uid < VM_UID_BASE + VM_UID_COUNT) {
      const holder = holderOf(dir, preferred.uid);
      if (holder === me || holder === null || stale(preferred.uid, holder)) return take(preferred.uid);
    }
    const held = new Set(fs.readdirSync(dir).filter((n) => /^\d+$/.test(n)).map(Number));
    // A claim this VM already holds (a create or start that crashed before recording it in config.json).
    for (const uid of held) if (holderOf(dir, uid) === me) return take(uid);
    for (let uid = VM_UID_BASE; uid < VM_UID_BASE + VM_UID_COUNT; uid++) if (!held.has(uid)) return take(uid);
    for (let uid = VM_UID_BASE; uid < VM_UID_BASE + VM_UID_COUNT; uid++) {
      const holder = holderOf(dir, uid);
      if (holder === null || stale(uid, holder)) return take(uid);
    }
    throw new Error(`All ${VM_UID_COUNT} VM users are taken on this host`);
  });
}

/** Frees the VM's uid (when the VM is deleted), if the claim is still this VM's. */
export async function releaseVmUser(vmDir: string, user: VmUser, dir = VM_USERS_DIR): Promise<void> {
  if (!fs.existsSync(dir)) return;
  const me = path.resolve(vmDir);
  await locked(dir, () => {
    if (holderOf(dir, user.uid) === me) fs.rmSync(path.join(dir, String(user.uid)), { force: true });
  });
}
