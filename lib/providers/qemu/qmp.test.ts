import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { qmp, QmpError, QmpFramer } from './qmp';

describe('QmpFramer', () => {
  it('splits lines (CRLF or LF), keeps a partial line for the next chunk', () => {
    const f = new QmpFramer();
    expect(f.push('{"QMP": {"version": {}}}\r\n{"ret')).toEqual([{ QMP: { version: {} } }]);
    expect(f.push('urn": {}}\n\n{"event": "POWERDOWN"}\n')).toEqual([{ return: {} }, { event: 'POWERDOWN' }]);
  });

  it('throws on malformed JSON', () => {
    expect(() => new QmpFramer().push('not json\n')).toThrow();
  });
});

describe('qmp() against a fake QEMU monitor', () => {
  const dirs: string[] = [];
  const servers: net.Server[] = [];
  afterEach(() => {
    for (const s of servers.splice(0)) s.close();
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  /** A monitor that greets, then answers each command with `answer(command)` (null: say nothing). */
  async function monitor(answer: (cmd: { execute: string }) => object | null): Promise<string> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qmp-'));
    dirs.push(dir);
    const sock = path.join(dir, 'qmp.sock');
    const server = net.createServer((c) => {
      c.write('{"QMP": {"version": {}, "capabilities": []}}\r\n');
      const f = new QmpFramer();
      c.on('data', (d) => {
        for (const cmd of f.push(d.toString()) as unknown as { execute: string }[]) {
          const a = cmd.execute === 'qmp_capabilities' ? { return: {} } : answer(cmd);
          // An event before the answer, as QEMU may send: it must be skipped.
          if (a) c.write('{"event": "RESUME", "timestamp": {}}\r\n' + JSON.stringify(a) + '\r\n');
        }
      });
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(sock, r));
    return sock;
  }

  it('negotiates capabilities and returns each command’s result in order, skipping events', async () => {
    const sock = await monitor((c) => ({ return: c.execute === 'query-status' ? { status: 'running' } : 'usernet text' }));
    expect(await qmp(sock, [{ execute: 'query-status' }, { execute: 'human-monitor-command', arguments: { 'command-line': 'info usernet' } }])).toEqual([
      { status: 'running' },
      'usernet text',
    ]);
  });

  it('rejects with the command’s error', async () => {
    const sock = await monitor(() => ({ error: { class: 'GenericError', desc: 'nope' } }));
    await expect(qmp(sock, [{ execute: 'cont' }])).rejects.toThrow(/cont: nope/);
  });

  it('times out on a monitor that never answers, and fails fast on a missing socket', async () => {
    const sock = await monitor(() => null);
    await expect(qmp(sock, [{ execute: 'query-status' }], 200)).rejects.toThrow(/did not answer within 200 ms/);
    await expect(qmp('/nonexistent/qmp.sock', [{ execute: 'query-status' }])).rejects.toBeInstanceOf(QmpError);
  });
});
