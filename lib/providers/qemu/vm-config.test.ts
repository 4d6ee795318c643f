import { describe, expect, it } from 'vitest';
import { guestReady, parseUsernet, qemuArgs, vcpusFor, vmPaths, type VmConfig } from './vm-config';

const cfg: VmConfig = {
  instanceId: 'ckvm1',
  tenantId: 't1',
  consoleId: 'default',
  hostname: 'web-1',
  memoryMib: 128,
  cpus: 2,
  diskGib: 1,
  ports: [80, 8080],
  image: { name: 'tiny', hash: 'abc', kernel: '/img/tiny-abc/vmlinuz', initrd: '/img/tiny-abc/initrd.img', baseDisk: '/img/tiny-abc/base.qcow2', kernelVersion: '6.1' },
  hasUserData: true,
};
const p = vmPaths('/var/vms', 'ckvm1');

/** The value following `flag` in an argument list (the n-th occurrence). */
const valueOf = (args: string[], flag: string, n = 0) => args.filter((_, i) => args[i - 1] === flag)[n];

describe('qemuArgs', () => {
  const args = qemuArgs(cfg, p, { accel: 'tcg' });

  it.each([
    { flag: '-accel', want: 'tcg,tb-size=32', reason: 'TCG with a bounded code cache (the default 1 GiB inflates RSS)' },
    { flag: '-m', want: '128', reason: 'guest memory from the flavor' },
    { flag: '-smp', want: '2', reason: 'vCPUs from the flavor' },
    { flag: '-netdev', want: 'user,id=n0,restrict=on,ipv6=off,hostfwd=tcp:127.0.0.2:0-:80,hostfwd=tcp:127.0.0.2:0-:8080', reason: 'guest reaches nothing outside; declared ports on the apps address, host ports chosen by QEMU' },
    { flag: '-qmp', want: 'unix:/var/vms/ckvm1/qmp.sock,server=on,wait=off', reason: 'control socket, never waits for a client' },
    { flag: '-pidfile', want: '/var/vms/ckvm1/qemu.pid', reason: 'liveness is checked from the pid file' },
    { flag: '-drive', want: 'file=/var/vms/ckvm1/disk.qcow2,if=virtio,format=qcow2,discard=unmap', reason: 'the VM’s own overlay, never the base' },
    { flag: '-kernel', want: '/img/tiny-abc/vmlinuz', reason: 'the image version recorded at create' },
  ])('$flag $want ($reason)', ({ flag, want }) => {
    expect(valueOf(args, flag)).toBe(want);
  });

  it('delivers hostname and user-data by fw_cfg, serial to a socket and a log, detached', () => {
    expect(valueOf(args, '-fw_cfg', 0)).toBe('name=opt/overcast/hostname,file=/var/vms/ckvm1/hostname');
    expect(valueOf(args, '-fw_cfg', 1)).toBe('name=opt/overcast/user-data,file=/var/vms/ckvm1/user-data');
    expect(valueOf(args, '-chardev')).toBe('socket,id=s0,path=/var/vms/ckvm1/serial.sock,server=on,wait=off,logfile=/var/vms/ckvm1/serial.log,logappend=on');
    expect(args).toContain('-daemonize');
    expect(args).toContain('-nodefaults');
    expect(args).not.toContain('-runas');
  });

  it('omits user-data when there is none, uses KVM only when asked, drops privileges when given a user', () => {
    const a = qemuArgs({ ...cfg, hasUserData: false, ports: [] }, p, { accel: 'kvm', runAs: '1900000007:1900000007' });
    expect(a.filter((x) => x === '-fw_cfg')).toHaveLength(1);
    expect(valueOf(a, '-accel')).toBe('kvm');
    expect(valueOf(a, '-netdev')).toBe('user,id=n0,restrict=on,ipv6=off');
    expect(valueOf(a, '-runas')).toBe('1900000007:1900000007');
  });

  it('boots the tiny image with its own command line and no SSH keys', () => {
    expect(valueOf(args, '-append')).toBe('console=ttyS0 quiet panic=-1');
    expect(args.join(' ')).not.toContain('opt/overcast/ssh-keys');
  });

  it('boots an image with a root filesystem on its command line, and hands it SSH keys by fw_cfg', () => {
    const debian = { ...cfg, hasUserData: false, hasSshKeys: true, ports: [22], image: { ...cfg.image, name: 'debian-12', append: 'root=/dev/vda rw console=ttyS0' } };
    const a = qemuArgs(debian, p, { accel: 'tcg' });
    expect(valueOf(a, '-append')).toBe('root=/dev/vda rw console=ttyS0');
    expect(valueOf(a, '-fw_cfg', 1)).toBe('name=opt/overcast/ssh-keys,file=/var/vms/ckvm1/authorized-keys');
    expect(valueOf(a, '-netdev')).toBe('user,id=n0,restrict=on,ipv6=off,hostfwd=tcp:127.0.0.2:0-:22');
    expect(a.filter((_, i) => a[i - 1] === '-device')).toContain('virtio-rng-pci');
  });

  it('doubles commas inside paths (QEMU option syntax)', () => {
    const a = qemuArgs(cfg, vmPaths('/data,x', 'ckvm1'), { accel: 'tcg' });
    expect(valueOf(a, '-pidfile')).toBe('/data,,x/ckvm1/qemu.pid');
  });
});

describe('vcpusFor', () => {
  it.each([
    { millis: 250, want: 1, reason: 'a fraction still gets one vCPU' },
    { millis: 1000, want: 1, reason: 'exact' },
    { millis: 1500, want: 2, reason: 'rounded up' },
    { millis: 0, want: 1, reason: 'never zero' },
  ])('$millis → $want ($reason)', ({ millis, want }) => expect(vcpusFor(millis)).toBe(want));
});

describe('guestReady', () => {
  it.each([
    { log: 'booting\nOVERCAST-READY web-1\n', offset: 0, want: true, reason: 'marker in this boot' },
    { log: 'booting\n', offset: 0, want: false, reason: 'no marker yet' },
    { log: 'OVERCAST-READY web-1\nreset\n', offset: 21, want: false, reason: 'the marker belongs to the boot before a reset' },
    { log: 'OVERCAST-READY web-1\nreset\nOVERCAST-READY web-1\n', offset: 21, want: true, reason: 'ready again after the reset' },
  ])('$reason', ({ log, offset, want }) => expect(guestReady(log, offset)).toBe(want));
});

describe('parseUsernet', () => {
  it('maps guest ports to the host ports QEMU bound on the apps address', () => {
    const text =
      'Hub -1 (n0):\r\n  Protocol[State]    FD  Source Address  Port   Dest. Address  Port RecvQ SendQ\r\n' +
      '  TCP[HOST_FORWARD]  15       127.0.0.2 40375       10.0.2.15    80     0     0\r\n' +
      '  TCP[HOST_FORWARD]  16       127.0.0.2 40377       10.0.2.15  8080     0     0\r\n' +
      '  TCP[ESTABLISHED]   30       10.0.2.15 51234       10.0.2.2  443     0     0\r\n' +
      '  TCP[HOST_FORWARD]  17         0.0.0.0 40400       10.0.2.15    22     0     0\r\n';
    expect([...parseUsernet(text)]).toEqual([
      [80, 40375],
      [8080, 40377],
    ]);
  });

  it('is empty for no forwards', () => expect(parseUsernet('Hub -1 (n0):\r\n').size).toBe(0));
});
