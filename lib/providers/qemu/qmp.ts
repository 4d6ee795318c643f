// A minimal QMP client (QEMU's JSON control protocol over the VM's unix socket): one short connection per call, so
// the console holds no socket between calls and a restarted console simply connects again.
import net from 'node:net';

export type QmpReply = { return?: unknown; error?: { class: string; desc: string }; id?: string };
export type QmpMessage = QmpReply & { QMP?: unknown; event?: string };

/** Splits QMP's stream (one JSON object per line, CRLF or LF) into messages; keeps a partial line for later. */
export class QmpFramer {
  private buffer = '';

  push(chunk: string): QmpMessage[] {
    this.buffer += chunk;
    const out: QmpMessage[] = [];
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl).trim();
      this.buffer = this.buffer.slice(nl + 1);
      if (!line) continue;
      out.push(JSON.parse(line) as QmpMessage);
    }
    return out;
  }
}

export class QmpError extends Error {
  override name = 'QmpError';
}

/**
 * Connects, negotiates capabilities, runs `commands` in order and returns their results. Events are skipped.
 * Rejects with QmpError when the socket cannot be reached, a command fails, or `timeoutMs` passes.
 */
export function qmp(socketPath: string, commands: { execute: string; arguments?: Record<string, unknown> }[], timeoutMs = 5_000): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(socketPath);
    const framer = new QmpFramer();
    const results: unknown[] = [];
    // -1: waiting for the greeting; 0: waiting for qmp_capabilities; n: waiting for commands[n - 1].
    let step = -1;
    let settled = false;
    const finish = (err: Error | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err);
      else resolve(results);
    };
    const timer = setTimeout(() => finish(new QmpError(`QMP did not answer within ${timeoutMs} ms`)), timeoutMs);
    const send = (execute: string, args?: Record<string, unknown>) => sock.write(JSON.stringify(args ? { execute, arguments: args } : { execute }) + '\n');
    sock.setEncoding('utf8');
    sock.on('error', (e) => finish(new QmpError(`QMP socket: ${e.message}`)));
    sock.on('close', () => finish(step <= commands.length ? new QmpError('QMP socket closed early') : null));
    sock.on('data', (chunk: string) => {
      let messages: QmpMessage[];
      try {
        messages = framer.push(chunk);
      } catch (e) {
        return finish(new QmpError(`QMP sent malformed JSON: ${(e as Error).message}`));
      }
      for (const m of messages) {
        if (m.event) continue;
        if (step === -1) {
          if (!m.QMP) return finish(new QmpError('QMP greeting missing'));
        } else if (m.error) {
          return finish(new QmpError(`${step === 0 ? 'qmp_capabilities' : commands[step - 1]!.execute}: ${m.error.desc}`));
        } else if (step > 0) {
          results.push(m.return);
        }
        step++;
        if (step === 0) send('qmp_capabilities');
        else if (step <= commands.length) send(commands[step - 1]!.execute, commands[step - 1]!.arguments);
        else return finish(null);
      }
    });
  });
}
