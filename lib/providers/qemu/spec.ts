// The QEMU driver's own fields of a VM: its guest's hostname, the SSH keys installed at first boot and the
// user-data script run once at boot. Read from the instance's stored spec (lib/instances/spec.ts validates them at
// create); the user-data is stored sealed and opens only when the VM is made.
import type { DriverInstance, SpecSource } from '@/lib/providers/types';

export type VmSpec = {
  /** The guest's hostname (the instance's name when absent). */
  hostname?: string;
  /** OpenSSH public keys installed for the image's default user at first boot (VM images with SSH). */
  sshPublicKeys?: string[];
  /** A script run once at boot by the guest (delivered offline). Opened on first read (a getter). */
  readonly userData?: string;
};

export type VmInstance = DriverInstance<VmSpec>;

export function vmSpecOf(source: SpecSource): VmSpec {
  const s = source.stored;
  let userData: string | undefined;
  let opened = false;
  return {
    hostname: typeof s.hostname === 'string' ? s.hostname : undefined,
    sshPublicKeys: Array.isArray(s.sshPublicKeys) ? s.sshPublicKeys.filter((k): k is string => typeof k === 'string') : undefined,
    get userData() {
      if (!opened) {
        userData = source.openText('userData');
        opened = true;
      }
      return userData;
    },
  };
}
