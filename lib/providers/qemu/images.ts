// The VM image catalogue: what scripts/build-vm-images.ts builds (offline, from Debian packages) and where the
// driver finds a built image. An image is a directory of read-only files shared by every VM made from it.
import fs from 'node:fs';
import path from 'node:path';

/** Printed on the serial console once the guest is configured and serving; the driver's readiness signal. */
export const READY_MARKER = 'OVERCAST-READY';

/** fw_cfg names the guest reads its per-VM configuration from (offline: no metadata server, no network). */
export const FW_CFG_HOSTNAME = 'opt/overcast/hostname';
export const FW_CFG_USER_DATA = 'opt/overcast/user-data';
/** OpenSSH authorized_keys lines for the image's default user (images with an SSH user only). */
export const FW_CFG_SSH_KEYS = 'opt/overcast/ssh-keys';

/** Kernel modules the tiny guest needs (the cloud kernel builds them as modules); their dependencies come too. */
export const TINY_MODULES = ['virtio_pci', 'virtio_net', 'virtio_blk', 'qemu_fw_cfg', 'button', 'evdev'];

/** On the VM's own disk: user-data ran (once per VM, like cloud-init's per-instance stage; delete it to run again). */
export const USER_DATA_DONE = '/data/.overcast/user-data.done';

/**
 * PID 1 of the tiny image's rc (run by busybox init): modules, network (QEMU user networking's fixed addresses),
 * hostname and user-data from fw_cfg, the disk on /data, an HTTP server on port 80, then the readiness marker.
 * User-data runs to completion before the marker (like cloud-init's final stage): a daemon it starts must be
 * backgrounded. Its output goes to /var/log/user-data.log in the guest, not to the boot log (which viewers may read:
 * user-data may hold secrets). It runs once per VM: a marker on
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
    ( /tmp/user-data; echo $? > /tmp/user-data.rc ) > /var/log/user-data.log 2>&1 < /dev/null
    echo "overcast: user-data exited with $(cat /tmp/user-data.rc) (its output: /var/log/user-data.log)"
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
  /** Size of the base disk (tiny: mounted on /data; Debian: the root filesystem, grown to the VM's disk at boot). */
  baseDiskMib: number;
  /** The smallest guest memory the image boots in (the wizard and the API refuse smaller flavors). */
  minMemoryMib: number;
  /** The default user that SSH keys are installed for; null when the image has no SSH server. */
  sshUser: string | null;
};

/** The Debian image's login user (SSH keys, sudo, the serial console's autologin). */
export const DEBIAN_USER = 'overcast';

export const VM_IMAGE_DEFINITIONS: VmImageDefinition[] = [
  {
    id: 'qemu-tiny',
    name: 'tiny',
    description: 'Debian cloud kernel with a busybox userland in memory; boots in seconds, serves HTTP on port 80.',
    defaultPorts: [80],
    baseDiskMib: 64,
    minMemoryMib: 64,
    sshUser: null,
  },
  {
    id: 'debian-12',
    name: 'debian-12',
    description: 'Debian 12 (bookworm) with systemd and OpenSSH: log in with your SSH key as “overcast” (passwordless sudo).',
    defaultPorts: [22],
    baseDiskMib: 2048,
    minMemoryMib: 256,
    sshUser: DEBIAN_USER,
  },
];

/** Where built VM images live: OVERCAST_VM_IMAGES_DIR, else <data dir>/vm-images. */
export function vmImagesDir(): string {
  return path.resolve(process.env.OVERCAST_VM_IMAGES_DIR ?? path.join(process.env.OVERCAST_DATA_DIR ?? 'data', 'vm-images'));
}

/** Where VMs' own directories (overlay disk, sockets, logs) live: OVERCAST_VM_DIR, else <data dir>/vms. */
export function vmsDir(): string {
  return path.resolve(process.env.OVERCAST_VM_DIR ?? path.join(process.env.OVERCAST_DATA_DIR ?? 'data', 'vms'));
}

/** One built version of an image: absolute paths of its read-only files. */
export type BuiltImage = {
  name: string;
  hash: string;
  kernel: string;
  initrd: string;
  baseDisk: string;
  kernelVersion: string;
  /** The kernel command line (absent: the tiny image's, which runs from its initramfs). */
  append?: string;
};

/** The tiny image's kernel command line: everything runs from the initramfs. */
export const TINY_KERNEL_APPEND = 'console=ttyS0 quiet panic=-1';

/** The manifest `<images>/<name>.json` names the current version; older versions stay for the VMs made from them. */
export function readBuiltImage(name: string, dir = vmImagesDir()): BuiltImage | null {
  try {
    const m = JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8')) as BuiltImage;
    return fs.existsSync(m.kernel) && fs.existsSync(m.initrd) && fs.existsSync(m.baseDisk) ? m : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------- the Debian image
// Built by scripts/vm-images/debian.ts; everything that goes into the guest is here, so that it is part of the
// image's content hash (a change rebuilds the image) and readable in one place.

export const DEBIAN_SUITE = 'bookworm';

/** debootstrap --variant=minbase --include=…: systemd as init, udev, OpenSSH, the cloud kernel and what boots it. */
export const DEBIAN_PACKAGES = [
  'systemd-sysv', 'udev', 'openssh-server', 'linux-image-cloud-amd64', 'initramfs-tools', 'kmod',
  'sudo', 'iproute2', 'procps', 'e2fsprogs', 'less', 'netbase',
];

/** MODULES=list: only what finds an ext4 root on a virtio disk (the cloud kernel builds these as modules). */
export const DEBIAN_INITRAMFS_MODULES = ['virtio_pci', 'virtio_blk', 'ext4'];

/** Units that slow a VM's boot and do nothing useful in it. */
export const DEBIAN_MASKED_UNITS = [
  'apt-daily.timer', 'apt-daily-upgrade.timer', 'e2scrub_all.timer', 'e2scrub_reap.service', 'fstrim.timer',
  'systemd-networkd-wait-online.service', 'getty@tty1.service', 'systemd-firstboot.service', 'systemd-logind.service',
  'systemd-hwdb-update.service', 'ldconfig.service', 'systemd-journal-catalog-update.service', 'systemd-pstore.service',
  'systemd-timesyncd.service', 'man-db.timer', 'systemd-update-utmp.service', 'systemd-update-utmp-runlevel.service',
  // The root is mounted read-write by the kernel and the image's system users exist already.
  'systemd-remount-fs.service', 'systemd-sysusers.service',
  // Gettys on virtual terminals nobody sees, and kernel interfaces a small VM does not use.
  'getty-static.service', 'modprobe@dm_mod.service', 'modprobe@loop.service', 'modprobe@fuse.service', 'modprobe@drm.service',
  'modprobe@efi_pstore.service', 'modprobe@configfs.service', 'sys-kernel-debug.mount', 'sys-kernel-tracing.mount',
  'sys-kernel-config.mount', 'sys-fs-fuse-connections.mount', 'dev-hugepages.mount', 'dpkg-db-backup.timer',
];

/** root on the virtio disk; eth0 (not a predictable name) so that the network file is simple. */
export function debianKernelAppend(): string {
  return 'root=/dev/vda rw console=ttyS0 quiet panic=-1 net.ifnames=0';
}

const FW = '/sys/firmware/qemu_fw_cfg/by_name';

/**
 * Every boot, before sshd: the network, hostname from fw_cfg, the VM's own SSH host key (first boot; the image has
 * none), the default user's authorized keys (first boot, like cloud-init: keys added inside the VM later stay).
 * Few processes on purpose: each costs a lot under TCG while the rest of the system starts.
 */
const DEBIAN_INIT = `#!/bin/sh
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
FW=${FW}
STATE=/var/lib/overcast
HOME_SSH=/home/${DEBIAN_USER}/.ssh
modprobe -a qemu_fw_cfg virtio_rng virtio_net 2>/dev/null
name=$(tr -cd 'A-Za-z0-9.-' < $FW/${FW_CFG_HOSTNAME}/raw 2>/dev/null)
[ -n "$name" ] || name=debian
echo "$name" > /proc/sys/kernel/hostname
echo "$name" > /etc/hostname
printf '127.0.0.1\\tlocalhost\\n127.0.1.1\\t%s\\n::1\\tlocalhost ip6-localhost ip6-loopback\\n' "$name" > /etc/hosts
# QEMU's user network has fixed addresses: set here, with no DHCP client and no network daemon to wait for.
echo 'nameserver 10.0.2.3' > /etc/resolv.conf
i=0; while [ ! -e /sys/class/net/eth0 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
ip -batch - <<'NET'
link set lo up
link set eth0 up
addr replace 10.0.2.15/24 dev eth0
route replace default via 10.0.2.2
NET
umask 077
[ -s /etc/ssh/ssh_host_ed25519_key ] || ssh-keygen -q -t ed25519 -N '' -C "root@$name" -f /etc/ssh/ssh_host_ed25519_key
if [ ! -e $STATE/ssh-keys.done ]; then
  mkdir -p $STATE $HOME_SSH
  [ -r $FW/${FW_CFG_SSH_KEYS}/raw ] && cat $FW/${FW_CFG_SSH_KEYS}/raw >> $HOME_SSH/authorized_keys
  chown -R ${DEBIAN_USER}:${DEBIAN_USER} $HOME_SSH
  : > $STATE/ssh-keys.done
fi
exit 0
`;

/**
 * Every boot, once sshd listens and eth0 has its address: user-data (once per VM: marked before it runs, so a crash
 * midway never runs it twice), then the readiness marker on the serial console (what the driver waits for), then
 * the root filesystem grown to the VM's disk (online; off the boot path, it takes seconds under TCG).
 */
const DEBIAN_READY = `#!/bin/sh
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
FW=${FW}
STATE=/var/lib/overcast
i=0
until grep -qs ':0016 [0-9A-F]*:0000 0A' /proc/net/tcp /proc/net/tcp6 && ip -4 -o addr show dev eth0 | grep -q inet; do
  [ $i -ge 600 ] && { echo "overcast: sshd or the network did not come up" > /dev/ttyS0; break; }
  sleep 0.1; i=$((i+1))
done
if [ -r $FW/${FW_CFG_USER_DATA}/raw ] && [ ! -e $STATE/user-data.done ]; then
  touch $STATE/user-data.done
  cp $FW/${FW_CFG_USER_DATA}/raw $STATE/user-data && chmod 700 $STATE/user-data
  echo "overcast: running user-data" > /dev/ttyS0
  $STATE/user-data > /var/log/user-data.log 2>&1 < /dev/null
  echo "overcast: user-data exited with $?" > /dev/ttyS0
fi
echo "${READY_MARKER} $(hostname)" > /dev/ttyS0
echo "overcast: SSH host key $(ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub)" > /dev/ttyS0
resize2fs /dev/vda >/dev/null 2>&1 || echo "overcast: could not grow the root filesystem" > /dev/ttyS0
`;

const unit = (lines: string[]) => lines.join('\n') + '\n';

/** Files written into the Debian root filesystem (path → content, mode). */
export const DEBIAN_GUEST_FILES: Record<string, { content: string; mode: number }> = {
  'usr/local/sbin/overcast-init': { content: DEBIAN_INIT, mode: 0o755 },
  'usr/local/sbin/overcast-ready': { content: DEBIAN_READY, mode: 0o755 },
  'etc/systemd/system/overcast-init.service': {
    mode: 0o644,
    content: unit([
      // Early (no default dependencies): it runs beside the rest of system start-up instead of after basic.target.
      '[Unit]', 'Description=Overcast: this VM\'s configuration (hostname, SSH keys) from QEMU fw_cfg', 'DefaultDependencies=no',
      'After=local-fs.target', 'Before=ssh.service serial-getty@ttyS0.service shutdown.target', 'Conflicts=shutdown.target',
      '[Service]', 'Type=oneshot', 'RemainAfterExit=yes', 'ExecStart=/usr/local/sbin/overcast-init',
      '[Install]', 'WantedBy=multi-user.target',
    ]),
  },
  'etc/systemd/system/overcast-ready.service': {
    mode: 0o644,
    content: unit([
      '[Unit]', 'Description=Overcast: user-data, then tell the console this VM is ready',
      'After=overcast-init.service ssh.service', 'Wants=ssh.service',
      '[Service]', 'Type=oneshot', 'RemainAfterExit=yes', 'TimeoutStartSec=infinity', 'ExecStart=/usr/local/sbin/overcast-ready',
      '[Install]', 'WantedBy=multi-user.target',
    ]),
  },
  'etc/ssh/sshd_config.d/overcast.conf': {
    mode: 0o644,
    content: unit(['# Keys only; one ed25519 host key made at first boot.', 'PasswordAuthentication no', 'KbdInteractiveAuthentication no', 'PermitRootLogin no', 'HostKey /etc/ssh/ssh_host_ed25519_key', 'UseDNS no']),
  },
  'etc/sudoers.d/overcast': { mode: 0o440, content: `${DEBIAN_USER} ALL=(ALL) NOPASSWD:ALL\n` },
  // The root is mounted read-write by the kernel (root=/dev/vda rw): no fstab entry, so boot does not wait for udev
  // to announce the disk again.
  'etc/fstab': { mode: 0o644, content: '# / is /dev/vda, mounted read-write by the kernel command line\n' },
  // The journal in memory: no flush to disk on the boot path (the serial console keeps the boot log).
  'etc/systemd/journald.conf.d/overcast.conf': { mode: 0o644, content: unit(['[Journal]', 'Storage=volatile', 'RuntimeMaxUse=16M']) },
  'etc/hostname': { mode: 0o644, content: 'debian\n' },
  // The browser's serial console opens a shell as the default user, as the tiny image's does as root: only members
  // of the VM's tenant reach it.
  'etc/systemd/system/serial-getty@ttyS0.service.d/autologin.conf': {
    mode: 0o644,
    content: unit(['[Service]', 'ExecStart=', `ExecStart=-/sbin/agetty --autologin ${DEBIAN_USER} --noclear --keep-baud 115200,57600,38400,9600 %I $TERM`]),
  },
};
