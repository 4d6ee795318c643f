// VM disk snapshots as qcow2 internal snapshots inside the VM's own overlay (disk.qcow2), tagged with the console's
// snapshot id: taken with QMP while the VM runs (blockdev-snapshot-internal-sync: the disk as it is now, like a
// power cut, without the guest's memory) and with qemu-img while it is stopped; restored only while stopped.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { EngineError, type DriverInstance, type EngineSnapshot, type SnapshotOps } from '@/lib/providers/types';
import { qmp } from './qmp';
import type { VmPaths } from './vm-config';

const run = promisify(execFile);

type QemuImgSnapshot = { name: string; 'date-sec': number; 'vm-state-size': number };
type BlockInfo = { device: string; inserted?: { file?: string } };

/** The tags a `qemu-img info --output=json` answer lists. */
export function parseSnapshots(infoJson: string): EngineSnapshot[] {
  const info = JSON.parse(infoJson) as { snapshots?: QemuImgSnapshot[] };
  return (info.snapshots ?? []).map((s) => ({ tag: s.name, at: new Date(s['date-sec'] * 1000), sizeBytes: s['vm-state-size'] }));
}

async function qemuImg(args: string[], what: string): Promise<string> {
  try {
    return (await run('qemu-img', args, { timeout: 60_000 })).stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new EngineError(`Could not ${what}: ${(e.stderr || e.message).trim().split('\n').at(-1)}`, true);
  }
}

/** Snapshot operations of the QEMU driver, given how it finds a VM's paths and whether its QEMU runs. */
export function qemuSnapshots(vm: (inst: DriverInstance) => { p: VmPaths; running: boolean }): SnapshotOps {
  async function list(inst: DriverInstance): Promise<EngineSnapshot[]> {
    const { p } = vm(inst);
    // -U: a running QEMU holds the image's lock; reading the snapshot table alongside it is safe.
    return parseSnapshots(await qemuImg(['info', '-U', '--output=json', p.disk], 'read the VM’s snapshots'));
  }

  /** The block device QEMU gave the VM's disk (found by its file, not assumed). */
  async function device(p: VmPaths): Promise<string> {
    const [blocks] = await qmp(p.qmp, [{ execute: 'query-block' }]);
    const dev = (blocks as BlockInfo[]).find((b) => b.inserted?.file === p.disk);
    if (!dev) throw new EngineError('The VM’s disk is not attached in QEMU', true);
    return dev.device;
  }

  const has = async (inst: DriverInstance, tag: string) => (await list(inst)).some((s) => s.tag === tag);

  /** Creates or deletes `tag` in the disk: through QEMU while it runs (it holds the image), else with qemu-img. */
  async function change(inst: DriverInstance, tag: string, how: { qmp: string; qemuImg: string; what: string }): Promise<void> {
    const { p, running } = vm(inst);
    if (!running) return void (await qemuImg(['snapshot', how.qemuImg, tag, p.disk], how.what));
    await qmp(p.qmp, [{ execute: how.qmp, arguments: { device: await device(p), name: tag } }], 60_000).catch((err) => {
      throw new EngineError(`Could not ${how.what}: ${(err as Error).message}`, true);
    });
  }

  return {
    list,
    async create(inst, tag) {
      if (await has(inst, tag)) return; // a retry: already taken
      await change(inst, tag, { qmp: 'blockdev-snapshot-internal-sync', qemuImg: '-c', what: 'take the snapshot' });
    },
    async restore(inst, tag) {
      const { p, running } = vm(inst);
      if (running) throw new EngineError('Stop the VM to restore a snapshot', false);
      if (!(await has(inst, tag))) throw new EngineError('The snapshot is not in the VM’s disk any more', false);
      await qemuImg(['snapshot', '-a', tag, p.disk], 'restore the snapshot');
    },
    async remove(inst, tag) {
      if (!(await has(inst, tag))) return;
      await change(inst, tag, { qmp: 'blockdev-snapshot-delete-internal-sync', qemuImg: '-d', what: 'delete the snapshot' });
    },
  };
}
