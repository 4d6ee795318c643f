// The accelerator choice on this host: KVM only if a real boot under KVM reaches the guest's readiness marker in
// time (here /dev/kvm is a nested paravirtual KVM that hangs stock kernels, so TCG is expected), remembered per
// image version and QEMU binary so that the probe runs once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chooseAccel } from '@/lib/providers/qemu/accel';
import { readBuiltImage, type BuiltImage } from '@/lib/providers/qemu/images';
import { ensureTinyImage } from '../qemu';

let image: BuiltImage;
let dir: string;

beforeAll(() => {
  image = readBuiltImage('tiny', ensureTinyImage())!;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-accel-'));
}, 180_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('probes KVM with a timed boot, falls back to TCG, and remembers the answer', async () => {
  const cacheFile = path.join(dir, 'accel-probe.json');
  const t0 = Date.now();
  const first = await chooseAccel(image, { qemuBinary: 'qemu-system-x86_64', cacheFile, timeoutMs: 6_000, setting: 'auto' });
  console.log(`KVM probe: ${first.accel} (${first.detail}) in ${Date.now() - t0} ms`);
  expect(Date.now() - t0).toBeLessThan(15_000);
  if (first.accel === 'kvm') expect(first.detail).toMatch(/guest ready under KVM/);
  else expect(first.detail).toMatch(/not ready under KVM|before the guest was ready under KVM|not accessible/);
  const t1 = Date.now();
  const again = await chooseAccel(image, { qemuBinary: 'qemu-system-x86_64', cacheFile, setting: 'auto' });
  expect(again.accel).toBe(first.accel);
  expect(Date.now() - t1).toBeLessThan(500);
  expect(await chooseAccel(image, { qemuBinary: 'qemu-system-x86_64', cacheFile, setting: 'tcg' })).toMatchObject({ accel: 'tcg' });
});
