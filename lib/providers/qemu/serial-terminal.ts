// A VM's serial console as a terminal session. QEMU's serial chardev is a unix socket server that takes one client
// at a time, so this process owns one connection per VM and fans it out: every open session (a browser tab) gets
// what the guest prints, and any session's keystrokes go to the guest, but only one session's automatic terminal
// answers (to the guest's queries such as ESC[6n) do, so the guest never reads two. A session starts with the tail
// of the serial log as scroll-back. The guest's tty has a size of its own: resize does nothing.
import net from 'node:net';
import { ReplyArbiter } from './replies';
import { fileSize, readFrom } from './host';
import type { TerminalSession } from '@/lib/providers/types';

/** Scroll-back a new session starts with: the end of the serial log. */
export const SERIAL_SCROLLBACK_BYTES = 8 * 1024;
const CONNECT_TIMEOUT_MS = 5_000;

type Listener = { push(chunk: Uint8Array): void; end(): void };

/** One connection to one VM's serial socket, shared by its sessions; closed when the last session leaves. */
class SerialLine {
  private readonly listeners = new Set<Listener>();
  /** Whose automatic answers reach the guest (the last to type, else the longest connected). */
  private readonly replies = new ReplyArbiter<Listener>();
  private closed = false;

  constructor(
    readonly socket: net.Socket,
    /** Forgets this line, so that the next session connects afresh (called once it closes or is let go). */
    private readonly forget: () => void,
  ) {
    socket.on('data', (chunk: Buffer) => {
      for (const l of this.listeners) l.push(chunk);
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.closed = true;
      this.forget();
      for (const l of this.listeners) l.end();
      this.listeners.clear();
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  add(l: Listener): void {
    if (this.closed) return l.end();
    this.listeners.add(l);
    this.replies.join(l);
  }

  /** Sends `l`'s input to the guest (without its automatic answers unless `l` answers); returns the unsent backlog. */
  input(l: Listener, data: Uint8Array): number {
    const bytes = this.replies.filter(l, data);
    if (bytes.length) this.socket.write(bytes);
    return this.socket.writableLength;
  }

  remove(l: Listener): void {
    this.listeners.delete(l);
    this.replies.leave(l);
    if (this.listeners.size > 0) return;
    this.forget();
    this.socket.end();
  }
}

// On globalThis: Next may bundle this module more than once in one process, and QEMU serves one client per VM.
const registry = globalThis as typeof globalThis & { overcastSerialLines?: Map<string, Promise<SerialLine>> };
const lines = (registry.overcastSerialLines ??= new Map<string, Promise<SerialLine>>());

function connect(socketPath: string): Promise<SerialLine> {
  const existing = lines.get(socketPath);
  if (existing) return existing;
  const forget = () => {
    if (lines.get(socketPath) === opened) lines.delete(socketPath);
  };
  const opened: Promise<SerialLine> = new Promise<SerialLine>((resolve, reject) => {
    const socket = net.createConnection(socketPath);
    const timer = setTimeout(() => socket.destroy(new Error('The VM’s serial console did not answer')), CONNECT_TIMEOUT_MS);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(new SerialLine(socket, forget));
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      forget();
      reject(new Error(`Could not reach the VM’s serial console: ${err.message}`));
    });
  });
  lines.set(socketPath, opened);
  return opened;
}

/** Opens a session on the VM's serial console (`socketPath`), replaying the end of `logPath` first. */
export async function openSerialTerminal(socketPath: string, logPath: string): Promise<TerminalSession> {
  const line = await connect(socketPath);
  // Read the scroll-back and subscribe in one synchronous step, so that no live output falls in between.
  const from = Math.max(0, fileSize(logPath) - SERIAL_SCROLLBACK_BYTES);
  let scrollback = readFrom(logPath, from);
  if (from > 0) scrollback = scrollback.slice(scrollback.indexOf('\n') + 1); // from the first whole line
  const queue: Uint8Array[] = [];
  let ended = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  const listener: Listener = {
    push(chunk) {
      queue.push(chunk);
      notify();
    },
    end() {
      ended = true;
      notify();
    },
  };
  if (scrollback) queue.push(Buffer.from(scrollback, 'utf8'));
  line.add(listener);

  async function* output(): AsyncIterable<Uint8Array> {
    while (true) {
      while (queue.length) yield queue.shift()!;
      if (ended) return;
      await new Promise<void>((r) => (wake = r));
    }
  }

  return {
    output: output(),
    write(data) {
      if (ended || line.isClosed) return 0;
      return line.input(listener, data);
    },
    async resize() {
      // The guest's serial tty has no size signal; programs there see 80x24 (or what `stty` sets).
    },
    async close() {
      if (ended) return;
      line.remove(listener);
      listener.end();
    },
    async exitCode() {
      return null;
    },
  };
}
