// The serial console's fan-out against a stand-in for QEMU's serial chardev (a unix socket server that, like QEMU's,
// serves one client): sessions share one connection, each sees the guest's output, any may type, a new session
// starts with the end of the serial log, and the connection goes when the last session leaves or the VM stops.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TerminalSession } from '@/lib/providers/types';
import { openSerialTerminal, SERIAL_SCROLLBACK_BYTES } from './serial-terminal';

let dir: string;
let server: net.Server;
let clients: net.Socket[];
let received: string;
let sock: string;
let log: string;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-serial-'));
  sock = path.join(dir, 'serial.sock');
  log = path.join(dir, 'serial.log');
  clients = [];
  received = '';
  server = net.createServer((c) => {
    clients.push(c);
    c.on('data', (d) => (received += d.toString()));
    c.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(sock, r));
});

afterEach(async () => {
  for (const c of clients) c.destroy();
  await new Promise((r) => server.close(r));
  fs.rmSync(dir, { recursive: true, force: true });
});

const live = () => clients.filter((c) => !c.destroyed && !c.readableEnded);

async function until(what: string, check: () => boolean, ms = 3_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Collects a session's output as text, in the background. */
function collect(s: TerminalSession): { text: () => string; done: Promise<void> } {
  let text = '';
  const done = (async () => {
    for await (const chunk of s.output) text += Buffer.from(chunk).toString();
  })();
  return { text: () => text, done };
}

describe('serial console sessions', () => {
  it('share one connection: output reaches every session, input from any reaches the guest', async () => {
    const a = await openSerialTerminal(sock, log);
    const b = await openSerialTerminal(sock, log);
    const outA = collect(a);
    const outB = collect(b);
    await until('one connection', () => clients.length === 1);
    clients[0]!.write('guest says hi\r\n');
    await until('both sessions see the output', () => outA.text().includes('guest says hi') && outB.text().includes('guest says hi'));
    a.write(Buffer.from('ls\r'));
    b.write(Buffer.from('uname\r'));
    await until('the guest gets both', () => received === 'ls\runame\r');
    expect(clients).toHaveLength(1);
    await a.close();
    await outA.done;
    // b still works after a left, on the same connection.
    clients[0]!.write('still here');
    await until('b still reads', () => outB.text().includes('still here'));
    expect(live()).toHaveLength(1);
    await b.close();
    await outB.done;
    await until('the connection is let go with the last session', () => live().length === 0);
    expect(await b.exitCode()).toBeNull();
  });

  it('the guest gets one answer to a terminal query however many browsers watch; everyone’s typing goes through', async () => {
    const a = await openSerialTerminal(sock, log);
    const b = await openSerialTerminal(sock, log);
    const outA = collect(a);
    const outB = collect(b);
    await until('one connection', () => clients.length === 1);
    // The guest asks for the cursor position; both browsers' terminals answer it by themselves.
    clients[0]!.write('\x1b[6n');
    await until('both see the query', () => outA.text().includes('\x1b[6n') && outB.text().includes('\x1b[6n'));
    a.write(Buffer.from('\x1b[5;1R'));
    b.write(Buffer.from('\x1b[5;3R'));
    await until('an answer', () => received.length > 0);
    await new Promise((r) => setTimeout(r, 100));
    expect(received).toBe('\x1b[5;1R');
    // b types: its keystrokes arrive, and from then on its answers are the ones the guest gets.
    b.write(Buffer.from('clear\r'));
    a.write(Buffer.from('date\r'));
    clients[0]!.write('\x1b[6n');
    b.write(Buffer.from('\x1b[1;1R'));
    a.write(Buffer.from('\x1b[9;1R'));
    await until('typing from both, then one answer', () => received.length >= '\x1b[5;1Rclear\rdate\r\x1b[1;1R'.length);
    await new Promise((r) => setTimeout(r, 100));
    expect(received).toBe('\x1b[5;1Rclear\rdate\r\x1b[9;1R');
    await a.close();
    await b.close();
    await Promise.all([outA.done, outB.done]);
  });

  it('a new session starts with the end of the serial log, from a whole line', async () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `boot line ${i}\r\n`).join('');
    fs.writeFileSync(log, `${lines}OVERCAST-READY vm\r\n`);
    const s = await openSerialTerminal(sock, log);
    const out = collect(s);
    await until('scroll-back', () => out.text().includes('OVERCAST-READY vm'));
    expect(out.text()).toMatch(/^boot line \d+\r\n/);
    expect(out.text().endsWith('boot line 999\r\nOVERCAST-READY vm\r\n')).toBe(true);
    expect(out.text().length).toBeLessThanOrEqual(SERIAL_SCROLLBACK_BYTES);
    expect(out.text().length).toBeGreaterThan(SERIAL_SCROLLBACK_BYTES - 20);
    await s.close();
    await out.done;
  });

  it('a short log is replayed whole; no log is fine', async () => {
    fs.writeFileSync(log, 'first line\r\nsecond\r\n');
    const s = await openSerialTerminal(sock, log);
    const out = collect(s);
    await until('scroll-back', () => out.text() === 'first line\r\nsecond\r\n');
    await s.close();
    const t = await openSerialTerminal(sock, path.join(dir, 'missing.log'));
    await t.close();
  });

  it('ends every session when the VM goes (the socket closes), and the next session connects afresh', async () => {
    const a = await openSerialTerminal(sock, log);
    const outA = collect(a);
    await until('connected', () => clients.length === 1);
    clients[0]!.destroy();
    await outA.done; // the output ended
    expect(a.write(Buffer.from('x'))).toBe(0);
    const b = await openSerialTerminal(sock, log);
    await until('a second connection', () => clients.length === 2);
    await b.close();
  });

  it('says so when nothing listens on the serial socket', async () => {
    await expect(openSerialTerminal(path.join(dir, 'nope.sock'), log)).rejects.toThrow(/Could not reach the VM’s serial console/);
  });
});
