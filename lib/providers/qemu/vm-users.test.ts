// The host-wide registry of VM users: distinct uids, the same one again at a restart, freed on delete, left-over
// claims taken back, a create in progress keeping its claim, and no duplicates when many VMs claim at once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimVmUser, releaseVmUser, VM_UID_BASE } from './vm-users';

let root: string;
let registry: string;

function vmDir(name: string, uid?: number): string {
  const dir = path.join(root, 'vms', name);
  fs.mkdirSync(dir, { recursive: true });
  if (uid !== undefined) fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ user: { uid, gid: uid } }));
  return dir;
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'vm-users-'));
  registry = path.join(root, 'registry');
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('VM users', () => {
  it('gives two VMs different uids from the range, each with a group of the same number', async () => {
    const a = await claimVmUser(vmDir('a'), undefined, registry);
    const b = await claimVmUser(vmDir('b'), undefined, registry);
    expect(a).toEqual({ uid: VM_UID_BASE, gid: VM_UID_BASE });
    expect(b.uid).not.toBe(a.uid);
    expect(b.uid).toBeGreaterThan(VM_UID_BASE);
    expect(fs.readFileSync(path.join(registry, String(a.uid)), 'utf8')).toBe(path.resolve(root, 'vms', 'a'));
  });

  it('gives a VM its recorded uid again at a restart, and never another VM’s', async () => {
    const a = await claimVmUser(vmDir('a'), undefined, registry);
    vmDir('a', a.uid);
    expect(await claimVmUser(vmDir('a'), a, registry)).toEqual(a);
    // A VM whose config claims to be a's user (a copied directory, a bad edit) gets one of its own.
    const b = await claimVmUser(vmDir('b'), a, registry);
    expect(b.uid).not.toBe(a.uid);
  });

  it('frees the uid on delete (only the VM that holds it can), and takes back a deleted VM’s left-over claim', async () => {
    const a = await claimVmUser(vmDir('a'), undefined, registry);
    vmDir('a', a.uid);
    await releaseVmUser(vmDir('b'), a, registry); // not b's
    expect(fs.existsSync(path.join(registry, String(a.uid)))).toBe(true);
    await releaseVmUser(vmDir('a'), a, registry);
    expect(fs.existsSync(path.join(registry, String(a.uid)))).toBe(false);

    const c = await claimVmUser(vmDir('c'), undefined, registry);
    vmDir('c', c.uid);
    fs.rmSync(path.join(root, 'vms', 'c'), { recursive: true }); // removed without freeing its user (a killed test)
    const d = await claimVmUser(vmDir('d'), { uid: c.uid, gid: c.gid }, registry);
    expect(d.uid).toBe(c.uid);
  });

  it('keeps the claim of a VM being created (no config.json yet) or not yet recorded in its config', async () => {
    const a = await claimVmUser(vmDir('a'), undefined, registry);
    const b = await claimVmUser(vmDir('b'), a, registry);
    expect(b.uid).not.toBe(a.uid);
    fs.writeFileSync(path.join(root, 'vms', 'a', 'config.json'), JSON.stringify({ instanceId: 'a' }));
    expect((await claimVmUser(vmDir('c'), a, registry)).uid).not.toBe(a.uid);
  });

  it('gives a VM that never recorded its uid (a crash before config.json) the one it claimed, not a second', async () => {
    const a = await claimVmUser(vmDir('a'), undefined, registry);
    await claimVmUser(vmDir('b'), undefined, registry);
    expect(await claimVmUser(vmDir('a'), undefined, registry)).toEqual(a);
    expect(fs.readdirSync(registry).filter((n) => n !== '.lock')).toHaveLength(2);
  });

  it('never gives one uid twice when many VMs claim at once', async () => {
    const users = await Promise.all(Array.from({ length: 30 }, (_, i) => claimVmUser(vmDir(`v${i}`), undefined, registry)));
    expect(new Set(users.map((u) => u.uid)).size).toBe(30);
    expect(fs.existsSync(path.join(registry, '.lock'))).toBe(false);
  });
});
