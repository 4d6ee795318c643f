// Interactive shells in a container: `docker exec` of /bin/sh with a TTY, its connection hijacked for both ways.
// Docker does not end an exec when its client goes away (the shell would live on; cf. portainer/portainer#665), and
// its API can neither kill an exec nor tell its pid inside the container. So the shell first announces its own pid
// (between two RS bytes, stripped from the output here), and hanging up signals that pid's whole session with
// SIGHUP from a second exec in the container, as closing a real terminal does.
import type { Duplex } from 'node:stream';
import type Dockerode from 'dockerode';
import type { TerminalSession, TerminalSize } from '@/lib/providers/types';
import { CALL_TIMEOUT_MS, callSignal, engineError } from './client';

const SHELL = '/bin/sh';
const RS = 0x1e;
/** The announcement is short; output that does not start with it (e.g. "no /bin/sh") is passed on unchanged. */
const MAX_ANNOUNCEMENT = 24;
/** `exec` keeps the pid, so the interactive shell is the session leader whose pid was printed. */
const SHELL_COMMAND = [SHELL, '-c', `printf '\\036%s\\036' "$$"; exec ${SHELL}`];
/** Runs in the container as the container's user: SIGHUP to every process of the shell's session. */
const HANG_UP_SCRIPT =
  's=$1; for f in /proc/[0-9]*/stat; do read -r l < "$f" 2>/dev/null || continue; set -- ${l##*) }; ' +
  'if [ "$4" = "$s" ]; then p=${f#/proc/}; kill -HUP "${p%/stat}" 2>/dev/null; fi; done; :';

/** Splits the pid announcement off the start of the output; returns null until it has seen enough bytes. */
export function splitAnnouncement(head: Buffer): { pid: number | null; rest: Buffer } | null {
  if (head.length === 0) return null;
  if (head[0] !== RS) return { pid: null, rest: head };
  const end = head.indexOf(RS, 1);
  if (end < 0) return head.length > MAX_ANNOUNCEMENT ? { pid: null, rest: head } : null;
  const pid = Number(head.subarray(1, end).toString('latin1'));
  if (!Number.isInteger(pid) || pid <= 0) return { pid: null, rest: head };
  return { pid, rest: head.subarray(end + 1) };
}

/** Waits for the shell's pid announcement (or the end of a shell that could not start, or a timeout). */
function readAnnouncement(stream: Duplex, ms = CALL_TIMEOUT_MS): Promise<{ pid: number | null; rest: Buffer }> {
  return new Promise((resolve) => {
    let head = Buffer.alloc(0);
    const done = (result: { pid: number | null; rest: Buffer }) => {
      clearTimeout(timer);
      stream.off('data', onData).off('end', onEnd).off('close', onEnd);
      stream.pause(); // the output iterator takes over from here
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const split = splitAnnouncement(head);
      if (split) done(split);
    };
    const onEnd = () => done({ pid: null, rest: head });
    const timer = setTimeout(onEnd, ms);
    stream.on('data', onData).once('end', onEnd).once('close', onEnd);
  });
}

async function run(container: Dockerode.Container, cmd: string[]): Promise<void> {
  const exec = await container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true, abortSignal: callSignal() } as Dockerode.ExecCreateOptions);
  const stream = await exec.start({ abortSignal: callSignal() });
  stream.resume();
  await new Promise<void>((resolve) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', () => resolve());
  });
}

/** Starts the hijacked exec; a daemon that never answers must not hold the caller forever. */
async function startHijacked(exec: Dockerode.Exec): Promise<Duplex> {
  // Not a timeout signal: the modem keeps the signal on the request, and aborting it later would cut the session.
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new DOMException('timed out', 'TimeoutError')), CALL_TIMEOUT_MS);
  try {
    return await exec.start({ hijack: true, stdin: true, Tty: true, abortSignal: abort.signal });
  } finally {
    clearTimeout(timer);
  }
}

export async function openTerminal(container: Dockerode.Container, size: TerminalSize): Promise<TerminalSession> {
  let exec: Dockerode.Exec;
  let stream: Duplex;
  try {
    exec = await container.exec({
      Cmd: SHELL_COMMAND,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: true,
      Env: ['TERM=xterm-256color'],
      abortSignal: callSignal(),
    } as Dockerode.ExecCreateOptions);
    stream = await startHijacked(exec);
  } catch (err) {
    throw engineError('open a shell in the container', err);
  }
  // Read before the session is handed out, so that a hang-up right after opening still knows whom to signal.
  const { pid, rest } = await readAnnouncement(stream);
  let ended = false;
  let closing: Promise<void> | undefined;

  async function* output(): AsyncGenerator<Uint8Array> {
    try {
      if (rest.length) yield rest;
      for await (const chunk of stream as AsyncIterable<Buffer>) yield chunk;
    } catch (err) {
      // The socket is destroyed by close(): that is the end of the output, not a failure.
      if (!closing) throw engineError('read from the shell', err);
    } finally {
      ended = true;
    }
  }

  const session: TerminalSession = {
    output: output(),
    write(data) {
      if (!stream.destroyed && stream.writable) stream.write(data);
      return stream.writableLength;
    },
    async resize({ cols, rows }) {
      try {
        await exec.resize({ h: rows, w: cols, abortSignal: callSignal() });
      } catch (err) {
        // The shell may have just exited; a resize is never worth failing the session for.
        if (!ended) throw engineError('resize the terminal', err);
      }
    },
    close() {
      closing ??= (async () => {
        const info = await exec.inspect({ abortSignal: callSignal() } as object).catch(() => null);
        if (info?.Running && pid) await run(container, [SHELL, '-c', HANG_UP_SCRIPT, 'hangup', String(pid)]).catch(() => {});
        stream.destroy();
      })();
      return closing;
    },
    async exitCode() {
      // The exec is reported finished a moment after its output ends.
      for (let i = 0; i < 10; i++) {
        const info = await exec.inspect({ abortSignal: callSignal() } as object).catch(() => null);
        if (!info) return null;
        if (!info.Running) return info.ExitCode ?? null;
        await new Promise((r) => setTimeout(r, 100));
      }
      return null;
    },
  };
  await session.resize(size).catch(() => {}); // cosmetic; a shell that failed to start says so in its output
  return session;
}
