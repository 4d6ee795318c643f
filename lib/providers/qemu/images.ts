// The VM image catalogue: what scripts/build-vm-images.ts builds (offline, from Debian packages) and where the
// driver finds a built image. An image is a directory of read-only files shared by every VM made from it.
import fs from 'node:fs';
import path from 'node:path';

/** Printed on the serial console once the guest is configured and serving; the driver's readiness signal. */
export const READY_MARKER = 'OVERCAST-READY';

/** fw_cfg names the guest reads its per-VM configuration from (offline: no metadata server, no network). */
export const FW_CFG_HOSTNAME = 'opt/overcast/hostname';
export const FW_CFG_USER_DATA = 'opt/overcast/user-data';

/** Kernel modules the tiny guest needs (the cloud kernel builds them as modules); their dependencies come too. */
export const TINY_MODULES = ['virtio_pci', 'virtio_net', 'virtio_blk', 'qemu_fw_cfg', 'button', 'evdev'];

/** On the VM's own disk: user-data ran (once per VM, like cloud-init's per-instance stage; delete it to run again). */
export const USER_DATA_DONE = '/data/.overcast/user-data.done';

/**
 * PID 1 of the tiny image's rc (run by busybox init): modules, network (QEMU user networking's fixed addresses),
 * hostname and user-data from fw_cfg, the disk on /data, an HTTP server on port 80, then the readiness marker.
 * User-data runs to completion before the marker (like cloud-init's final stage): a daemon it starts must be
 * backgrounded. Its output goes to the serial console and /var/log/user-data.log. It runs once per VM: a marker on
 * the VM's disk (/data) keeps it from running at later boots.
 */
export const TINY_RC = `#!/bin/sh
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /tmp /var/log /data /www
mount -t devpts devpts /dev/pts
mount -t tmpfs -o mode=1777 tmpfs /tmp
for m in $(cat /etc/modules); do insmod /lib/modules/$m || echo "overcast: could not load $m"; done
FW=/sys/firmware/qemu_fw_cfg/by_name
i=0; while [ ! -e $FW/${FW_CFG_HOSTNAME}/raw ] && [ $i -lt 20 ]; do sleep 0.1; i=$((i+1)); done
if [ -e $FW/${FW_CFG_HOSTNAME}/raw ]; then hostname "$(cat $FW/${FW_CFG_HOSTNAME}/raw)"; else hostname tiny; fi
hostname > /etc/hostname
echo "127.0.0.1 localhost $(hostname)" > /etc/hosts
ip link set lo up
i=0; while [ ! -e /sys/class/net/eth0 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
ip link set eth0 up
ip addr add 10.0.2.15/24 dev eth0
ip route add default via 10.0.2.2
echo "nameserver 10.0.2.3" > /etc/resolv.conf
if [ -b /dev/vda ]; then mount -t ext4 /dev/vda /data 2>/dev/null || echo "overcast: /dev/vda could not be mounted"; fi
acpid
echo "<h1>$(hostname)</h1><p>A tiny Overcast VM.</p>" > /www/index.html
httpd -p 80 -h /www
if [ -e $FW/${FW_CFG_USER_DATA}/raw ]; then
  if [ -e ${USER_DATA_DONE} ]; then
    echo "overcast: user-data already ran at the first boot ($(cat ${USER_DATA_DONE}))"
  else
    cp $FW/${FW_CFG_USER_DATA}/raw /tmp/user-data && chmod 700 /tmp/user-data
    echo "overcast: running user-data"
    ( /tmp/user-data; echo $? > /tmp/user-data.rc ) 2>&1 | tee /var/log/user-data.log
    echo "overcast: user-data exited with $(cat /tmp/user-data.rc)"
    if grep -q ' /data ' /proc/mounts; then
      mkdir -p /data/.overcast && echo "exit $(cat /tmp/user-data.rc), $(date -u)" > ${USER_DATA_DONE} && sync
    else
      echo "overcast: no disk: user-data will run again at the next boot"
    fi
  fi
fi
echo "${READY_MARKER} $(hostname)"
`;

export const TINY_INITTAB = `::sysinit:/etc/rc
ttyS0::respawn:/bin/cttyhack /bin/sh -l
::shutdown:/bin/sh -c 'umount /data 2>/dev/null; sync'
`;

/** busybox acpid runs /etc/acpi/PWRF/00000080 on the ACPI power button (QMP system_powerdown). */
export const TINY_POWER_BUTTON = `#!/bin/sh
poweroff
`;

export type VmImageDefinition = {
  /** Catalogue id (Image.id), and Image.ref: the name of its directory under the images directory. */
  id: string;
  name: string;
  description: string;
  defaultPorts: number[];
  /** Size of the base disk (its filesystem is mounted on /data). */
  baseDiskMib: number;
};

export const VM_IMAGE_DEFINITIONS: VmImageDefinition[] = [
  {
    id: 'qemu-tiny',
    name: 'tiny',
    description: 'Debian cloud kernel with a busybox userland in memory; boots in seconds, serves HTTP on port 80.',
    defaultPorts: [80],
    baseDiskMib: 64,
  },
];

/** Where built VM images live: OVERCAST_VM_IMAGES_DIR, else <data dir>/vm-images. */
export function vmImagesDir(): string {
  return path.resolve(process.env.OVERCAST_VM_IMAGES_DIR ?? path.join(process.env.OVERCAST_DATA_DIR ?? 'data', 'vm-images'));
}

/** One built version of an image: absolute paths of its read-only files. */
export type BuiltImage = { name: string; hash: string; kernel: string; initrd: string; baseDisk: string; kernelVersion: string };

/** The manifest `<images>/<name>.json` names the current version; older versions stay for the VMs made from them. */
export function readBuiltImage(name: string, dir = vmImagesDir()): BuiltImage | null {
  try {
    const m = JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8')) as BuiltImage;
    return fs.existsSync(m.kernel) && fs.existsSync(m.initrd) && fs.existsSync(m.baseDisk) ? m : null;
  } catch {
    return null;
  }
}
