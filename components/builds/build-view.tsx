'use client';
// One build: its facts and its LIVE log. The log arrives over GET …/builds/{id}/log?follow=1 (an event stream of
// {offset, text} chunks and status changes); after a lost connection it resumes from the last offset, so no line is
// shown twice. A queued or running build can be cancelled (with a confirmation).
import { useEffect, useRef, useState } from 'react';
import { ConfirmButton } from '@/components/functions/confirm-button';
import type { BuildView as Build } from '@/lib/builds/service';
import { BuildStatus } from './build-status';
import { duration, sourceText } from './format';

type StatusEvent = { status: string; error: string | null; imageDigest: string | null };

export function BuildView({ slug, initial, canCancel }: { slug: string; initial: Build; canCancel: boolean }) {
  const api = `/api/v1/tenants/${encodeURIComponent(slug)}/builds/${initial.id}`;
  const [build, setBuild] = useState(initial);
  const [log, setLog] = useState('');
  const [connected, setConnected] = useState(true);
  const offset = useRef(0);
  const pre = useRef<HTMLPreElement>(null);
  const stick = useRef(true);
  const finished = ['succeeded', 'failed', 'cancelled'].includes(build.status);

  useEffect(() => {
    let es: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let closed = false;
    const refresh = async () => {
      const res = await fetch(api, { cache: 'no-store' }).catch(() => null);
      if (res?.ok) setBuild((await res.json()) as Build);
    };
    const open = () => {
      es = new EventSource(`${api}/log?follow=1&offset=${offset.current}`);
      es.onopen = () => setConnected(true);
      es.onmessage = (e) => {
        const data = JSON.parse(e.data) as { offset: number; text: string } | StatusEvent;
        if ('text' in data) {
          if (data.offset !== offset.current) return;
          offset.current += data.text.length;
          setLog((l) => l + data.text);
        } else {
          setBuild((b) => ({ ...b, status: data.status, error: data.error, imageDigest: data.imageDigest }));
          void refresh();
        }
      };
      es.addEventListener('end', () => {
        es?.close();
        void refresh();
      });
      es.onerror = () => {
        es?.close();
        if (closed) return;
        setConnected(false);
        retry = setTimeout(open, 1500);
      };
    };
    open();
    return () => {
      closed = true;
      clearTimeout(retry);
      es?.close();
    };
  }, [api]);

  useEffect(() => {
    if (stick.current && pre.current) pre.current.scrollTop = pre.current.scrollHeight;
  }, [log]);

  async function cancel(): Promise<string | null> {
    const res = await fetch(`${api}/cancel`, { method: 'POST' });
    if (res.ok) {
      setBuild((await res.json()) as Build);
      return null;
    }
    const p = (await res.json().catch(() => ({}))) as { title?: string };
    return p.title ?? `The console answered ${res.status}.`;
  }

  return (
    <div className="space-y-4">
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]" data-testid="build-facts">
        <dt className="text-zinc-600 dark:text-zinc-400">Status</dt>
        <dd className="flex items-center gap-3">
          <BuildStatus status={build.status} />
          {build.cancelRequested && !finished ? <span className="text-xs">cancelling…</span> : null}
        </dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Image</dt>
        <dd>
          <code className="break-all text-xs" data-testid="build-image-ref">{build.imageRef ?? build.image}</code>
        </dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Digest</dt>
        <dd>
          <code className="break-all text-xs" data-testid="build-digest">{build.imageDigest ?? '—'}</code>
        </dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Source</dt>
        <dd className="break-all">{sourceText(build)} · {build.dockerfile}</dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Started by</dt>
        <dd>{build.createdBy?.name ?? '—'}</dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Duration</dt>
        <dd>{duration(build.durationMs)}</dd>
        {build.error ? (
          <>
            <dt className="text-zinc-600 dark:text-zinc-400">Error</dt>
            <dd className="text-red-700 dark:text-red-400" data-testid="build-error">{build.error}</dd>
          </>
        ) : null}
      </dl>
      {canCancel && !finished ? (
        <ConfirmButton
          label="Cancel build"
          title={`Cancel build #${build.number}?`}
          body="The engine stops the build now; nothing is pushed. You can start it again later."
          confirmLabel="Cancel build"
          onConfirm={cancel}
        />
      ) : null}
      <section aria-labelledby="build-log-title">
        <div className="mb-1 flex items-center justify-between">
          <h2 id="build-log-title" className="text-sm font-semibold">Log</h2>
          <span className="text-xs text-zinc-600 dark:text-zinc-400" role="status">
            {finished ? 'Build ended' : connected ? 'Live' : 'Reconnecting…'}
          </span>
        </div>
        <pre
          ref={pre}
          tabIndex={0}
          aria-label="Build log"
          onScroll={(e) => {
            const el = e.currentTarget;
            stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
          }}
          className="max-h-[60vh] min-h-40 overflow-auto whitespace-pre-wrap break-all rounded-md border border-zinc-200 bg-zinc-50 p-3 font-mono text-xs text-zinc-900 dark:border-zinc-800 dark:bg-zinc-950 dark:text-zinc-100"
          data-testid="build-log"
        >
          {log || (finished ? '(no output)' : 'Waiting for the runner…')}
        </pre>
      </section>
    </div>
  );
}
