// The pure parts of the QEMU driver: a VM's recorded configuration, its deterministic paths, the QEMU command line,
// and how the serial log and QEMU's user-network table are read. No I/O here, so all of it is unit-tested.
import path from 'node:path';
import { env } from '@/lib/env';
import { READY_MARKER, FW_CFG_HOSTNAME, FW_CFG_SSH_KEYS, FW_CFG_USER_DATA, TINY_KERNEL_APPEND, type BuiltImage } from './images';

/** What create() records in the VM's directory: enough to boot it again, and to know whose it is after a restart. */
export type VmConfig = {
  instanceId: string;
  tenantId: string;
  consoleId: string;
  hostname: string;
  memoryMib: number;
  cpus: number;
  diskGib: number;
  /** Guest TCP ports forwarded from the apps address (host ports chosen by QEMU at each start). */
  ports: number[];
  /** The image version the overlay was made on: a rebuilt image never changes an existing VM's base. */
  image: BuiltImage;
  hasUserData: boolean;
  /** Whether authorized keys for the image's SSH user were given (absent in VMs made before keys existed). */
  hasSshKeys?: boolean;
  /**
   * The uid/gid of the VM's own that its QEMU runs as (vm-users.ts), when the console runs as root; kept across
   * restarts, freed on delete. Absent in VMs made before VMs had users of their own (they get one at their next start).
   */
  user?: { uid: number; gid: number };
};

export type Accel = 'tcg' | 'kvm';

/** Every file of one VM, named by its instance id, so a retry after a crash finds the same VM. */
export function vmPaths(vmsDir: string, instanceId: string) {
  const dir = path.join(vmsDir, instanceId);
  return {
    dir,
    config: path.join(dir, 'config.json'),
    disk: path.join(dir, 'disk.qcow2'),
    pid: path.join(dir, 'qemu.pid'),
    qmp: path.join(dir, 'qmp.sock'),
    serial: path.join(dir, 'serial.sock'),
    serialLog: path.join(dir, 'serial.log'),
    hostname: path.join(dir, 'hostname'),
    userData: path.join(dir, 'user-data'),
    sshKeys: path.join(dir, 'authorized-keys'),
    /** Byte offset in serial.log where the current boot begins (a reset keeps the log of the previous one). */
    bootOffset: path.join(dir, 'boot-offset'),
    /** Present while a stop was asked for: the process ending is then expected, not a crash. */
    stopRequested: path.join(dir, 'stop-requested'),
    qemuErr: path.join(dir, 'qemu.err'),
  };
}
export type VmPaths = ReturnType<typeof vmPaths>;

/** Unix socket paths are limited to 107 bytes on Linux. */
export const MAX_SOCKET_PATH = 107;

/** vCPUs for a flavor's thousandths of a CPU: at least one, rounded up. */
export function vcpusFor(cpuMillis: number): number {
  return Math.max(1, Math.ceil(cpuMillis / 1000));
}

/** QEMU's option syntax doubles a comma inside a value. */
function opt(value: string): string {
  return value.replace(/,/g, ',,');
}

/** The full QEMU command line of a VM (without the binary). */
export function qemuArgs(cfg: VmConfig, p: VmPaths, o: { accel: Accel; runAs?: string; dataDisks?: { file: string; readOnly: boolean }[] }): string[] {
  const hostfwd = cfg.ports.map((port) => `,hostfwd=tcp:${env().OVERCAST_APPS_HOST}:0-:${port}`).join('');
  const args = [
    '-name', opt(`overcast-${cfg.instanceId}`),
    '-nodefaults', '-no-user-config',
    '-M', 'pc',
    // TCG with a bounded code cache (the default 1 GiB cache inflates each VM's RSS); KVM only when probed working.
    '-accel', o.accel === 'kvm' ? 'kvm' : 'tcg,tb-size=32',
    '-m', String(cfg.memoryMib),
    '-smp', String(cfg.cpus),
    '-display', 'none', '-vga', 'none',
    '-kernel', opt(cfg.image.kernel),
    '-initrd', opt(cfg.image.initrd),
    '-append', cfg.image.append ?? TINY_KERNEL_APPEND,
    // (Neither -no-reboot nor -no-shutdown: a guest power-off ends the process, a guest reboot reboots in place.)
    '-drive', `file=${opt(p.disk)},if=virtio,format=qcow2,discard=unmap`,
    // Attached volumes (raw ext4 image files of the volume store): the guest's /dev/vdb, /dev/vdc … in this order.
    ...(o.dataDisks ?? []).flatMap((d) => ['-drive', `file=${opt(d.file)},if=virtio,format=raw,discard=unmap${d.readOnly ? ',readonly=on' : ''}`]),
    // restrict=on: the guest reaches nothing outside (without it, 10.0.2.2:P is the host's 127.0.0.1:P — the console,
    // every tenant's forwarded ports — and any other address is reached from the host); hostfwd still works. No IPv6:
    // a restricted guest has no use for it, and it is slirp code a guest could otherwise exercise.
    '-netdev', `user,id=n0,restrict=on,ipv6=off${hostfwd}`,
    '-device', 'virtio-net-pci,netdev=n0',
    // Entropy from the host: without it a guest's first getrandom() (e.g. making its SSH host key) waits seconds under TCG.
    '-device', 'virtio-rng-pci',
    '-fw_cfg', `name=${FW_CFG_HOSTNAME},file=${opt(p.hostname)}`,
    ...(cfg.hasUserData ? ['-fw_cfg', `name=${FW_CFG_USER_DATA},file=${opt(p.userData)}`] : []),
    ...(cfg.hasSshKeys ? ['-fw_cfg', `name=${FW_CFG_SSH_KEYS},file=${opt(p.sshKeys)}`] : []),
    '-chardev', `socket,id=s0,path=${opt(p.serial)},server=on,wait=off,logfile=${opt(p.serialLog)},logappend=on`,
    '-serial', 'chardev:s0',
    '-qmp', `unix:${opt(p.qmp)},server=on,wait=off`,
    // No new processes, no obsolete syscalls; privileges are dropped to runAs (the VM's own `uid:gid`) after start-up,
    // once the disk, sockets and logs are open, when run as root.
    '-sandbox', 'on,obsolete=deny,resourcecontrol=deny',
    ...(o.runAs ? ['-runas', o.runAs] : []),
    '-daemonize', '-pidfile', opt(p.pid),
  ];
  return args;
}

/** Whether the guest printed its readiness marker in the current boot (the log from `offset` on). */
export function guestReady(serialLog: string, offset = 0): boolean {
  return serialLog.slice(offset).includes(READY_MARKER);
}

/** Guest port → host port, from QMP's `info usernet` (the host ports QEMU bound for hostfwd=…:0-:PORT). */
export function parseUsernet(text: string, bindHost = env().OVERCAST_APPS_HOST): Map<number, number> {
  const out = new Map<number, number>();
  for (const line of text.split(/\r?\n/)) {
    const m = /TCP\[HOST_FORWARD\]\s+\d+\s+(\S+)\s+(\d+)\s+\S+\s+(\d+)/.exec(line);
    if (m && m[1] === bindHost) out.set(Number(m[3]), Number(m[2]));
  }
  return out;
}
