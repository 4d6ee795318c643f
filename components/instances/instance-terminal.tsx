'use client';
// The web terminal: xterm.js in the page, a WebSocket to the console (lib/terminal/server.ts), a shell in the
// instance. Keystrokes go as binary frames, size changes as JSON; the console answers with the shell's bytes.
// xterm.js is loaded on the first Connect, so pages that never open a terminal do not download it.
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { Terminal } from '@xterm/xterm';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { isRunning, useInstance } from './instance-context';

type Phase = 'idle' | 'connecting' | 'open' | 'closed';
type View = { phase: Phase; message?: string; failed?: boolean };
type Live = { ws: WebSocket; term: Terminal; dispose(): void };

/** Why the console closed the session, by close code (see CLOSE in lib/terminal/bridge.ts). */
const CLOSED: Record<number, string> = {
  1000: 'Disconnected.',
  1001: 'The console is restarting; connect again in a moment.',
  1008: 'The console refused a message from this page; connect again.',
  1009: 'Too much input at once (a paste over 64 KiB); the session was closed.',
  1011: 'The terminal failed.',
  4001: 'Closed after a long time without input.',
  4002: 'Your sign-in has expired: sign in again to use the terminal.',
  4003: 'Your access ended (signed out, or your role in this organisation changed): the terminal was closed.',
};

const THEME = { background: '#09090b', foreground: '#f4f4f5', cursor: '#f4f4f5', selectionBackground: '#3f3f46' };

/** A refused WebSocket does not tell the page its HTTP status; a plain GET of the same address does. */
async function refusal(url: string): Promise<string> {
  try {
    const res = await fetch(url, { cache: 'no-store' });
    if (res.status === 426) return 'Could not open a WebSocket to the console (a proxy in between may not pass WebSockets).';
    const body = (await res.json()) as { title?: string };
    return body.title ?? `The console refused the terminal (${res.status}).`;
  } catch {
    return 'The console is not reachable.';
  }
}

/**
 * `serial`: the driver's terminal is a serial console (capability 'serialConsole'): one shared line to the guest,
 * with scroll-back, rather than a shell of its own.
 */
export function InstanceTerminal({ url, serial = false }: { url: string; serial?: boolean }) {
  const { data } = useInstance();
  const running = isRunning(data);
  const [view, setView] = useState<View>({ phase: 'idle' });
  const box = useRef<HTMLDivElement>(null);
  const live = useRef<Live | null>(null);
  const disconnectButton = useRef<HTMLButtonElement>(null);

  useEffect(() => () => live.current?.dispose(), []);

  async function connect() {
    // At once, so that the terminal's box is laid out before xterm.js measures it.
    flushSync(() => setView({ phase: 'connecting' }));
    live.current?.dispose();
    live.current = null;
    const [{ Terminal }, { FitAddon }] = await Promise.all([import('@xterm/xterm'), import('@xterm/addon-fit')]);
    const el = box.current;
    if (!el) return;
    el.replaceChildren();
    const term = new Terminal({
      cursorBlink: true,
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace',
      fontSize: 13,
      theme: THEME,
      scrollback: 2000,
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(el);
    fit.fit();
    // Tab belongs to the shell (completion); Shift+Tab leaves the terminal, so the keyboard is never trapped.
    term.attachCustomKeyEventHandler((e) => {
      if (e.key === 'Tab' && e.shiftKey) {
        if (e.type === 'keydown') {
          e.preventDefault();
          disconnectButton.current?.focus();
        }
        return false;
      }
      return true;
    });
    const address = new URL(`${url}?cols=${term.cols}&rows=${term.rows}`, window.location.href);
    address.protocol = address.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(address);
    ws.binaryType = 'arraybuffer';
    const enc = new TextEncoder();
    let ready = false;
    let notice: string | undefined;
    let exited = false;
    const send = (data: string | Uint8Array) => ws.readyState === WebSocket.OPEN && ws.send(data);
    const subs = [
      term.onData((d) => send(enc.encode(d))),
      term.onBinary((d) => send(Uint8Array.from(d, (c) => c.charCodeAt(0)))),
      term.onResize(({ cols, rows }) => send(JSON.stringify({ type: 'resize', cols, rows }))),
    ];
    const resize = new ResizeObserver(() => fit.fit());
    resize.observe(el);
    ws.onmessage = (e) => {
      if (typeof e.data !== 'string') return void term.write(new Uint8Array(e.data as ArrayBuffer));
      const msg = JSON.parse(e.data) as { type: string; code?: number | null; message?: string };
      if (msg.type === 'ready') {
        ready = true;
        setView({ phase: 'open' });
        term.focus();
      } else if (msg.type === 'exit') {
        exited = true;
        notice = serial ? 'The serial console closed (the VM stopped).' : `The shell exited${msg.code === null || msg.code === undefined ? '' : ` with code ${msg.code}`}.`;
      } else if (msg.type === 'error') {
        notice = msg.message;
      }
    };
    ws.onclose = async (e) => {
      if (live.current?.ws !== ws) return; // disposed, or replaced by a newer session
      term.options.disableStdin = true;
      term.options.cursorBlink = false;
      if (!ready) return setView({ phase: 'closed', failed: true, message: notice ?? (await refusal(url)) });
      const failed = !exited && !(e.code === 1000 && !notice);
      setView({ phase: 'closed', failed, message: notice ?? CLOSED[e.code] ?? 'The connection to the console was lost.' });
    };
    live.current = {
      ws,
      term,
      dispose() {
        resize.disconnect();
        for (const s of subs) s.dispose();
        ws.close(1000);
        term.dispose();
      },
    };
  }

  function disconnect() {
    live.current?.ws.close(1000);
  }

  // Only while the instance runs — or after a session, so that its last words stay readable.
  if (!running && view.phase === 'idle') return null;
  const busy = view.phase === 'connecting';
  return (
    <Card title="Terminal">
      <div className="mb-3 flex flex-wrap items-center gap-3">
        {view.phase === 'open' ? (
          <Button ref={disconnectButton} type="button" tone="secondary" onClick={disconnect}>
            Disconnect
          </Button>
        ) : running ? (
          <Button type="button" onClick={() => void connect()} disabled={busy} aria-disabled={busy}>
            {busy ? <span aria-hidden="true" className="h-3.5 w-3.5 animate-spin rounded-full border-2 border-current border-t-transparent" /> : null}
            {busy ? 'Connecting…' : view.phase === 'closed' ? 'Connect again' : 'Connect'}
          </Button>
        ) : null}
        <p role="status" data-testid="terminal-status" className={`text-sm ${view.failed ? 'text-red-700 dark:text-red-400' : 'text-zinc-600 dark:text-zinc-400'}`}>
          {view.phase === 'idle'
            ? serial
              ? 'The serial console of the VM (shared by everyone connected; press Enter for a prompt).'
              : 'A shell (/bin/sh) inside the instance.'
            : view.phase === 'connecting'
              ? serial
                ? 'Connecting to the serial console…'
                : 'Connecting to a shell…'
              : view.phase === 'open'
                ? 'Connected. Shift+Tab moves the focus out of the terminal.'
                : `${view.message}${running ? '' : ' The instance is not running.'}`}
        </p>
      </div>
      <div
        ref={box}
        data-testid="terminal"
        className={`h-80 overflow-hidden rounded-md bg-zinc-950 p-2 ${view.phase === 'idle' ? 'hidden' : ''}`}
      />
    </Card>
  );
}
