// The QEMU driver's serial console (terminal(), lib/providers/qemu/serial-terminal.ts) on a real tiny VM: two
// sessions at once on QEMU's one-client serial socket, each reading what the guest answers to the other's command,
// scroll-back from the serial log, a fresh connection after the last session left, the hostname given apart from
// the instance's name, and a clear refusal once the VM no longer runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QemuDriver } from '@/lib/providers/qemu/driver';
import { capabilitiesOf, type TerminalSession } from '@/lib/providers/types';
import { waitFor } from '../docker';
import { ensureTinyImage, killAllVms, tempVmsDir, vmInstance } from '../qemu';

const CONSOLE = `it-qemu-serial-${process.pid}`;
let vmsDir: string;
let driver: QemuDriver;
const inst = vmInstance({ name: 'serial-one', spec: { hostname: 'serial-guest' }, ports: [] });

/** A session's output as text, collected in the background. */
function collect(s: TerminalSession): () => string {
  let text = '';
  void (async () => {
    for await (const chunk of s.output) text += Buffer.from(chunk).toString();
  })();
  return () => text;
}

beforeAll(async () => {
  process.env.OVERCAST_CONSOLE_ID = CONSOLE;
  const imagesDir = ensureTinyImage();
  vmsDir = tempVmsDir();
  driver = new QemuDriver({ vmsDir, imagesDir, stopTimeoutMs: 10_000 });
  await driver.create(inst);
  await driver.start(inst);
  await waitFor('the guest ready', async () => {
    const o = await driver.observe(inst);
    return o.exists && o.status === 'running';
  }, 150_000);
}, 180_000);

afterAll(() => killAllVms(vmsDir));

describe('the serial console of a running VM', () => {
  it('declares the terminal and serial console capabilities', () => {
    expect(capabilitiesOf(driver)).toEqual(expect.arrayContaining(['terminal', 'serialConsole']));
  });

  it('serves two sessions at once on the one serial connection, with the boot log as scroll-back', async () => {
    const a = await driver.terminal(inst);
    const b = await driver.terminal(inst);
    const outA = collect(a);
    const outB = collect(b);
    await waitFor('scroll-back with the readiness marker', async () => outA().includes('OVERCAST-READY serial-guest'), 5_000);
    expect(outB()).toContain('OVERCAST-READY serial-guest');
    a.write(Buffer.from('\r'));
    b.write(Buffer.from('echo both-$((20+22)); hostname\r'));
    for (const out of [outA, outB]) await waitFor('the answer in both sessions', async () => /both-42\s+serial-guest/.test(out()), 15_000);
    await b.resize({ cols: 120, rows: 40 }); // a no-op, but accepted
    await a.close();
    await b.close();
    expect(await a.exitCode()).toBeNull();

    // The connection was let go: QEMU accepts the next one.
    const c = await driver.terminal(inst);
    const outC = collect(c);
    c.write(Buffer.from('echo again-$((1+1))\r'));
    await waitFor('a new session answers', async () => outC().includes('again-2'), 15_000);
    await c.close();
  });

  it('ends the sessions when the VM stops, and refuses a new one while it is stopped', async () => {
    const s = await driver.terminal(inst);
    let ended = false;
    void (async () => {
      for await (const chunk of s.output) void chunk;
      ended = true;
    })();
    await driver.stop(inst);
    await waitFor('the session ended with the VM', async () => ended, 10_000);
    await expect(driver.terminal(inst)).rejects.toThrow(/not running/);
    await driver.remove(inst);
  });
});
